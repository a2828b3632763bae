"""Partners, their links to men's cases, contacts, consents and safety plans.

Everything here is behind the information firewall (DESIGN.md section 3): each
model's `visible_to(user)` answers nothing to any role but partner-support workers
and managers of the partner's organisation.
"""

import uuid
from datetime import date, datetime, time

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.models import Organisation
from participants.models import Participant
from partner_contact.fields import EncryptedTextField

# The only roles that may ever see a partner record.
FIREWALL_ROLES = ("partner_support", "manager")


def may_see_partners(user) -> bool:
    """Whether the user's role is inside the firewall at all."""
    return (
        user.is_authenticated
        and user.organisation_id is not None
        and user.role in FIREWALL_ROLES
    )


class Channel(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "E-mail"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video call"


class FirewalledQuerySet(models.QuerySet):
    """Records about a partner: her organisation's partner-support workers and
    managers see them; every other role sees nothing."""

    def visible_to(self, user):
        if not may_see_partners(user):
            return self.none()
        return self.filter(organisation_id=user.organisation_id)


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


class Partner(models.Model):
    """A woman who is or was the partner of a man on the programme, offered
    proactive, independent support."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partners"
    )
    name = models.CharField(max_length=200)
    # Safe-contact details, encrypted at rest (partner_contact.fields).
    phone = EncryptedTextField("safe phone number", blank=True)
    email = EncryptedTextField("safe e-mail address", blank=True)
    address = EncryptedTextField(blank=True)
    safe_contact_notes = EncryptedTextField(blank=True)
    safe_weekdays = models.JSONField(
        default=list,
        blank=True,
        help_text="Days on which it is safe to contact her (0 = Monday); "
        "empty means any day.",
    )
    safe_from = models.TimeField(null=True, blank=True)
    safe_until = models.TimeField(null=True, blank=True)
    safe_channels = models.JSONField(
        default=list,
        blank=True,
        help_text="Ways of contact she has agreed to; empty means not yet agreed.",
    )
    voicemail_ok = models.BooleanField("a voicemail may be left", default=False)
    text_ok = models.BooleanField("a text message may be sent", default=False)
    withhold_caller_id = models.BooleanField(default=True)
    code_word = EncryptedTextField(blank=True)
    if_someone_else_answers = EncryptedTextField(
        "what to do if someone else answers", blank=True
    )
    language = models.CharField(max_length=60, default="English")
    interpreter_needed = models.BooleanField(default=False)
    do_not_contact = models.BooleanField(default=False)
    do_not_contact_reason = EncryptedTextField(blank=True)
    partner_support_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_caseload",
        limit_choices_to={"role": "partner_support"},
        help_text="The worker who holds her case; alerts about her go to them.",
    )
    # What her contacts say, kept here by PartnerQuerySet.refresh_contact_summary
    # for the worklist; the contacts themselves are the record.
    last_contact_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_contact_made = models.BooleanField(null=True, editable=False)
    next_contact_due = models.DateField(null=True, blank=True, editable=False)
    last_reached_at = models.DateTimeField(null=True, blank=True, editable=False)
    failed_attempts = models.PositiveIntegerField(
        default=0, editable=False, help_text="Attempts since she was last reached."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The contact summary is derived from the contacts, which have their own
    # history; repeating it in hers would add a history row per contact.
    history = HistoricalRecords(excluded_fields=CONTACT_SUMMARY_FIELDS)
    objects = PartnerQuerySet.as_manager()

    class Meta:
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
        indexes = [models.Index(fields=["organisation", "name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partner_contact:partner_detail", args=[self.uuid])

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
            ", ".join(self.Weekday(d).label[:3] for d in sorted(self.safe_weekdays))
            if self.safe_weekdays
            else "Any day"
        )
        if self.safe_from or self.safe_until:
            start = self.safe_from.strftime("%H:%M") if self.safe_from else "…"
            end = self.safe_until.strftime("%H:%M") if self.safe_until else "…"
            return f"{days}, {start}–{end}"
        return days

    def safe_channels_display(self) -> str:
        if not self.safe_channels:
            return "Not agreed yet"
        return ", ".join(Channel(c).label for c in self.safe_channels)


class Relationship(models.Model):
    """The link between a partner and a man's case: how they are related and
    whether they have separated."""

    class Kind(models.TextChoices):
        CURRENT_PARTNER = "current_partner", "Current partner"
        EX_PARTNER = "ex_partner", "Ex-partner"
        CO_PARENT = "co_parent", "Co-parent (not a partner)"

    class Status(models.TextChoices):
        TOGETHER = "together", "Together"
        SEPARATION_ANNOUNCED = "separation_announced", "Separation announced"
        SEPARATED = "separated", "Separated"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="relationships"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="partner_relationships"
    )
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.CURRENT_PARTNER
    )
    living_together = models.BooleanField(default=False)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.TOGETHER
    )
    separation_announced_on = models.DateField(null=True, blank=True)
    separated_on = models.DateField(null=True, blank=True)
    children_in_common = models.PositiveSmallIntegerField(default=0)
    # The first-contact clock starts here (or when he starts the programme).
    linked_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = FirewalledQuerySet.as_manager()

    class Meta:
        ordering = ["-linked_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "participant"], name="one_relationship_per_pair"
            ),
            models.CheckConstraint(
                condition=~Q(status="separated") | Q(separated_on__isnull=False),
                name="separated_relationship_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="separation_announced")
                | Q(separation_announced_on__isnull=False),
                name="announced_separation_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    def mark_separated(self, *, on: date, announced: bool) -> None:
        """Record a separation (or its announcement) on this relationship."""
        if announced:
            self.status = self.Status.SEPARATION_ANNOUNCED
            self.separation_announced_on = on
        else:
            self.status = self.Status.SEPARATED
            self.separated_on = on
            if self.kind == self.Kind.CURRENT_PARTNER:
                self.kind = self.Kind.EX_PARTNER
            self.living_together = False
        self.save()

    @property
    def separation_date(self) -> date | None:
        return self.separated_on or self.separation_announced_on


class ConsentQuerySet(FirewalledQuerySet):
    def in_force(self, on: date):
        return self.filter(given_on__lte=on, withdrawn_on__isnull=True).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=on)
        )

    def expiring_within(self, days: int, on: date):
        """Consents in force whose expiry falls in the next `days` days."""
        from datetime import timedelta

        return self.in_force(on).filter(
            expires_on__isnull=False, expires_on__lte=on + timedelta(days=days)
        )


class Consent(models.Model):
    """Her consent, given on a date in a stated way, to be contacted or to have
    what she says shared with the programme; it may expire or be withdrawn."""

    class Kind(models.TextChoices):
        CONTACT = "contact", "To be contacted"
        SHARE_WITH_PROGRAMME = "share_with_programme", "To share with the programme"

    class HowGiven(models.TextChoices):
        VERBAL_PHONE = "verbal_phone", "Verbally, by phone"
        VERBAL_IN_PERSON = "verbal_in_person", "Verbally, in person"
        WRITING = "writing", "In writing (signed)"
        EMAIL = "email", "By e-mail"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    given_on = models.DateField()
    how_given = models.CharField(max_length=20, choices=HowGiven.choices)
    scope = models.TextField(
        blank=True, help_text="What it covers, and what must be withheld from whom."
    )
    expires_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-given_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(expires_on__gte=models.F("given_on")),
                name="consent_expires_after_given",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True)
                | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "expires_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.given_on}"

    def state(self, on: date) -> str:
        """ "withdrawn", "expired", "not yet", or "in force" on a date."""
        if self.withdrawn_on and self.withdrawn_on <= on:
            return "withdrawn"
        if self.expires_on and self.expires_on < on:
            return "expired"
        if self.given_on > on:
            return "not yet"
        return "in force"

    def is_in_force(self, on: date) -> bool:
        return self.state(on) == "in force"

    def withdraw(self, *, on: date) -> None:
        """Record that she withdrew this consent on a date."""
        self.withdrawn_on = on
        self.save(update_fields=["withdrawn_on"])


class PartnerContact(models.Model):
    """One attempt to reach her or one conversation with her, in either
    direction: every attempt counts."""

    class Direction(models.TextChoices):
        OUTBOUND = "outbound", "We contacted her (proactive)"
        INBOUND = "inbound", "She contacted us"

    class Outcome(models.TextChoices):
        SPOKE = "spoke", "Spoke with her"
        NO_ANSWER = "no_answer", "No answer"
        MESSAGE_LEFT = "message_left", "Message left or sent"
        UNSAFE_TO_TALK = "unsafe_to_talk", "Reached her, unsafe to talk"
        SOMEONE_ELSE_ANSWERED = "someone_else_answered", "Someone else answered"
        DECLINED = "declined", "She declined support"
        WRONG_NUMBER = "wrong_number", "Wrong number or address"

    # Outcomes in which she was reached: the contact was made.
    CONTACT_MADE_OUTCOMES = (Outcome.SPOKE, Outcome.UNSAFE_TO_TALK, Outcome.DECLINED)

    class ToldHer(models.TextChoices):
        AIMS_AND_LIMITS = "aims_and_limits", "Programme aims and limits"
        SCHEDULE = "schedule", "Programme schedule"
        ATTENDANCE = "attendance", "His attendance and engagement"
        DROPOUT_OR_EXCLUSION = "dropout_or_exclusion", "His drop-out or exclusion"
        COMPLETION = "completion", "His completion of the programme"

    class RiskEventKind(models.TextChoices):
        # Names shared with risk.RiskEvent kinds (risk_disclosed signal).
        SEPARATION = "separation", "Separation or separation announced"
        PREGNANCY = "pregnancy", "Pregnancy or birth"
        COURT = "court", "Court or child-contact hearing"
        NEW_INCIDENT = "new_incident", "A new incident"
        THREATS = "threats", "Threats to kill, strangulation or weapons"
        NEW_RELATIONSHIP = "new_relationship", "New relationship"
        RELEASE_FROM_CUSTODY = "release_from_custody", "Release from custody or bail"
        ORDER_BREACH = "order_breach", "Breach of an order"

    class Referral(models.TextChoices):
        WOMENS_SERVICES = "womens_services", "Women's services"
        IDVA = "idva", "Independent domestic violence adviser"
        HOUSING = "housing", "Housing"
        CHILDRENS_SERVICES = "childrens_services", "Children's services"
        MARAC = "marac", "Multi-agency risk conference"

    class ConsentBasis(models.TextChoices):
        NONE = "", "Not to be shared"
        CONSENT = "consent", "Her recorded consent to share"
        SERIOUS_RISK = "serious_risk", "Risk of serious harm (without consent)"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contacts"
    )
    # The case this contact concerns; an attempt to reach her counts for each of
    # her relationships, so detectors may also go through partner.
    relationship = models.ForeignKey(
        Relationship,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )
    occurred_at = models.DateTimeField(db_index=True)
    direction = models.CharField(
        max_length=10, choices=Direction.choices, default=Direction.OUTBOUND
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    contact_made = models.BooleanField(
        help_text="She was reached (not only an attempt)."
    )
    outcome = models.CharField(max_length=24, choices=Outcome.choices)
    safety_check_done = models.BooleanField(
        "safety check done", default=False, help_text="Is it safe to talk now?"
    )
    told_her = models.JSONField(default=list, blank=True)
    summary = EncryptedTextField(blank=True)
    disclosure = EncryptedTextField(blank=True)
    disclosure_may_share = models.BooleanField(
        "may be shared with the programme", default=False
    )
    consent_basis = models.CharField(
        max_length=16, choices=ConsentBasis.choices, default="", blank=True
    )
    risk_events = models.JSONField(default=list, blank=True)
    safety_planning_done = models.BooleanField(default=False)
    referrals_made = models.JSONField(default=list, blank=True)
    next_contact_due = models.DateField(null=True, blank=True)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = FirewalledQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    contact_made=True,
                    outcome__in=["spoke", "unsafe_to_talk", "declined"],
                )
                | Q(
                    contact_made=False,
                    outcome__in=[
                        "no_answer",
                        "message_left",
                        "someone_else_answered",
                        "wrong_number",
                    ],
                ),
                name="contact_made_matches_outcome",
            ),
            models.CheckConstraint(
                condition=Q(disclosure_may_share=False) | ~Q(consent_basis=""),
                name="shared_disclosure_has_basis",
            ),
        ]
        indexes = [
            models.Index(fields=["partner", "-occurred_at"]),
            models.Index(fields=["organisation", "next_contact_due"]),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} {self.get_outcome_display()}"

    def get_absolute_url(self):
        return reverse("partner_contact:contact_detail", args=[self.uuid])

    def told_her_labels(self) -> list[str]:
        return [self.ToldHer(v).label for v in self.told_her]

    def risk_event_labels(self) -> list[str]:
        return [self.RiskEventKind(v).label for v in self.risk_events]

    def referral_labels(self) -> list[str]:
        return [self.Referral(v).label for v in self.referrals_made]


class SafetyPlanQuerySet(FirewalledQuerySet):
    def review_due(self, on: date):
        return self.filter(review_on__lte=on)


class SafetyPlan(models.Model):
    """One version of her safety plan; the highest version is the current one."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="safety_plans"
    )
    version = models.PositiveIntegerField()
    plan = EncryptedTextField()
    review_on = models.DateField()
    contact = models.ForeignKey(
        PartnerContact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The contact in which it was made or updated.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = SafetyPlanQuerySet.as_manager()

    class Meta:
        ordering = ["partner", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "version"], name="one_safety_plan_per_version"
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="safety_plan_version_from_1"
            ),
        ]

    def __str__(self):
        return f"Safety plan v{self.version}"
