"""A man's risk notes, risk events and periods of increased risk."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import label_of
from accounts.models import Organisation, TenantQuerySet
from accounts.roles import CASE_ROLES, FIREWALL_ROLES, PROGRAMME_ROLES
from localisation import lists  # NOTE_CATEGORIES
from participants.models import Participant
from participants.risk_vocabulary import RiskEventKind

# The key of the organisation's list of note categories (risk.lists registers it).
NOTE_CATEGORIES = "risk.note_category"

# Roles that read everything about risk, partner-side signals included.


class Visibility(models.TextChoices):
    """Who may read a note or an event (the information firewall)."""

    PROGRAMME = "programme", _("Programme staff")
    PARTNER_SUPPORT_ONLY = (
        "partner_support_only",
        _("Partner support and managers only"),
    )


class FirewalledRiskQuerySet(TenantQuerySet):
    def visible_to(self, user):
        """Records of men the user may see; partner-side ones only inside the firewall.

        Facilitators and caseworkers read records of visibility "programme" only;
        partner-support workers and managers read all; org admins nothing.
        """
        return self._behind_firewall_of(user).filter(
            participant__in=Participant.objects.visible_to(user).values("pk")
        )

    def of_men(self, user, men) -> "FirewalledRiskQuerySet":
        """Records of these men that `visible_to(user)` shows, where `men` (a
        queryset of their keys) are men the user may see, as the dashboard's
        are: the organisation and the firewall are asked, the men not a second
        time (the dashboard's periods joined every man twice more)."""
        return self._behind_firewall_of(user).filter(participant__in=men)

    def of_case(self, participant: Participant, user) -> "FirewalledRiskQuerySet":
        """His records that `visible_to(user)` shows, as `visible_to(user)
        .filter(participant=participant)` but cheaper for his case file: to
        caseworkers and managers, who see every man of their organisation, his
        organisation is compared here instead of through a subquery of all the
        men, which each panel query compiled anew."""
        his = self._behind_firewall_of(user).filter(participant=participant)
        if user.role in CASE_ROLES:
            if participant.organisation_id != user.organisation_id:
                return self.none()
            return his
        return his.filter(
            participant__in=Participant.objects.visible_to(user).values("pk")
        )

    def _behind_firewall_of(self, user):
        # The organisation, the roles and the information firewall: everything
        # visible_to asks but which men.
        mine = self.in_organisation_of(user, roles=FIREWALL_ROLES + PROGRAMME_ROLES)
        if user.role in PROGRAMME_ROLES:
            mine = mine.filter(visibility=Visibility.PROGRAMME)
        return mine


class RiskNote(models.Model):
    """A short observation about a man's risk, with severity and visibility."""

    class Severity(models.TextChoices):
        INFORMATION = "information", _("Information")
        CONCERN = "concern", _("Concern")
        URGENT = "urgent", _("Urgent")

    class Category(models.TextChoices):
        BEHAVIOUR = "behaviour", _("Behaviour or attitude")
        DISCLOSURE = "disclosure", _("Something he disclosed")
        PARTNER_SIGNAL = "partner_signal", _("Signal from partner support")
        CHILDREN = "children", _("Children")
        SUBSTANCES = "substances", _("Alcohol or drugs")
        MENTAL_HEALTH = "mental_health", _("Mental health or suicide")
        CIRCUMSTANCES = "circumstances", _("Change of circumstances")
        OTHER = "other", _("Other")

    class Source(models.TextChoices):
        CASE_FILE = "case_file", _("Case file")
        SESSION = "session", _("Session")
        PARTNER_CONTACT = "partner_contact", _("Partner contact")
        OTHER = "other", _("Other")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="risk_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    severity = models.CharField(max_length=12, choices=Severity.choices)
    # A code of the organisation's list NOTE_CATEGORIES (shipped: Category).
    category = models.CharField(max_length=20)
    source = models.CharField(
        max_length=20, choices=Source.choices, default=Source.CASE_FILE
    )
    session = models.ForeignKey(
        "programmes.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risk_notes",
    )
    # Shown only to partner-support workers and managers (the firewall).
    partner_contact = models.ForeignKey(
        "partner_contact.PartnerContact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risk_notes",
    )
    visibility = models.CharField(
        max_length=24, choices=Visibility.choices, default=Visibility.PROGRAMME
    )
    text = models.TextField()
    # Only with her recorded consent to share: that it came from her, and her words.
    source_attributed = models.BooleanField(default=False)
    partner_words = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = FirewalledRiskQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk note")
        verbose_name_plural = _("risk notes")
        ordering = ["-created_at"]
        permissions = [
            (
                "view_partner_support_risknote",
                "Read risk notes kept within partner support",
            )
        ]
        indexes = [models.Index(fields=["participant", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source="session") | Q(session__isnull=False),
                name="session_note_has_session",
            ),
            models.CheckConstraint(
                condition=(Q(source_attributed=False) & Q(partner_words=""))
                | Q(partner_contact__isnull=False),
                name="partner_attribution_needs_contact",
            ),
            # A contact is shared with the programme once per man (notes kept
            # inside the firewall are not shares).
            models.UniqueConstraint(
                fields=["partner_contact", "participant"],
                condition=Q(partner_contact__isnull=False, visibility="programme"),
                name="one_note_per_contact_and_man",
            ),
        ]

    def __str__(self):
        return f"{self.get_severity_display()} note on {self.created_at:%Y-%m-%d}"

    def get_severity_display(self) -> str:
        # One lookup (accounts.choices): his case file names every note's twice.
        return label_of(self.Severity, self.severity)

    def get_category_display(self) -> str:  # NOTE_CATEGORIES: risk.lists
        """The category in the organisation's words (NOTE_CATEGORIES), retired
        entries included."""
        return lists.label(self.organisation_id, NOTE_CATEGORIES, self.category)

    @property
    def from_partner_contact(self) -> bool:
        return self.source == self.Source.PARTNER_CONTACT


def kind_label(value: str) -> str:
    """A risk event kind's name in the reader's language (accounts.choices)."""
    return label_of(RiskEventKind, value)


class RiskEvent(models.Model):
    """A dated fact that raises a man's risk, typed by a person or found by a
    detector; each has a de-duplication key unique in its organisation."""

    # The vocabulary lives in participants so that partner_contact, below risk,
    # derives the kinds a woman may disclose from it (participants.risk_vocabulary).
    Kind = RiskEventKind

    # Kinds a person may enter on the form (the rest come from detectors).
    PERSON_KINDS = (
        Kind.SEPARATION,
        Kind.ANNOUNCED_SEPARATION,
        Kind.NEW_RELATIONSHIP,
        Kind.PREGNANCY,
        Kind.COURT,
        Kind.RELEASE_FROM_CUSTODY,
        Kind.ORDER_BREACH,
        Kind.POLICE_CALLOUT,
        Kind.NEW_INCIDENT,
        Kind.THREATS,
        Kind.OTHER,
    )
    # Kinds that may be dated in the future (a hearing or release to come).
    SCHEDULED_KINDS = (Kind.COURT, Kind.RELEASE_FROM_CUSTODY)
    # Kinds that count as incidents for the escalation criterion.
    INCIDENT_KINDS = (
        Kind.POLICE_CALLOUT,
        Kind.NEW_INCIDENT,
        Kind.THREATS,
        Kind.ORDER_BREACH,
    )

    class Source(models.TextChoices):
        PERSON = "person", _("Entered by a worker")
        DETECTOR = "detector", _("Found by a detector")
        RECORD = "record", _("From a record elsewhere in the case")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # No index of its own: it leads two of Meta's (and the dedup constraint).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, db_index=False
    )
    # enquiries: empty only for an event about an enquiry, where no man is known.
    # No index of its own: it leads Meta's (participant, -occurred_on).
    participant = models.ForeignKey(
        Participant,  # enquiries
        on_delete=models.CASCADE,  # enquiries
        related_name="risk_events",  # enquiries
        null=True,  # enquiries
        blank=True,  # enquiries
        db_index=False,
    )
    # enquiries: the woman's enquiry an event is about (firewalled, like her).
    enquiry = models.ForeignKey(  # enquiries
        "enquiries.Enquiry",  # enquiries
        on_delete=models.CASCADE,  # enquiries
        null=True,  # enquiries
        blank=True,  # enquiries
        related_name="risk_events",  # enquiries
        db_index=False,  # Meta.indexes: where set
    )  # enquiries
    # enquiries: the partner an event is about: her worker is alerted, not all his.
    partner = models.ForeignKey(  # enquiries
        "partner_contact.Partner",  # enquiries
        on_delete=models.CASCADE,  # enquiries
        null=True,  # enquiries
        blank=True,  # enquiries
        related_name="risk_events",  # enquiries
        db_index=False,  # Meta.indexes: where set
    )  # enquiries
    # complaints: the complaint whose response is overdue (no man, no woman).
    complaint = models.ForeignKey(  # complaints
        "complaints.Complaint",  # complaints
        on_delete=models.CASCADE,  # complaints
        null=True,  # complaints
        blank=True,  # complaints
        related_name="risk_events",  # complaints
        db_index=False,  # Meta.indexes: where set
    )  # complaints
    kind = models.CharField(max_length=24, choices=Kind.choices)
    occurred_on = models.DateField()
    # Written by the system or the worker; never a partner's words.
    summary = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # Meta.indexes: where set
    )
    detector = models.CharField(max_length=60, blank=True)
    visibility = models.CharField(
        max_length=24, choices=Visibility.choices, default=Visibility.PROGRAMME
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Stable key of the fact this event stands for: a second detection of the
    # same fact conflicts on the unique constraint and inserts nothing.
    dedup_key = models.CharField(max_length=200)
    partner_contact = models.ForeignKey(
        "partner_contact.PartnerContact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risk_events_raised",
        db_index=False,  # Meta.indexes: where set
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(
        # History rows are read by record (id), man, woman's contact (erasure),
        # organisation and date (the old-history rule) and user; not by these.
        no_db_index=["uuid", "enquiry", "complaint", "reported_by"],
    )
    objects = FirewalledRiskQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk event")
        verbose_name_plural = _("risk events")
        ordering = ["-occurred_on", "-created_at"]
        indexes = [
            models.Index(fields=["participant", "-occurred_on"]),
            models.Index(fields=["organisation", "kind", "occurred_on"]),
            # Most events name no woman, enquiry, complaint, contact or reporter:
            # their links are indexed where set, so that each new event (a
            # month of missed questionnaires writes 37,000) updates fewer indexes.
            *[
                models.Index(
                    fields=[name],
                    condition=Q(**{f"{name}__isnull": False}),
                    name=f"risk_event_{name}_idx",
                )
                for name in (
                    "enquiry",
                    "partner",
                    "complaint",
                    "reported_by",
                    "partner_contact",
                )
            ],
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "dedup_key"], name="risk_event_dedup_unique"
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | Q(status="closed", closed_at__isnull=False),
                name="closed_event_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(source="person") | Q(reported_by__isnull=False),
                name="person_event_has_reporter",
            ),
            models.CheckConstraint(  # enquiries
                condition=Q(participant__isnull=False)  # enquiries
                | Q(enquiry__isnull=False)  # enquiries
                | Q(complaint__isnull=False),  # complaints
                name="risk_event_about_a_man_or_enquiry",  # enquiries
            ),  # enquiries
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.occurred_on}"

    def get_kind_display(self) -> str:
        return kind_label(self.kind)

    # Named by one lookup each (accounts.choices), as the kind is: a case file
    # lists every event of his with its source and status.
    def get_source_display(self) -> str:
        return label_of(self.Source, self.source)

    def get_status_display(self) -> str:
        return label_of(self.Status, self.status)

    def close(self, *, now) -> None:
        """Mark the event dealt with."""
        self.status = self.Status.CLOSED
        self.closed_at = now
        self.save(update_fields=["status", "closed_at"])


class MonitoringPeriodQuerySet(FirewalledRiskQuerySet):
    def active(self, today):
        return self.filter(
            starts_on__lte=today, ends_on__gte=today, ended_early_on__isnull=True
        )


class MonitoringPeriod(models.Model):
    """A period of increased risk in a man's case (after a separation, a birth...)
    with tighter expectations of partner contact and review."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="monitoring_periods"
    )
    event = models.OneToOneField(
        RiskEvent,
        on_delete=models.CASCADE,
        related_name="monitoring_period",
        help_text=_("The event that opened the period."),
    )
    reason = models.CharField(max_length=24, choices=RiskEvent.Kind.choices)
    visibility = models.CharField(
        max_length=24, choices=Visibility.choices, default=Visibility.PROGRAMME
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    contact_every_days = models.PositiveSmallIntegerField(default=7)
    review_within_days = models.PositiveSmallIntegerField(default=14)
    ended_early_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = MonitoringPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("monitoring period")
        verbose_name_plural = _("monitoring periods")
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["organisation", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="monitoring_period_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.starts_on} to {self.ends_on}"

    def get_reason_display(self) -> str:
        return kind_label(self.reason)

    def is_active(self, today) -> bool:
        return self.starts_on <= today <= self.ends_on and self.ended_early_on is None
