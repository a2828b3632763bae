"""The link between a partner and a man's case, and her consents."""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import label_of
from accounts.models import Organisation
from participants.models import Participant
from partner_contact.models.firewall import FirewalledQuerySet
from partner_contact.models.partners import Partner


class Relationship(models.Model):
    """The link between a partner and a man's case: how they are related and
    whether they have separated."""

    class Kind(models.TextChoices):
        CURRENT_PARTNER = "current_partner", _("Current partner")
        EX_PARTNER = "ex_partner", _("Ex-partner")
        CO_PARENT = "co_parent", _("Co-parent (not a partner)")

    class Status(models.TextChoices):
        TOGETHER = "together", _("Together")
        SEPARATION_ANNOUNCED = "separation_announced", _("Separation announced")
        SEPARATED = "separated", _("Separated")

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
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
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

    # Named without Django's per-call dict of every choice (accounts.choices;
    # 7 us a name against Django's 33-67 us, translating each label):
    # her page names both on every linked case.
    def get_kind_display(self) -> str:
        return label_of(self.Kind, self.kind)

    def get_status_display(self) -> str:
        return label_of(self.Status, self.status)

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
        return self.in_force(on).filter(
            expires_on__isnull=False, expires_on__lte=on + timedelta(days=days)
        )


class Consent(models.Model):
    """Her consent, given on a date in a stated way, to be contacted or to have
    what she says shared with the programme; it may expire or be withdrawn."""

    class Kind(models.TextChoices):
        CONTACT = "contact", _("To be contacted")
        SHARE_WITH_PROGRAMME = "share_with_programme", _("To share with the programme")
        # Read by outcomes: her questionnaire is asked only under this consent.
        OUTCOME_QUESTIONNAIRES = (
            "outcome_questionnaires",
            _("To answer outcome questionnaires"),
        )

    class HowGiven(models.TextChoices):
        VERBAL_PHONE = "verbal_phone", _("Verbally, by phone")
        VERBAL_IN_PERSON = "verbal_in_person", _("Verbally, in person")
        WRITING = "writing", _("In writing (signed)")
        EMAIL = "email", _("By e-mail")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    given_on = models.DateField()
    how_given = models.CharField(max_length=20, choices=HowGiven.choices)
    scope = models.TextField(
        blank=True, help_text=_("What it covers, and what must be withheld from whom.")
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
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
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

    # Named without Django's per-call dict of every choice (accounts.choices;
    # 7 us a name against Django's 33-67 us, translating each label):
    # her page names the kind twice and the way given once on every consent.
    def get_kind_display(self) -> str:
        return label_of(self.Kind, self.kind)

    def get_how_given_display(self) -> str:
        return label_of(self.HowGiven, self.how_given)

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
