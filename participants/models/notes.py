"""Case notes about the man, and the draft a worker is typing."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organisation
from participants.models.cases import CaseRecordQuerySet, Participant


class CaseNote(models.Model):
    """A one-to-one or case note about the man, written by a worker."""

    class Kind(models.TextChoices):
        ONE_TO_ONE = "one_to_one", _("One-to-one session")
        PHONE = "phone", _("Phone call")
        MEETING = "meeting", _("Professionals' meeting")
        OTHER = "other", _("Other")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="case_notes",
        verbose_name=_("participant"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.ONE_TO_ONE
    )
    occurred_on = models.DateField(_("date"))
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)
    # Issued with the blank form: the same form posted twice (Back, then Save
    # again) is one note, not two.
    submission_token = models.UUIDField(
        _("submission token"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords()
    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["-occurred_on", "-created_at"]
        indexes = [models.Index(fields=["participant", "-occurred_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_token"], name="one_note_per_submission"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.occurred_on}"


class CaseNoteDraft(models.Model):
    """The unsaved text of a case note, kept server-side while it is typed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, blank=True)
    occurred_on = models.DateField(null=True, blank=True)
    body = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case note draft")
        verbose_name_plural = _("case note drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "author"], name="one_draft_per_author_and_case"
            )
        ]

    def __str__(self):
        return f"Draft by {self.author_id} for {self.participant_id}"
