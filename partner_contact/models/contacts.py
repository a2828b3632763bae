"""Her contacts (every attempt counts) and the safety plans made in them."""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q  # her_case: current()
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _  # her_case
from simple_history.models import HistoricalRecords

from accounts.choices import label_of
from accounts.models import Organisation
from localisation import lists  # TOLD_HER
from participants.risk_vocabulary import DisclosedRiskKind
from partner_contact.fields import EncryptedTextField
from partner_contact.models.firewall import Channel, FirewalledQuerySet

# The organisation's list of what she may be told (TOLD_HER; shipped: ToldHer).
TOLD_HER = "partner_contact.told_her"
# The organisation's list of how a contact or attempt ended (shipped: Outcome).
CONTACT_OUTCOMES = "partner_contact.contact_outcome"


class PartnerContact(models.Model):
    """One attempt to reach her or one conversation with her, in either
    direction: every attempt counts."""

    class Direction(models.TextChoices):
        OUTBOUND = "outbound", _("We contacted her (proactive)")
        INBOUND = "inbound", _("She contacted us")

    class Outcome(models.TextChoices):
        SPOKE = "spoke", _("Spoke with her")
        NO_ANSWER = "no_answer", _("No answer")
        MESSAGE_LEFT = "message_left", _("Message left or sent")
        UNSAFE_TO_TALK = "unsafe_to_talk", _("Reached her, unsafe to talk")
        SOMEONE_ELSE_ANSWERED = "someone_else_answered", _("Someone else answered")
        DECLINED = "declined", _("She declined support")
        WRONG_NUMBER = "wrong_number", _("Wrong number or address")

    # Outcomes in which she was reached: the contact was made. An outcome an
    # organisation added to its list (CONTACT_OUTCOMES) says nothing of itself:
    # the worker says whether she was reached.
    CONTACT_MADE_OUTCOMES = (Outcome.SPOKE, Outcome.UNSAFE_TO_TALK, Outcome.DECLINED)

    class ToldHer(models.TextChoices):
        AIMS_AND_LIMITS = "aims_and_limits", _("Programme aims and limits")
        SCHEDULE = "schedule", _("Programme schedule")
        ATTENDANCE = "attendance", _("His attendance and engagement")
        DROPOUT_OR_EXCLUSION = "dropout_or_exclusion", _("His drop-out or exclusion")
        COMPLETION = "completion", _("His completion of the programme")

    # The kinds of risk event she may disclose: derived from the risk vocabulary,
    # so each is a risk.RiskEvent kind by construction (risk_disclosed signal).
    RiskEventKind = DisclosedRiskKind

    class Referral(models.TextChoices):
        WOMENS_SERVICES = "womens_services", _("Women's services")
        IDVA = "idva", _("Independent domestic violence adviser")
        HOUSING = "housing", _("Housing")
        CHILDRENS_SERVICES = "childrens_services", _("Children's services")
        MARAC = "marac", _("Multi-agency risk conference")

    class ConsentBasis(models.TextChoices):
        NONE = "", _("Not to be shared")
        CONSENT = "consent", _("Her recorded consent to share")
        SERIOUS_RISK = "serious_risk", _("Risk of serious harm (without consent)")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    # By name: partners.py reads the contacts to keep her contact summary.
    partner = models.ForeignKey(
        "partner_contact.Partner", on_delete=models.CASCADE, related_name="contacts"
    )
    # The case this contact concerns; an attempt to reach her counts for each of
    # her relationships, so detectors may also go through partner.
    relationship = models.ForeignKey(
        "partner_contact.Relationship",
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
        help_text=_("She was reached (not only an attempt).")
    )
    # A code of the organisation's list CONTACT_OUTCOMES (shipped: Outcome).
    outcome = models.CharField(max_length=24)
    safety_check_done = models.BooleanField(
        _("safety check done"), default=False, help_text=_("Is it safe to talk now?")
    )
    told_her = models.JSONField(default=list, blank=True)
    summary = EncryptedTextField(blank=True)
    disclosure = EncryptedTextField(blank=True)
    disclosure_may_share = models.BooleanField(
        _("may be shared with the programme"), default=False
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
        verbose_name = _("contact with her")
        verbose_name_plural = _("contacts with her")
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
                )
                # An outcome the organisation added: the worker said which.
                | ~Q(
                    outcome__in=[
                        "spoke",
                        "unsafe_to_talk",
                        "declined",
                        "no_answer",
                        "message_left",
                        "someone_else_answered",
                        "wrong_number",
                    ]
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

    # Named without Django's per-call dict of every choice (accounts.choices;
    # 7 us a name against Django's 33-67 us, translating each label):
    # her page's contact log names both on each of its 25 rows.
    def get_direction_display(self) -> str:
        return label_of(self.Direction, self.direction)

    def get_channel_display(self) -> str:
        return label_of(Channel, self.channel)

    def get_outcome_display(self) -> str:  # CONTACT_OUTCOMES: partner_contact.lists
        """The outcome in the organisation's words, retired entries included."""
        return lists.label(self.organisation_id, CONTACT_OUTCOMES, self.outcome)

    def told_her_labels(self) -> list[str]:
        """What she was told, in the organisation's words (TOLD_HER list)."""
        return [lists.label(self.organisation_id, TOLD_HER, v) for v in self.told_her]

    def risk_event_labels(self) -> list[str]:
        return [str(self.RiskEventKind(v).label) for v in self.risk_events]

    def referral_labels(self) -> list[str]:
        return [str(self.Referral(v).label) for v in self.referrals_made]


class SafetyPlanQuerySet(FirewalledQuerySet):
    def review_due(self, on: date):
        return self.filter(review_on__lte=on)

    def current(self):
        """Each woman's current plan only: the highest version (her_case)."""
        newer = SafetyPlan.objects.filter(
            partner=OuterRef("partner"), version__gt=OuterRef("version")
        )
        return self.filter(~Exists(newer))


class SafetyPlan(models.Model):
    """One version of her safety plan; the highest version is the current one."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    partner = models.ForeignKey(
        "partner_contact.Partner",
        on_delete=models.CASCADE,
        related_name="safety_plans",
        verbose_name=_("partner"),
    )
    version = models.PositiveIntegerField()
    # Each section is optional and encrypted (her_case). `plan` was the free text
    # of the first plans; it is kept, under its old name so that every reader of
    # it still works, as the plan's "other notes" section.
    safe_contacts = EncryptedTextField(_("safe contacts"), blank=True)
    safe_places = EncryptedTextField(_("safe places and routes"), blank=True)
    emergency = EncryptedTextField(_("what to do in an emergency"), blank=True)
    children = EncryptedTextField(_("the children's safety"), blank=True)
    digital = EncryptedTextField(_("digital and phone safety"), blank=True)
    money_documents = EncryptedTextField(_("money and documents"), blank=True)
    plan = EncryptedTextField(_("other notes"), blank=True)
    review_on = models.DateField(_("review date"), null=True, blank=True)
    contact = models.ForeignKey(
        PartnerContact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The contact in which it was made or updated."),
        verbose_name=_("contact with her"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = SafetyPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("safety plan")
        verbose_name_plural = _("safety plans")
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
        return gettext("Safety plan, version %(version)s") % {"version": self.version}

    def section_texts(self) -> list[tuple[str, str]]:
        """(heading, text) of each section written in this version, in order."""
        return [
            (str(self._meta.get_field(name).verbose_name).capitalize(), text)
            for name in SAFETY_PLAN_SECTIONS
            if (text := getattr(self, name))
        ]


# The sections of a safety plan, in the order a plan shows them (her_case).
SAFETY_PLAN_SECTIONS = (
    "safe_contacts",
    "safe_places",
    "emergency",
    "children",
    "digital",
    "money_documents",
    "plan",
)
