"""Referrals in: a man referred to the programme, and each decision on it."""

import uuid
from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organisation, PublicHoliday, TenantQuerySet, User
from accounts.roles import CASE_ROLES
from participants.models import Participant, StatusChange
from referrals.models.agency import Agency
from referrals.working_days import add_working_days, screening_cutoff

# Roles that work with men's cases and may see the whole organisation's referrals.


class ReferralQuerySet(TenantQuerySet):
    def visible_to(self, user):
        """Referrals in: the organisation's for caseworkers and managers; for
        facilitators only those of men in their groups; nobody else."""
        mine = self.in_organisation_of(user)
        if user.role in CASE_ROLES:
            return mine
        if user.role == User.Role.FACILITATOR:
            return mine.filter(
                participant__in=Participant.objects.visible_to(user).values("pk")
            )
        return self.none()

    def open(self):
        """Awaiting a decision: received, or being screened."""
        return self.filter(status__in=Referral.OPEN)

    def _overdue_condition(self, today: date) -> Q:
        # One cut-off per organisation: its screening limit counted in working
        # days that skip its own public holidays. Two small queries, and one date
        # comparison per organisation in SQL.
        holidays = defaultdict(set)
        for org_id, day in PublicHoliday.objects.values_list("organisation_id", "date"):
            holidays[org_id].add(day)
        condition = Q(pk__in=[])
        for org_id, days in Organisation.objects.order_by().values_list(
            "pk", "referral_screening_days"
        ):
            condition |= Q(
                organisation_id=org_id,
                received_on__lt=screening_cutoff(today, days, holidays[org_id]),
            )
        return Q(status__in=Referral.OPEN) & condition

    def overdue(self, today: date):
        """Open referrals not screened within their organisation's working days."""
        return self.filter(self._overdue_condition(today))

    def with_overdue(self, today: date):
        """Annotate `is_overdue` for the inbox's marker."""
        return self.annotate(
            is_overdue=Case(
                When(self._overdue_condition(today), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def funnel_counts(self, *group_by: str):
        """Received, accepted, started and completed, counted in SQL per group.

        Started (he became active) and completed are read from his lifecycle
        history, and from his current status for cases whose history began there.
        """
        moves = StatusChange.objects.filter(participant_id=OuterRef("participant_id"))
        started = Q(Exists(moves.filter(to_status=Participant.Status.ACTIVE))) | Q(
            participant__status__in=[
                Participant.Status.ACTIVE,
                Participant.Status.SUSPENDED,
                Participant.Status.COMPLETED,
            ]
        )
        completed = Q(Exists(moves.filter(to_status=Participant.Status.COMPLETED))) | Q(
            participant__status=Participant.Status.COMPLETED
        )
        accepted = Q(status=Referral.Status.ACCEPTED)
        return (
            self.order_by()
            .values(*group_by)
            .annotate(
                received=Count("pk"),
                accepted=Count("pk", filter=accepted),
                started=Count("pk", filter=accepted & started),
                completed=Count("pk", filter=accepted & completed),
            )
            .order_by(*group_by)
        )


class Referral(models.Model):
    """A referral of a man to the programme, from an agency or from himself."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        SCREENING = "screening", _("Screening")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Mandate(models.TextChoices):
        COURT_MANDATED = "court_mandated", _("Court-mandated")
        VOLUNTARY = "voluntary", _("Voluntary")

    OPEN = (Status.RECEIVED, Status.SCREENING)
    DECIDED = (Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals"
    )
    # The source: an agency, or the man himself (exactly one, see constraints).
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("agency"),
    )
    is_self_referral = models.BooleanField(_("self-referral"), default=False)
    referrer_name = models.CharField(_("referrer's name"), max_length=200, blank=True)
    referrer_role = models.CharField(_("referrer's role"), max_length=200, blank=True)
    referrer_contact = models.CharField(
        _("referrer's contact details"), max_length=200, blank=True
    )
    received_on = models.DateField(_("received on"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("received by"),
    )
    reason = models.TextField(_("reason for the referral"))
    mandate = models.CharField(
        _("mandate"), max_length=20, choices=Mandate.choices, default=Mandate.VOLUNTARY
    )
    # What the referral tells of the man; copied into his case on acceptance.
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True)
    language = models.CharField(_("language"), max_length=60, default="English")
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    # Free text, never a partner record: partner work starts in partner_contact.
    partner_known = models.TextField(
        _("what is known of the partner"),
        blank=True,
        help_text=_(
            "Only what the referrer told us. Her details go to the "
            "partner-support worker, not here."
        ),
    )
    children_known = models.TextField(_("what is known of the children"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.RECEIVED,
        db_index=True,
    )
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    # Set when retention erased the person: the row stays, blanked, so that
    # reports of past periods keep their counts (docs/decisions/0009).
    is_anonymised = models.BooleanField(_("anonymised"), default=False, editable=False)
    # A man may be referred again: a re-referral is accepted onto his open case
    # (Participant.referrals), never into a second one.
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("participant"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-received_on", "-created_at"]
        permissions = [
            (
                "view_referral_funnel",
                "See the referral funnel (received, accepted, started, completed)",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False, is_self_referral=False)
                | Q(agency__isnull=True, is_self_referral=True),
                name="referral_has_one_source",
            ),
            # The man's case exists exactly when the referral was accepted.
            models.CheckConstraint(
                condition=Q(status="accepted", participant__isnull=False)
                | (~Q(status="accepted") & Q(participant__isnull=True)),
                name="accepted_referral_has_participant",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "received_on"]),
            models.Index(fields=["organisation", "received_on"]),
        ]

    def __str__(self):
        return gettext("Referral of %(name)s on %(date)s") % {
            "name": self.full_name,
            "date": date_format(self.received_on, "DATE_FORMAT"),
        }

    def get_absolute_url(self):
        return reverse("referrals:referral_detail", args=[self.uuid])

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def source_display(self):
        return _("Self-referral") if self.is_self_referral else str(self.agency)

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def screening_due_on(self) -> date:
        return add_working_days(
            self.received_on, self.organisation.referral_screening_days
        )

    def is_overdue_on(self, today: date) -> bool:
        return self.is_open and today > self.screening_due_on

    def possible_cases(self, user, *, reference: str = ""):
        """The men the user may see who may be this referral's man: the intake
        search (name, date of birth, phone) and, if given, a case reference."""
        return (
            Participant.objects.visible_to(user)
            .filter(organisation_id=self.organisation_id)
            .possible_duplicates(
                first_name=self.first_name,
                last_name=self.last_name,
                dob=self.date_of_birth,
                phone=self.phone,
                reference=reference,
            )
            .select_related("caseworker")
            .order_by("last_name", "first_name", "pk")
        )

    def mark_screening(self, *, on: date):
        self.status = self.Status.SCREENING
        self.status_changed_on = on

    def mark_accepted(self, *, participant: Participant, on: date):
        self.status = self.Status.ACCEPTED
        self.participant = participant
        self.status_changed_on = on

    def mark_declined(self, *, on: date):
        self.status = self.Status.DECLINED
        self.status_changed_on = on

    def mark_withdrawn(self, *, on: date):
        self.status = self.Status.WITHDRAWN
        self.status_changed_on = on


class ReferralDecisionQuerySet(TenantQuerySet):
    def visible_to(self, user):
        return self.filter(referral__in=Referral.objects.visible_to(user).values("pk"))


class ReferralDecision(models.Model):
    """One move of a referral through its workflow: when, by whom and why."""

    class Reason(models.TextChoices):
        # Screening and receipt carry no decision reason.
        NONE = "", "—"
        # Accepting.
        MEETS_CRITERIA = "meets_criteria", _("Meets the programme's criteria")
        COURT_ORDER = "court_order", _("Required by a court order")
        ACCEPTED_AFTER_DISCUSSION = (
            "accepted_after_discussion",
            _("Accepted after discussion with the referrer"),
        )
        # Declining.
        NOT_ELIGIBLE = "not_eligible", _("Outside the programme's criteria")
        OUT_OF_AREA = "out_of_area", _("Lives outside the area served")
        RISK_TOO_HIGH = "risk_too_high", _("Risk too high for this programme")
        DENIES_ABUSE = "denies_abuse", _("Denies any abuse")
        NEEDS_OTHER_SERVICE = (
            "needs_other_service",
            _("Needs another service first (e.g. substance use, mental health)"),
        )
        ALREADY_KNOWN = "already_known", _("Already on the programme")
        # Withdrawing.
        REFERRER_WITHDREW = "referrer_withdrew", _("The referrer withdrew it")
        MAN_DECLINED = "man_declined", _("He declined to take part")
        NO_CONTACT = "no_contact", _("He could not be contacted")
        MOVED_AWAY = "moved_away", _("He moved away")
        IN_CUSTODY = "in_custody", _("He is in custody")
        DUPLICATE = "duplicate", _("Duplicate referral")
        OTHER = "other", _("Other (say why in the note)")

    REASONS_FOR = {
        Referral.Status.ACCEPTED: [
            Reason.MEETS_CRITERIA,
            Reason.COURT_ORDER,
            Reason.ACCEPTED_AFTER_DISCUSSION,
            Reason.OTHER,
        ],
        Referral.Status.DECLINED: [
            Reason.NOT_ELIGIBLE,
            Reason.OUT_OF_AREA,
            Reason.RISK_TOO_HIGH,
            Reason.DENIES_ABUSE,
            Reason.NEEDS_OTHER_SERVICE,
            Reason.ALREADY_KNOWN,
            Reason.OTHER,
        ],
        Referral.Status.WITHDRAWN: [
            Reason.REFERRER_WITHDREW,
            Reason.MAN_DECLINED,
            Reason.NO_CONTACT,
            Reason.MOVED_AWAY,
            Reason.IN_CUSTODY,
            Reason.DUPLICATE,
            Reason.OTHER,
        ],
    }

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="decisions"
    )
    from_status = models.CharField(
        max_length=12, choices=Referral.Status.choices, blank=True
    )
    to_status = models.CharField(max_length=12, choices=Referral.Status.choices)
    decided_on = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(
        max_length=30, choices=Reason.choices, blank=True, default=""
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # An append-only history itself: rows are never changed, so no audit table.
    objects = ReferralDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral decision")
        verbose_name_plural = _("referral decisions")
        ordering = ["decided_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(to_status__in=["accepted", "declined", "withdrawn"])
                | ~Q(reason=""),
                name="referral_decision_has_reason",
            )
        ]
        indexes = [models.Index(fields=["referral", "created_at"])]

    def __str__(self):
        return f"{self.referral_id}: {self.from_status or '-'} -> {self.to_status}"
