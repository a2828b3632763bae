"""Questionnaires as versioned data: items in domains, answer scales, scoring.

A version that has answers is frozen: its questionnaire row (but for retiring it),
domains, scales and items refuse to be saved, updated or deleted. A change is a
new version (outcomes.services.publish_new_version).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.languages import in_language


class Respondent(models.TextChoices):
    """Who answers a questionnaire."""

    MAN = "man", _("The man")
    PARTNER = "partner", _("His (ex-)partner")


class TimePointKind(models.TextChoices):
    """The points in time at which outcomes are asked, in order."""

    INTAKE = "intake", _("Intake")
    HALF_WAY = "half_way", _("Half way")
    END = "end", _("End (completed or stopped attending)")
    FOLLOW_UP_6 = "follow_up_6", _("First follow-up (6 months)")
    FOLLOW_UP_12 = "follow_up_12", _("Second follow-up (12 months)")


class SpecialAnswer(models.TextChoices):
    """Answers every item accepts besides its scale; neither counts as zero."""

    NOT_ANSWERED = "not_answered", _("Not answered")
    DECLINED = "declined", _("Declined to answer")


SPECIAL_ANSWERS = frozenset(SpecialAnswer.values)


class QuestionnaireLocked(Exception):
    """A questionnaire version with answers cannot be changed; publish a new one."""


def refuse_if_answered(questionnaire_ids) -> None:
    """Raise QuestionnaireLocked if any of these versions has a response."""
    # By name: responses.py imports this module.
    response_model = Questionnaire._meta.get_field("responses").related_model
    if response_model.objects.filter(questionnaire_id__in=questionnaire_ids).exists():
        raise QuestionnaireLocked(
            _("This questionnaire version has answers; publish a new version.")
        )


class QuestionnaireQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_respondent(self, respondent: str):
        return self.filter(respondent=respondent)

    def update(self, **kwargs):
        # Retiring a version (is_active) is the one change an answered one allows.
        if set(kwargs) - {"is_active"}:
            refuse_if_answered(self.values("pk"))
        return super().update(**kwargs)


class Questionnaire(models.Model):
    """One version of an outcome questionnaire for one respondent."""

    code = models.SlugField(max_length=40)
    version = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=200)
    respondent = models.CharField(max_length=10, choices=Respondent.choices)
    # The time points (TimePointKind values) at which this version is used.
    time_points = models.JSONField(default=list)
    # TimePointKind value -> the recall period asked at that point.
    recall_periods = models.JSONField(default=dict)
    introduction = models.TextField(blank=True)
    # The language of the texts above and of the domains', scales' and items'
    # own texts; a text missing in another language falls back to this one.
    language = models.CharField(max_length=10, default="en")
    # The texts above in other languages: {"de": {"name": "...", "introduction":
    # "...", "recall_periods": {kind: "..."}}}.
    translations = models.JSONField(default=dict, blank=True)
    # Only the active version of a code is offered for new responses.
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="questionnaire_version_unique"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(is_active=True),
                name="one_active_version_per_questionnaire",
            ),
        ]

    def __str__(self):
        return gettext("%(name)s (version %(version)s)") % {
            "name": self.name,
            "version": self.version,
        }

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.pk and not (update_fields and set(update_fields) <= {"is_active"}):
            refuse_if_answered([self.pk])
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_if_answered([self.pk])
        return super().delete(*args, **kwargs)

    def has_answers(self) -> bool:
        return self.responses.exists()

    def recall_period(self, kind: str, language: str | None = None) -> str:
        """The recall period asked at this time point, in the language (default:
        the reader's), falling back to the questionnaire's own."""
        texts = {
            lang: t.get("recall_periods", {}).get(kind, "")
            for lang, t in self.translations.items()
        }
        texts[self.language] = self.recall_periods.get(kind, "")
        return in_language(texts, language, self.language)

    def name_in(self, language: str | None = None) -> str:
        return self._text("name", language)

    def introduction_in(self, language: str | None = None) -> str:
        return self._text("introduction", language)

    def _text(self, field: str, language: str | None) -> str:
        texts = {lang: t.get(field, "") for lang, t in self.translations.items()}
        texts[self.language] = getattr(self, field)
        return in_language(texts, language, self.language)


class VersionPartQuerySet(models.QuerySet):
    def update(self, **kwargs):
        refuse_if_answered(self.values("questionnaire_id"))
        return super().update(**kwargs)

    def delete(self):
        refuse_if_answered(self.values("questionnaire_id"))
        return super().delete()


class VersionPart(models.Model):
    """A part of one questionnaire version, frozen with it once it has answers."""

    objects = VersionPartQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        refuse_if_answered([self.questionnaire_id])
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_if_answered([self.questionnaire_id])
        return super().delete(*args, **kwargs)


class AnswerScale(VersionPart):
    """The answers an item offers, each with the score it adds (frequency,
    agreement, yes / no); "not answered" and "declined" are offered besides."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="scales"
    )
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=100)
    # [{"value": "never", "label": "Never", "score": 0, "labels": {"de": "Nie"}},
    # ...], in display order; "label" is in the questionnaire's language,
    # "labels" (optional) in others.
    options = models.JSONField()

    class Meta:
        verbose_name = _("answer scale")
        verbose_name_plural = _("answer scales")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"], name="scale_code_unique"
            )
        ]

    def __str__(self):
        return self.name

    def scores(self) -> dict[str, float]:
        return {option["value"]: option["score"] for option in self.options}

    def choices(self, language: str | None = None) -> list[tuple[str, str]]:
        """(value, label) in the language (default: the reader's)."""
        original = self.questionnaire.language
        return [
            (
                option["value"],
                in_language(
                    {**option.get("labels", {}), original: option["label"]},
                    language,
                    original,
                ),
            )
            for option in self.options
        ]


class Domain(VersionPart):
    """An area a questionnaire measures (physical violence, her safety), scored
    as the mean or the sum of its items' scores."""

    class Scoring(models.TextChoices):
        MEAN = "mean", _("Mean of the answered items")
        SUM = "sum", _("Sum of the answered items")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="domains"
    )
    # Shared between his and her questionnaires, so the two can be set side by side.
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField()
    scoring = models.CharField(
        max_length=8, choices=Scoring.choices, default=Scoring.MEAN
    )
    # A score needs at least this many scored answers; fewer leave it empty.
    min_answered = models.PositiveSmallIntegerField(default=1)
    # Whether a higher score is a better state (her safety) or a worse one (abuse).
    higher_is_better = models.BooleanField(default=False)
    # The name in other languages: {"de": "..."}.
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("questionnaire domain")
        verbose_name_plural = _("questionnaire domains")
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"], name="domain_code_unique"
            ),
            models.UniqueConstraint(
                fields=["questionnaire", "order"], name="domain_order_unique"
            ),
        ]

    def __str__(self):
        return self.name

    def name_in(self, language: str | None = None) -> str:
        """The name in the language (default: the reader's), falling back to the
        questionnaire's own."""
        original = self.questionnaire.language
        return in_language(
            {**self.translations, original: self.name}, language, original
        )


class Item(VersionPart):
    """One question of a questionnaire version, in our own words."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="items"
    )
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="items")
    scale = models.ForeignKey(
        AnswerScale, on_delete=models.PROTECT, related_name="items"
    )
    order = models.PositiveSmallIntegerField()
    code = models.SlugField(max_length=40)
    text = models.CharField(max_length=300)
    # The question in other languages: {"de": "..."}.
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("questionnaire item")
        verbose_name_plural = _("questionnaire items")
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "order"], name="outcome_item_order_unique"
            ),
            models.UniqueConstraint(
                fields=["questionnaire", "code"], name="outcome_item_code_unique"
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.text}"

    def text_in(self, language: str | None = None) -> str:
        """The question in the language (default: the reader's), falling back to
        the questionnaire's own."""
        original = self.questionnaire.language
        return in_language(
            {**self.translations, original: self.text}, language, original
        )
