import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Replace
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _  # child_orders
from simple_history.models import HistoricalRecords

from accounts.choices import label_of
from accounts.models import Organisation, TenantQuerySet, User
from accounts.roles import CASE_ROLES
from participants import lifecycle
from participants.lifecycle import Status
from participants.restriction import ProcessingRestriction


class RiskLevel(models.TextChoices):
    """A man's assessed level of risk; "not assessed" until his first assessment."""

    NOT_ASSESSED = "none", _("Not assessed")
    STANDARD = "standard", _("Standard")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


def reverse_related(related_name: str) -> models.QuerySet:
    """Every row of a higher app's model that points at a man through the reverse
    name `related_name` (a contract listed in docs/architecture.md).

    Participants sits below programmes, partner_contact and risk and never imports
    them (docs/decisions/0006-layers.md); this reaches their model through the
    relation instead, so that a lookup across layers calls a named QuerySet method
    of the app that owns the relation rather than spelling out its fields.
    """
    return Participant._meta.get_field(related_name).related_model.objects.all()


class ParticipantQuerySet(TenantQuerySet):
    def visible_to(self, user):
        """The men a user may see: the one scoping entry point for participants.

        Caseworkers and managers see their organisation's men; facilitators only
        men enrolled in a group they facilitate; partner-support workers only men
        linked to a partner (and only as a summary, which their views enforce);
        organisation administrators none.
        """
        mine = self.in_organisation_of(user)
        if user.role in CASE_ROLES:
            return mine
        # Enrolment and Relationship live in higher apps (programmes,
        # partner_contact): reached through their documented reverse names.
        if user.role == User.Role.FACILITATOR:
            places = reverse_related("enrolments").facilitated_by(user)
            return mine.filter(pk__in=places.values("participant_id"))
        if user.role == User.Role.PARTNER_SUPPORT:
            linked = reverse_related("partner_relationships")
            return mine.filter(pk__in=linked.values("participant_id"))
        return self.none()

    def case_file_visible_to(self, user):
        """Men whose full case file (notes, children) the user may open.

        Partner-support workers see a summary of linked men, never the case file.
        """
        if user.role == User.Role.PARTNER_SUPPORT:
            return self.none()
        return self.visible_to(user)

    def case_file_or_404(self, user, uuid):
        """The man whose case file the user may open; a 404 otherwise (the access
        helper of his case file, as visible_or_404 is of his summary)."""
        return get_object_or_404(self.case_file_visible_to(user), uuid=uuid)

    def open(self):
        return self.exclude(status=Participant.Status.CLOSED)

    def follow_up_ended(self, today):
        """Men in follow-up whose outcome window has ended: ready to close."""
        return self.filter(
            status=Participant.Status.FOLLOW_UP, follow_up_until__lte=today
        )

    def possible_duplicates(
        self, *, first_name="", last_name="", dob=None, phone="", reference=""
    ):
        """Men who may be the one about to be created: same name, birth date or
        phone, or the case reference given.

        The phone is compared on its last nine digits so that spacing and a
        country prefix do not hide a match.
        """
        query = Q()
        if reference.strip():
            query |= Q(reference__iexact=reference.strip())
        first, last = first_name.strip(), last_name.strip()
        if first and last:
            query |= Q(first_name__iexact=first, last_name__iexact=last)
        if last and dob:
            query |= Q(last_name__iexact=last, date_of_birth=dob)
        if first and dob:
            query |= Q(first_name__iexact=first, date_of_birth=dob)
        digits = "".join(c for c in phone if c.isdigit())[-9:]
        if len(digits) >= 6:
            query |= Q(phone_digits__endswith=digits)
        if not query:
            return self.none()
        # Nested REPLACE rather than a regular expression: SQLite has none.
        phone_digits = models.F("phone")
        for char in " -()+./":
            phone_digits = Replace(phone_digits, models.Value(char), models.Value(""))
        return self.annotate(phone_digits=phone_digits).filter(query)

    def search(self, text):
        """Men whose reference is the text or whose names contain any of its
        words, the closest first: his reference or full name exactly, then a
        name given exactly, then the rest in the usual order."""
        words = (text or "").split()
        if not words:
            return self
        text = " ".join(words)
        query = exact = Q(reference__iexact=text)
        exact_word = Q()
        for word in words:
            query |= Q(first_name__icontains=word) | Q(last_name__icontains=word)
            exact_word |= Q(first_name__iexact=word) | Q(last_name__iexact=word)
        # His full name, split into first and last names at any space.
        for split in range(1, len(words)):
            exact |= Q(
                first_name__iexact=" ".join(words[:split]),
                last_name__iexact=" ".join(words[split:]),
            )
        search_rank = models.Case(
            models.When(exact, then=0), models.When(exact_word, then=1), default=2
        )
        return (
            self.filter(query)
            .alias(search_rank=search_rank)
            .order_by("search_rank", *self.model._meta.ordering)
        )


class Participant(ProcessingRestriction):
    """A man referred to or attending the programme: the case."""

    # The lifecycle's states, defined beside its moves and reasons.
    Status = Status

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="participants"
    )
    # Pseudonymous: reports and exports use this, never the name.
    reference = models.CharField(_("case reference"), max_length=20, editable=False)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True)
    language = models.CharField(_("language"), max_length=60, default="English")
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    consents_to_partner_contact = models.BooleanField(
        _("consents to partner contact"),
        default=False,
        help_text=_("He agrees that the programme contacts his (ex-)partner."),
    )
    consents_to_information_sharing = models.BooleanField(
        _("consents to information sharing"),
        default=False,
        help_text=_("He agrees that the programme shares information with agencies."),
    )
    consent_recorded_on = models.DateField(
        _("consent recorded on"), null=True, blank=True
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caseload",
        limit_choices_to={"role": "caseworker"},
        verbose_name=_("caseworker"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.REFERRED,
        db_index=True,
    )
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    # Set when he enters follow-up: the end of the outcome window, when to close.
    follow_up_until = models.DateField(_("follow-up until"), null=True, blank=True)
    # The level of his latest risk assessment, kept here by risk.services in the
    # same transaction as the assessment, so every list can show it without a join.
    risk_level = models.CharField(
        _("risk level"),
        max_length=10,
        choices=RiskLevel.choices,
        default=RiskLevel.NOT_ASSESSED,
    )
    risk_level_assessed_on = models.DateField(
        _("risk level assessed on"), null=True, blank=True
    )
    # Set when retention erased the person: the row stays, blanked, so that
    # reports of past periods keep their counts (docs/decisions/0009).
    is_anonymised = models.BooleanField(_("anonymised"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["last_name", "first_name"]
        permissions = [
            ("approve_status_change", "Approve exclusions and closures"),
            (
                "view_participant_summary",
                "See a linked man's status, risk and attendance",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"],
                name="participant_reference_unique",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["organisation", "last_name", "first_name"]),
            # The few restricted men, for the detectors' check (risk.outbox).
            models.Index(
                fields=["processing_restricted_at"],
                condition=models.Q(processing_restricted_at__isnull=False),
                name="participant_restricted_idx",
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self):
        # His case file, composed on the top floor: a URL name is resolved by the
        # project's URLconf at run time, so naming it imports nothing from above.
        return reverse("casefile:detail", args=[self.uuid])

    # His status and risk level named without Django's per-call dict of every
    # choice: lists of men and his case file name them on every row and badge.
    def get_status_display(self) -> str:
        return label_of(self.Status, self.status)

    def get_risk_level_display(self) -> str:
        return label_of(RiskLevel, self.risk_level)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"


class CaseRecordQuerySet(TenantQuerySet):
    """Records of a man's case file (children, notes): visible with the case file."""

    def visible_to(self, user):
        return self.filter(
            participant__in=Participant.objects.case_file_visible_to(user).values("pk")
        )


class StatusChangeQuerySet(CaseRecordQuerySet):
    def pending(self):
        return self.filter(approval=StatusChange.Approval.PENDING)


class StatusChange(models.Model):
    """One move of a man's case through the lifecycle, with date, reason and actor."""

    class Approval(models.TextChoices):
        NOT_NEEDED = "not_needed", _("Not needed")
        PENDING = "pending", _("Awaiting a manager's approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=Participant.Status.choices)
    to_status = models.CharField(max_length=20, choices=Participant.Status.choices)
    effective_on = models.DateField()
    reason = models.CharField(max_length=40)
    note = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approval = models.CharField(
        max_length=12, choices=Approval.choices, default=Approval.NOT_NEEDED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-effective_on", "-created_at"]
        indexes = [models.Index(fields=["participant", "-created_at"])]
        constraints = [
            # A second request while one waits for a manager would race it.
            models.UniqueConstraint(
                fields=["participant"],
                condition=models.Q(approval="pending"),
                name="one_pending_status_change_per_participant",
            ),
            models.CheckConstraint(
                condition=~models.Q(from_status=models.F("to_status")),
                name="status_change_moves",
            ),
        ]

    def __str__(self):
        return f"{self.participant_id}: {self.from_status} -> {self.to_status}"

    # A status named without Django's per-call dict of every choice (a case file
    # names each move's statuses in its history and timeline).
    def get_from_status_display(self) -> str:
        return label_of(Participant.Status, self.from_status)

    def get_to_status_display(self) -> str:
        return label_of(Participant.Status, self.to_status)

    def get_approval_display(self) -> str:
        return label_of(self.Approval, self.approval)

    @property
    def reason_label(self):
        return lifecycle.reason_label(self.to_status, self.reason, self.organisation_id)

    @property
    def is_pending(self):
        return self.approval == self.Approval.PENDING

    def mark_decided(self, *, approval, by, at):
        """Record a manager's decision on a pending move (touches only this row)."""
        self.approval = approval
        self.decided_by = by
        self.decided_at = at
        self.save(update_fields=["approval", "decided_by", "decided_at"])


class Child(models.Model):
    """A child of the man or living with him, recorded for safeguarding."""

    class ProtectionStatus(models.TextChoices):
        NONE = "none", _("No involvement")
        CHILD_IN_NEED = "child_in_need", _("Child in need")
        PROTECTION_PLAN = "protection_plan", _("Child protection plan")
        LOOKED_AFTER = "looked_after", _("Looked after")
        UNKNOWN = "unknown", _("Not known")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("participant"),
    )
    # Initials or a first name only: the child is not the programme's client.
    name = models.CharField(_("name"), max_length=60)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), null=True, blank=True
    )
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    lives_with_participant = models.BooleanField(_("lives with him"), default=False)
    protection_status = models.CharField(
        _("protection status"),
        max_length=20,
        choices=ProtectionStatus.choices,
        default=ProtectionStatus.UNKNOWN,
    )
    contact_arrangements = models.TextField(_("contact arrangements"), blank=True)
    # Court orders and protection plans are ChildOrder rows (child_orders).
    social_worker_agency = models.CharField(
        _("social worker's agency"), max_length=200, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("child")
        ordering = ["birth_year", "name"]
        verbose_name_plural = _("children")

    def __str__(self):
        return self.name


class ChildOrderQuerySet(TenantQuerySet):
    def visible_to(self, user):
        """Orders of children on case files the user may see (child_orders)."""
        return self.filter(
            child__participant__in=Participant.objects.case_file_visible_to(
                user
            ).values("pk")
        )

    def in_force(self, on):
        """Orders not yet expired on a date (child_orders)."""
        return self.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))


class ChildOrder(models.Model):
    """A court order or protection plan about a child, with its dates: what the
    child_orders detectors watch (hearings to come, orders about to end)."""

    class Kind(models.TextChoices):
        CHILD_ARRANGEMENTS = "child_arrangements", _("Child arrangements order")
        NON_MOLESTATION = "non_molestation", _("Non-molestation order")
        PROHIBITED_STEPS = "prohibited_steps", _("Prohibited steps order")
        OCCUPATION = "occupation", _("Occupation order")
        PROTECTION_PLAN = "protection_plan", _("Child protection plan")
        OTHER = "other", _("Other order or plan")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="child_orders"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    made_on = models.DateField(_("made on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    court_or_agency = models.CharField(_("court or agency"), max_length=200, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    next_hearing_on = models.DateField(_("next hearing"), null=True, blank=True)
    details = models.TextField(_("details"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ChildOrderQuerySet.as_manager()

    class Meta:
        ordering = ["child", "-made_on", "pk"]
        verbose_name = _("court order or plan")
        verbose_name_plural = _("court orders and plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(made_on__isnull=True)
                | Q(expires_on__isnull=True)
                | Q(expires_on__gte=models.F("made_on")),
                name="child_order_expires_after_made",
            )
        ]
        indexes = [
            models.Index(fields=["expires_on"]),
            models.Index(fields=["next_hearing_on"]),
        ]

    def __str__(self):
        return self.get_kind_display()
