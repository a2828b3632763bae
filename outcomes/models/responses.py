"""What was answered at a time point: the response and its item answers."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from outcomes.models.questionnaires import Item, Questionnaire
from outcomes.models.schedule import TimePoint


class ResponseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Responses of the time points the user may see (hers behind the firewall)."""
        return self.filter(time_point__in=TimePoint.objects.visible_to(user))

    def complete(self):
        return self.filter(status=Response.Status.COMPLETE)


class Response(models.Model):
    """The answers one person gave at one time point, with the version used and
    the domain scores computed from them; a draft until it is complete."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        COMPLETE = "complete", _("Complete")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("By phone")
        PAPER = "paper", _("Self-completed on paper, typed in")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    # One questionnaire per time point, held by the database.
    time_point = models.OneToOneField(
        TimePoint, on_delete=models.PROTECT, related_name="response"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="responses"
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    mode = models.CharField(max_length=10, choices=Mode.choices)
    # The language the questions were asked in (a code of settings.LANGUAGES);
    # a reader sees them in his own, this one stated beside them. Empty for a
    # response recorded before languages were kept.
    language = models.CharField(max_length=10, blank=True)
    # Domain code -> score (None when too few items were answered to score it).
    domain_scores = models.JSONField(default=dict)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire response")
        verbose_name_plural = _("questionnaire responses")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft", completed_at__isnull=True)
                | models.Q(status="complete", completed_at__isnull=False),
                name="complete_response_has_completion_time",
            )
        ]

    def __str__(self):
        return f"{self.questionnaire} at {self.time_point}"


class Answer(models.Model):
    """One item's answer in a response: a scale value with its score, or "not
    answered" / "declined", whose score is empty (never zero)."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    value = models.CharField(max_length=40)
    score = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("questionnaire answer")
        verbose_name_plural = _("questionnaire answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "item"], name="one_outcome_answer_per_item"
            )
        ]

    def __str__(self):
        return f"{self.item_id}: {self.value}"
