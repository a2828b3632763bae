"""Risk instruments as versioned data, and each organisation's risk settings."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.languages import in_language
from accounts.models import Organisation
from participants.models import RiskLevel


class Answer(models.TextChoices):
    """The answer to one item of a yes / no / don't-know instrument."""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    DONT_KNOW = "dont_know", _("Don't know")


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

    def of_organisation(self, organisation_id: int):
        """The versions an organisation may read: shipped ones and its own."""
        return self.filter(
            Q(organisation__isnull=True) | Q(organisation_id=organisation_id)
        )

    def offered_to(self, organisation_id: int):
        """The versions offered for the organisation's new assessments: its own
        active version of a code, or the shipped one while it has none."""
        own_codes = RiskInstrument.objects.filter(
            organisation_id=organisation_id, is_active=True
        ).values("code")
        return self.active().filter(
            Q(organisation_id=organisation_id)
            | Q(organisation__isnull=True) & ~Q(code__in=own_codes)
        )


class RiskInstrument(models.Model):
    """One version of a structured risk checklist: its items, weights and bands."""

    # Empty for a version shipped with the system (every organisation's until it
    # publishes its own); an organisation's own versions are its alone.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
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
    # A draft is prepared, previewed and published by a manager (risk.versions);
    # only a draft's items, weights, bands and texts may change. A published
    # version may have been used, and an assessment is read with the version it
    # was made with, so it never changes.
    is_draft = models.BooleanField(default=False)
    # The language of `name` and the items' `text`; translations fall back to it.
    language = models.CharField(max_length=10, default="en")
    # The instrument's own named levels, lowest first (empty: standard, medium and
    # high). Each: {"from": score, "band": a RiskLevel the rules act on,
    # "names": {language: name}}; e.g. Spain's five or Italy's three.
    levels = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RiskInstrumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk instrument")
        verbose_name_plural = _("risk instruments")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "organisation", "version"],
                name="instrument_version_unique",
                nulls_distinct=False,
            ),
            models.UniqueConstraint(
                fields=["code", "organisation"],
                condition=Q(is_active=True),
                name="one_active_version_per_instrument",
                nulls_distinct=False,
            ),
            # One draft at a time per code and organisation.
            models.UniqueConstraint(
                fields=["code", "organisation"],
                condition=Q(is_draft=True),
                name="one_draft_per_instrument",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(medium_from__gte=1)
                & Q(high_from__gt=models.F("medium_from")),
                name="instrument_bands_in_order",
            ),
        ]

    def __str__(self):
        return gettext("%(name)s (version %(version)s)") % {
            "name": self.name,
            "version": self.version,
        }

    def save(self, *args, **kwargs):
        # A guard, not a side effect: only `is_active` of a published version
        # may change (publishing a newer one retires it from new assessments).
        if self.pk is not None:
            stored = RiskInstrument.objects.filter(pk=self.pk).first()
            if stored is not None and not stored.is_draft:
                frozen = [
                    f for f in FROZEN_FIELDS if getattr(stored, f) != getattr(self, f)
                ]
                if frozen:
                    raise VersionFrozen(self)
        super().save(*args, **kwargs)

    def level_name(self, score: int, band: str, language: str | None = None) -> str:
        """The name this instrument gives to a score (or, when judgement raised
        the band above the score's, the band's own name), in the language asked
        for (default: the reader's), falling back to the instrument's."""
        if not self.levels:
            return str(RiskLevel(band).label)
        reached = [level for level in self.levels if score >= level["from"]]
        level = reached[-1] if reached else self.levels[0]
        if level["band"] != band:
            level = next(
                (candidate for candidate in self.levels if candidate["band"] == band),
                level,
            )
        return in_language(level["names"], language, self.language)

    def thresholds_for(self, organisation: Organisation) -> Thresholds:
        """The bands this organisation uses: its override, or the instrument's."""
        override = self.organisation_thresholds.filter(
            organisation=organisation
        ).first()
        if override:
            return Thresholds(override.medium_from, override.high_from)
        return Thresholds(self.medium_from, self.high_from)


class VersionFrozen(ValidationError):
    """A published instrument version (perhaps used) was about to change."""

    def __init__(self, instrument):
        super().__init__(
            _(
                "%(instrument)s is published and may have been used: it cannot "
                "change. Create a new version instead."
            )
            % {"instrument": instrument}
        )


# What a published version keeps as it was.
FROZEN_FIELDS = (
    "organisation_id",
    "code",
    "version",
    "name",
    "description",
    "medium_from",
    "high_from",
    "language",
    "levels",
    "is_draft",
)


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
    # The item in other languages: {"de": {"text": "...", "guidance": "..."}}.
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("instrument item")
        verbose_name_plural = _("instrument items")
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

    def save(self, *args, **kwargs):
        # Items of a published version never change (see RiskInstrument.is_draft).
        if not RiskInstrument.objects.filter(
            pk=self.instrument_id, is_draft=True
        ).exists():
            raise VersionFrozen(self.instrument)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not self.instrument.is_draft:
            raise VersionFrozen(self.instrument)
        return super().delete(*args, **kwargs)

    def text_in(self, language: str | None = None) -> str:
        """The item's text in the language (default: the reader's), falling back
        to the instrument's own language."""
        texts = {lang: t.get("text", "") for lang, t in self.translations.items()}
        return in_language(
            {**texts, self.instrument.language: self.text},
            language,
            self.instrument.language,
        )

    def guidance_in(self, language: str | None = None) -> str:
        texts = {lang: t.get("guidance", "") for lang, t in self.translations.items()}
        return in_language(
            {**texts, self.instrument.language: self.guidance},
            language,
            self.instrument.language,
        )


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
        verbose_name = _("instrument threshold")
        verbose_name_plural = _("instrument thresholds")
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
    """An organisation's risk rules: review intervals, the multi-agency risk
    conference's threshold (its name is the organisation's: localisation.Terms),
    monitoring."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="risk_settings"
    )
    review_weeks_high = models.PositiveSmallIntegerField(default=4)
    review_weeks_medium = models.PositiveSmallIntegerField(default=8)
    review_weeks_standard = models.PositiveSmallIntegerField(default=12)
    marac_threshold = models.PositiveSmallIntegerField(
        default=14,
        help_text=_(
            "Yes answers at which a man meets the criterion for the multi-agency "
            "risk conference."
        ),
    )
    escalation_incidents = models.PositiveSmallIntegerField(
        default=3,
        help_text=_(
            "Incidents in twelve months that count as escalation for the "
            "multi-agency risk conference."
        ),
    )
    # The conference's windows (England and Wales: twelve months each); some areas
    # count escalation as three incidents in six months.
    escalation_window_days = models.PositiveSmallIntegerField(
        _("escalation window (days)"),
        default=365,
        help_text=_("The incidents that count as escalation fall within this."),
    )
    repeat_window_days = models.PositiveSmallIntegerField(
        _("repeat referral window (days)"),
        default=365,
        help_text=_("A new incident this soon after a referral is a repeat."),
    )
    monitoring_days = models.PositiveSmallIntegerField(
        default=90, help_text=_("Length of a period of increased risk.")
    )
    monitoring_event_kinds = models.JSONField(
        default=default_monitoring_kinds,
        blank=True,
        help_text=_("Event kinds that open a period of increased risk."),
    )
    monitoring_contact_days = models.PositiveSmallIntegerField(
        default=7,
        help_text=_("In a period, a partner contact attempt at least this often."),
    )
    monitoring_review_days = models.PositiveSmallIntegerField(
        default=14, help_text=_("In a period, the assessment is reviewed within this.")
    )
    warning_days = models.PositiveSmallIntegerField(
        default=14,
        help_text=_("Days ahead to warn of hearings, releases and expiring consents."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("risk settings")
        verbose_name_plural = _("risk settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(review_weeks_high__gte=1)
                & Q(review_weeks_medium__gte=1)
                & Q(review_weeks_standard__gte=1)
                & Q(monitoring_days__gte=1)
                & Q(monitoring_contact_days__gte=1)
                & Q(monitoring_review_days__gte=1)
                & Q(marac_threshold__gte=1)
                & Q(escalation_incidents__gte=1)
                & Q(escalation_window_days__gte=1)
                & Q(repeat_window_days__gte=1),
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
