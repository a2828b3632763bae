"""Risk instruments as versioned data, and each organisation's risk settings."""

from dataclasses import dataclass

from django.db import models
from django.db.models import Q

from accounts.models import Organisation
from participants.models import RiskLevel


class Answer(models.TextChoices):
    """The answer to one item of a yes / no / don't-know instrument."""

    YES = "yes", "Yes"
    NO = "no", "No"
    DONT_KNOW = "dont_know", "Don't know"


@dataclass(frozen=True)
class Thresholds:
    """Score bands of an instrument as one organisation uses it."""

    medium_from: int
    high_from: int

    def level_for(self, score: int) -> str:
        if score >= self.high_from:
            return RiskLevel.HIGH
        if score >= self.medium_from:
            return RiskLevel.MEDIUM
        return RiskLevel.STANDARD


class RiskInstrumentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class RiskInstrument(models.Model):
    """One version of a structured risk checklist: its items, weights and bands."""

    code = models.SlugField(max_length=40)
    version = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # Only the active version of a code is offered for new assessments; older
    # versions stay for the assessments made with them.
    is_active = models.BooleanField(default=True)
    # Default bands (score at which a level starts); organisations may override.
    medium_from = models.PositiveSmallIntegerField()
    high_from = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RiskInstrumentQuerySet.as_manager()

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="instrument_version_unique"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(is_active=True),
                name="one_active_version_per_instrument",
            ),
            models.CheckConstraint(
                condition=Q(medium_from__gte=1)
                & Q(high_from__gt=models.F("medium_from")),
                name="instrument_bands_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.name} (version {self.version})"

    def thresholds_for(self, organisation: Organisation) -> Thresholds:
        """The bands this organisation uses: its override, or the instrument's."""
        override = self.organisation_thresholds.filter(
            organisation=organisation
        ).first()
        if override:
            return Thresholds(override.medium_from, override.high_from)
        return Thresholds(self.medium_from, self.high_from)


class InstrumentItem(models.Model):
    """One question of an instrument, in our own words, with its domain and weight."""

    instrument = models.ForeignKey(
        RiskInstrument, on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField()
    code = models.SlugField(max_length=40)
    domain = models.CharField(max_length=60)
    text = models.CharField(max_length=300)
    guidance = models.CharField(max_length=300, blank=True)
    # Added to the score when the answer is "yes".
    weight = models.PositiveSmallIntegerField(default=1)
    # The item that stands for a pregnancy or a baby in the last 18 months, read
    # by the pregnancy detector; at most one per instrument.
    marks_pregnancy = models.BooleanField(default=False)

    class Meta:
        ordering = ["instrument", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "order"], name="item_order_unique"
            ),
            models.UniqueConstraint(
                fields=["instrument", "code"], name="item_code_unique"
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.text}"


class InstrumentThreshold(models.Model):
    """An organisation's own score bands for an instrument (local variants)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+"
    )
    instrument = models.ForeignKey(
        RiskInstrument,
        on_delete=models.CASCADE,
        related_name="organisation_thresholds",
    )
    medium_from = models.PositiveSmallIntegerField()
    high_from = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "instrument"],
                name="one_threshold_per_organisation_and_instrument",
            ),
            models.CheckConstraint(
                condition=Q(medium_from__gte=1)
                & Q(high_from__gt=models.F("medium_from")),
                name="organisation_bands_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.organisation_id}: {self.medium_from}/{self.high_from}"


def default_monitoring_kinds() -> list[str]:
    return ["separation", "announced_separation"]


class RiskSettings(models.Model):
    """An organisation's risk rules: review intervals, MARAC threshold, monitoring."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="risk_settings"
    )
    review_weeks_high = models.PositiveSmallIntegerField(default=4)
    review_weeks_medium = models.PositiveSmallIntegerField(default=8)
    review_weeks_standard = models.PositiveSmallIntegerField(default=12)
    marac_threshold = models.PositiveSmallIntegerField(
        default=14, help_text="Yes answers at which a man meets the MARAC criterion."
    )
    escalation_incidents = models.PositiveSmallIntegerField(
        default=3,
        help_text="Incidents in twelve months that count as escalation for MARAC.",
    )
    monitoring_days = models.PositiveSmallIntegerField(
        default=90, help_text="Length of a period of increased risk."
    )
    monitoring_event_kinds = models.JSONField(
        default=default_monitoring_kinds,
        blank=True,
        help_text="Event kinds that open a period of increased risk.",
    )
    monitoring_contact_days = models.PositiveSmallIntegerField(
        default=7,
        help_text="In a period, a partner contact attempt at least this often.",
    )
    monitoring_review_days = models.PositiveSmallIntegerField(
        default=14, help_text="In a period, the assessment is reviewed within this."
    )
    warning_days = models.PositiveSmallIntegerField(
        default=14,
        help_text="Days ahead to warn of hearings, releases and expiring consents.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "risk settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(review_weeks_high__gte=1)
                & Q(review_weeks_medium__gte=1)
                & Q(review_weeks_standard__gte=1)
                & Q(monitoring_days__gte=1)
                & Q(monitoring_contact_days__gte=1)
                & Q(monitoring_review_days__gte=1)
                & Q(marac_threshold__gte=1)
                & Q(escalation_incidents__gte=1),
                name="risk_settings_positive",
            )
        ]

    def __str__(self):
        return f"Risk settings of {self.organisation_id}"

    @classmethod
    def for_organisation(cls, organisation_id: int) -> "RiskSettings":
        """The organisation's settings, or the defaults (unsaved) if none stored."""
        found = cls.objects.filter(organisation_id=organisation_id).first()
        return found or cls(organisation_id=organisation_id)

    @classmethod
    def by_organisation(cls, organisation_ids) -> dict[int, "RiskSettings"]:
        """Settings of many organisations in one query, defaults for the rest."""
        stored = {
            s.organisation_id: s
            for s in cls.objects.filter(organisation_id__in=organisation_ids)
        }
        return {
            org_id: stored.get(org_id) or cls(organisation_id=org_id)
            for org_id in organisation_ids
        }

    def review_weeks(self, level: str) -> int:
        return {
            RiskLevel.HIGH: self.review_weeks_high,
            RiskLevel.MEDIUM: self.review_weeks_medium,
        }.get(level, self.review_weeks_standard)
