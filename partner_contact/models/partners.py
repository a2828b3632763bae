"""A partner: the woman herself, her safe-contact details and her contact summary."""

import uuid
from datetime import datetime, time

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _  # her_case
from simple_history.models import HistoricalRecords

from accounts.choices import label_of
from accounts.models import Organisation
from participants.restriction import ProcessingRestriction
from partner_contact.case_lifecycle import PartnerStatus  # her_case
from partner_contact.fields import EncryptedTextField
from partner_contact.models.contacts import PartnerContact
from partner_contact.models.firewall import Channel, FirewalledQuerySet

# Her encrypted fields: lists defer them, so a page of names decrypts nothing.
SECRET_FIELDS = (
    "phone",
    "email",
    "address",
    "safe_contact_notes",
    "code_word",
    "if_someone_else_answers",
    "do_not_contact_reason",
)


# Partner columns derived from her contacts (PartnerQuerySet.refresh_contact_summary).
CONTACT_SUMMARY_FIELDS = [
    "last_contact_at",
    "last_contact_made",
    "next_contact_due",
    "last_reached_at",
    "failed_attempts",
]


class PartnerQuerySet(FirewalledQuerySet):
    def assigned_to(self, user):
        return self.filter(partner_support_worker=user)

    def without_secrets(self):
        return self.defer(*SECRET_FIELDS)

    def in_status(self, *statuses):
        """Women whose own case is now in one of these statuses (her_case)."""
        return self.filter(status__in=statuses)

    def status_counts(self) -> dict[str, int]:
        """How many women stand in each status now, every status named (her_case;
        for reports: one query)."""
        counts = dict(self.order_by().values_list("status").annotate(n=Count("pk")))
        return {status: counts.get(status, 0) for status in PartnerStatus.values}

    def search(self, text):
        """Women whose name contains the text, the closest first: her name
        exactly, then a name that begins with it, then the rest by name."""
        text = " ".join((text or "").split())
        if not text:
            return self
        search_rank = Case(
            When(name__iexact=text, then=0),
            When(name__istartswith=text, then=1),
            default=2,
        )
        return (
            self.filter(name__icontains=text)
            .alias(search_rank=search_rank)
            .order_by("search_rank", "name", "pk")
        )

    def refresh_contact_summary(self) -> int:
        """Recompute, in one UPDATE, what these women's contacts say: the latest
        contact, its outcome and agreed next date, the latest time she was
        reached, and the failed attempts since then.

        The worklist sorts and filters every section on these; computing them per
        woman on every page view cost a correlated subquery per row. Whatever
        creates contacts calls this for the partners it touched:
        `services.log_contact` for one, the demo seeder after its bulk insert.
        """
        contacts = PartnerContact.objects.filter(partner=OuterRef("pk")).order_by(
            "-occurred_at", "-pk"
        )
        reached = contacts.filter(contact_made=True)
        # A failed attempt counts until she is reached at the same time or later.
        failed_since_reached = (
            PartnerContact.objects.filter(partner=OuterRef("pk"), contact_made=False)
            .exclude(
                Exists(
                    PartnerContact.objects.filter(
                        partner=OuterRef("partner"),
                        contact_made=True,
                        occurred_at__gte=OuterRef("occurred_at"),
                    )
                )
            )
            .order_by()
            .values("partner")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.update(
            last_contact_at=Subquery(contacts.values("occurred_at")[:1]),
            last_contact_made=Subquery(contacts.values("contact_made")[:1]),
            next_contact_due=Subquery(contacts.values("next_contact_due")[:1]),
            last_reached_at=Subquery(reached.values("occurred_at")[:1]),
            failed_attempts=Coalesce(Subquery(failed_since_reached), 0),
        )


class Partner(ProcessingRestriction):
    """A woman who is or was the partner of a man on the programme, offered
    proactive, independent support."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partners"
    )
    name = models.CharField(_("name"), max_length=200)
    # What tells apart women of the same name in lists: never her address.
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    area = models.CharField(
        _("area"),
        max_length=60,
        blank=True,
        help_text=_(
            "Town or district only, to tell her apart from women of the same "
            "name; never her address."
        ),
    )
    # Safe-contact details, encrypted at rest (partner_contact.fields).
    phone = EncryptedTextField(_("safe phone number"), blank=True)
    email = EncryptedTextField(_("safe e-mail address"), blank=True)
    address = EncryptedTextField(_("address"), blank=True)
    safe_contact_notes = EncryptedTextField(_("safe contact notes"), blank=True)
    safe_weekdays = models.JSONField(
        _("safe weekdays"),
        default=list,
        blank=True,
        help_text=_(
            "Days on which it is safe to contact her (0 = Monday); empty means any day."
        ),
    )
    safe_from = models.TimeField(_("safe from"), null=True, blank=True)
    safe_until = models.TimeField(_("safe until"), null=True, blank=True)
    safe_channels = models.JSONField(
        _("safe channels"),
        default=list,
        blank=True,
        help_text=_("Ways of contact she has agreed to; empty means not yet agreed."),
    )
    voicemail_ok = models.BooleanField(_("a voicemail may be left"), default=False)
    text_ok = models.BooleanField(_("a text message may be sent"), default=False)
    withhold_caller_id = models.BooleanField(_("withhold caller ID"), default=True)
    code_word = EncryptedTextField(_("code word"), blank=True)
    if_someone_else_answers = EncryptedTextField(
        _("what to do if someone else answers"), blank=True
    )
    language = models.CharField(_("language"), max_length=60, default="English")
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    do_not_contact = models.BooleanField(_("do not contact"), default=False)
    do_not_contact_reason = EncryptedTextField(
        _("reason not to contact her"), blank=True
    )
    partner_support_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_caseload",
        limit_choices_to={"role": "partner_support"},
        help_text=_("The worker who holds her case; alerts about her go to them."),
        verbose_name=_("partner support worker"),
    )
    # What her contacts say, kept here by PartnerQuerySet.refresh_contact_summary
    # for the worklist; the contacts themselves are the record.
    last_contact_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_contact_made = models.BooleanField(null=True, editable=False)
    next_contact_due = models.DateField(null=True, blank=True, editable=False)
    last_reached_at = models.DateTimeField(null=True, blank=True, editable=False)
    failed_attempts = models.PositiveIntegerField(
        default=0, editable=False, help_text=_("Attempts since she was last reached.")
    )
    # Set when retention erased the person: the row stays, blanked, so that
    # reports of past periods keep their counts (docs/decisions/0009).
    is_anonymised = models.BooleanField(_("anonymised"), default=False, editable=False)
    # Her own case (her_case.move_partner writes both, with a PartnerStatusChange).
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PartnerStatus.choices,
        default=PartnerStatus.IDENTIFIED,
    )
    status_changed_on = models.DateField(_("status since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The contact summary is derived from the contacts, which have their own
    # history; repeating it in hers would add a history row per contact.
    # Her status is told by its moves (PartnerStatusChange, her_case), which
    # keep their own history.
    history = HistoricalRecords(
        excluded_fields=[*CONTACT_SUMMARY_FIELDS, "status", "status_changed_on"]
    )
    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner's record")
        verbose_name_plural = _("partners' records")
        ordering = ["name"]
        permissions = [
            ("export_partner", "Export a partner's record (subject-access request)")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(do_not_contact=False) | ~Q(do_not_contact_reason=""),
                name="do_not_contact_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(safe_from__isnull=True)
                | Q(safe_until__isnull=True)
                | Q(safe_until__gt=models.F("safe_from")),
                name="partner_safe_times_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "name"]),
            models.Index(fields=["organisation", "status"]),  # her_case: reports
            # The few restricted women, for the detectors' check (risk.outbox).
            models.Index(
                fields=["processing_restricted_at"],
                condition=Q(processing_restricted_at__isnull=False),
                name="partner_restricted_idx",
            ),
        ]

    def __str__(self):
        return self.name

    # Named without Django's per-call dict of every choice (accounts.choices;
    # 7 us a name against Django's 33-67 us, translating each label):
    # her page names her status twice, the worklist on every row.
    def get_status_display(self) -> str:
        return label_of(PartnerStatus, self.status)

    def get_absolute_url(self):
        return reverse("partner_contact:partner_detail", args=[self.uuid])

    @cached_property
    def age(self) -> int | None:
        """Her age today in whole years, if her date of birth is known (worked
        out once per instance: a list row reads it several times)."""
        if self.date_of_birth is None:
            return None
        today, born = timezone.localdate(), self.date_of_birth
        before_birthday = (today.month, today.day) < (born.month, born.day)
        return today.year - born.year - before_birthday

    def is_safe_time(self, moment: datetime) -> bool:
        """Whether a moment (in local time) falls within her safe days and hours."""
        local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        if self.safe_weekdays and local.weekday() not in self.safe_weekdays:
            return False
        clock: time = local.time()
        if self.safe_from and clock < self.safe_from:
            return False
        return not (self.safe_until and clock > self.safe_until)

    def allows_channel(self, channel: str) -> bool:
        """Whether she has agreed to be contacted this way."""
        if channel == Channel.TEXT and not self.text_ok:
            return False
        return not self.safe_channels or channel in self.safe_channels

    def safe_times_display(self) -> str:
        days = (
            # Django's own short names, in each language ("Mo" in German):
            # the first three letters of a translated name are not one.
            ", ".join(str(WEEKDAYS_ABBR[d]) for d in sorted(self.safe_weekdays))
            if self.safe_weekdays
            else _("Any day")
        )
        if self.safe_from or self.safe_until:
            start = self.safe_from.strftime("%H:%M") if self.safe_from else "…"
            end = self.safe_until.strftime("%H:%M") if self.safe_until else "…"
            return f"{days}, {start}–{end}"
        return days

    def safe_channels_display(self) -> str:
        if not self.safe_channels:
            return str(_("Not agreed yet"))
        return ", ".join(str(Channel(c).label) for c in self.safe_channels)
