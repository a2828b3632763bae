"""Risk assessments of a man and their answers."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import label_of
from accounts.models import Organisation, TenantQuerySet
from accounts.roles import CASE_ROLES, CASE_WORK_ROLES
from participants.models import Participant, RiskLevel
from risk.models.instruments import Answer, InstrumentItem, RiskInstrument

LEVEL_RANK = {
    RiskLevel.NOT_ASSESSED: 0,
    RiskLevel.STANDARD: 1,
    RiskLevel.MEDIUM: 2,
    RiskLevel.HIGH: 3,
}
ASSESSED_LEVELS = [RiskLevel.STANDARD, RiskLevel.MEDIUM, RiskLevel.HIGH]


class RiskAssessmentQuerySet(TenantQuerySet):
    def visible_to(self, user):
        """Assessments of men the user may see (every role but org admins)."""
        return self.in_organisation_of(user, roles=CASE_WORK_ROLES).filter(
            participant__in=Participant.objects.visible_to(user).values("pk"),
        )

    def of_case(self, participant: Participant, user) -> "RiskAssessmentQuerySet":
        """His assessments that `visible_to(user)` shows, as `visible_to(user)
        .filter(participant=participant)`; to caseworkers and managers, who see
        every man of their organisation, without the subquery of all the men."""
        if user.role in CASE_ROLES:
            if participant.organisation_id != user.organisation_id:
                return self.none()
            return self.in_organisation_of(user, roles=CASE_WORK_ROLES).filter(
                participant=participant
            )
        return self.visible_to(user).filter(participant=participant)

    def latest_per_participant(self):
        """Each man's latest assessment only (by date, then by entry)."""
        newer = RiskAssessment.objects.filter(
            participant=OuterRef("participant")
        ).filter(
            Q(assessed_on__gt=OuterRef("assessed_on"))
            | Q(assessed_on=OuterRef("assessed_on"), pk__gt=OuterRef("pk"))
        )
        return self.filter(~Exists(newer))

    def review_overdue(self, today):
        return self.latest_per_participant().filter(next_review_on__lt=today)


class RiskAssessment(models.Model):
    """One structured assessment of a man's risk with an instrument, on a date."""

    class Source(models.TextChoices):
        INTERVIEW = "interview", _("Interview with him")
        PARTNER_SUPPORT = "partner_support", _("Partner-support information")
        POLICE = "police", _("Police")
        PROBATION = "probation", _("Probation")
        CHILDRENS_SERVICES = "childrens_services", _("Children's services")
        CASE_RECORDS = "case_records", _("Case records")
        OTHER_AGENCY = "other_agency", _("Another agency")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="risk_assessments",
        verbose_name=_("participant"),
    )
    instrument = models.ForeignKey(
        RiskInstrument,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("instrument"),
    )
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    sources = models.JSONField(_("sources"), default=list)
    # Computed on the server from the answers, with the bands then in force.
    score = models.PositiveSmallIntegerField(_("score"))
    yes_count = models.PositiveSmallIntegerField(_("yes answers"))
    dont_know_count = models.PositiveSmallIntegerField(
        _("“don't know” answers"), default=0
    )
    medium_from = models.PositiveSmallIntegerField(_("medium risk from (score)"))
    high_from = models.PositiveSmallIntegerField(_("high risk from (score)"))
    computed_level = models.CharField(
        _("level from the score"), max_length=10, choices=RiskLevel.choices
    )
    # Professional judgement may raise the computed level, never lower it.
    judgement_level = models.CharField(
        _("level by professional judgement"),
        max_length=10,
        choices=RiskLevel.choices,
        blank=True,
    )
    judgement_reason = models.TextField(_("reason for the judgement"), blank=True)
    level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    next_review_on = models.DateField(_("next review on"))
    # The language the assessment was done in (its items were read in); a reader
    # sees the items in her own language, this one shown beside them.
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = RiskAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["-assessed_on", "-pk"]
        permissions = [("view_risk_dashboard", "See the risk dashboard")]
        indexes = [models.Index(fields=["participant", "-assessed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(computed_level__in=ASSESSED_LEVELS)
                & Q(level__in=ASSESSED_LEVELS),
                name="assessment_levels_are_assessed",
            ),
            # Without judgement the level is the computed one; with judgement it
            # is the judged one and a reason is given.
            models.CheckConstraint(
                condition=Q(judgement_level="", level=F("computed_level"))
                | (
                    ~Q(judgement_level="")
                    & ~Q(judgement_reason="")
                    & Q(level=F("judgement_level"))
                ),
                name="assessment_judgement_has_reason",
            ),
            # Judgement may raise the level, never lower it.
            models.CheckConstraint(
                condition=Q(level=F("computed_level"))
                | Q(computed_level=RiskLevel.STANDARD, level__in=["medium", "high"])
                | Q(computed_level=RiskLevel.MEDIUM, level=RiskLevel.HIGH),
                name="assessment_judgement_never_lowers",
            ),
            models.CheckConstraint(
                condition=Q(next_review_on__gt=F("assessed_on")),
                name="assessment_review_after_assessment",
            ),
        ]

    def __str__(self):
        return gettext("%(level)s on %(date)s") % {
            "level": self.get_level_display(),
            "date": date_format(self.assessed_on, "DATE_FORMAT"),
        }

    def get_absolute_url(self):
        return reverse("risk:assessment_detail", args=[self.uuid])

    def get_level_display(self) -> str:
        # One lookup (accounts.choices): his case file names every assessment.
        return label_of(RiskLevel, self.level)

    @property
    def judgement_raised(self) -> bool:
        return bool(self.judgement_level) and self.level != self.computed_level

    def level_name(self, language: str | None = None) -> str:
        """The level in the instrument's own names (e.g. Spain's five)."""
        return self.instrument.level_name(self.score, self.level, language)

    def source_labels(self) -> list[str]:
        return [self.Source(s).label for s in self.sources if s in self.Source.values]


class RiskAnswer(models.Model):
    """The answer to one item of an assessment, with the assessor's comment.

    Answers are written once with their assessment and never changed (a new
    assessment replaces an old one), so the assessment's history covers them.
    """

    assessment = models.ForeignKey(
        RiskAssessment, on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(InstrumentItem, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=10, choices=Answer.choices)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("risk assessment answer")
        verbose_name_plural = _("risk assessment answers")
        ordering = ["item__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "item"], name="one_answer_per_item"
            )
        ]

    def __str__(self):
        return f"{self.item_id}: {self.answer}"
