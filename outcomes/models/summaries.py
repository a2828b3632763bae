"""What the programme outcomes page adds up, kept beside the responses."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from outcomes.models.questionnaires import Respondent, TimePointKind
from outcomes.models.responses import Response
from outcomes.models.schedule import TimePoint, sees_her_outcomes, sees_his_outcomes
from programmes.models import Enrolment


class ResponseSummaryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The summaries of the time points TimePoint.objects.visible_to shows:
        his for caseworkers, hers only behind the firewall."""
        if not sees_his_outcomes(user):
            return self.none()
        mine = self.filter(organisation_id=user.organisation_id)
        if sees_her_outcomes(user):
            return mine
        return mine.filter(respondent=Respondent.MAN)

    def of_points(self, points: models.QuerySet[TimePoint]):
        """The summaries of these time points' responses."""
        return self.filter(response__time_point__in=points)


class ResponseSummary(models.Model):
    """A complete response as the programme figures add it up: its time point's
    facts, its domain scores, and each domain's change since the same person's
    intake. Derived from the response and its time point, never edited: the
    services that record responses rebuild a person's rows (outcomes.summaries).
    """

    # Deleting a response deletes its summary; deleting an intake leaves the
    # later rows without one, and a row without an intake shows no change.
    response = models.OneToOneField(
        Response, on_delete=models.CASCADE, primary_key=True, related_name="summary"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    respondent = models.CharField(max_length=10, choices=Respondent.choices)
    kind = models.CharField(max_length=16, choices=TimePointKind.choices)
    # The time point's due date, which no longer moves once it is answered.
    due_on = models.DateField()
    # Domain code -> score, for the domains that were scored.
    scores = models.JSONField(default=dict)
    intake = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Domain code -> this score minus the intake's, where both were scored.
    changes = models.JSONField(default=dict)

    objects = ResponseSummaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire response summary")
        verbose_name_plural = _("questionnaire response summaries")
        indexes = [
            # The page's rows by organisation and kind (his and hers); each
            # intake in scope is found from the index alone.
            models.Index(
                fields=["organisation", "kind", "respondent"],
                include=["response"],
                name="outcome_summary_org_idx",
            )
        ]

    def __str__(self):
        return f"Summary of response {self.response_id}"
