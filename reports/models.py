"""A period report's file prepared in the background for a large organisation.

Computing a year's figures for many thousands of men takes longer than a page
may; the manager asks for the file, a Celery task writes it here, and the
status page shows its progress and then offers it to her alone. The file holds
the figures as they may leave the organisation (small numbers suppressed) and
is dropped a day later (settings.REPORT_EXPORT_KEEP_HOURS).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.roles import CASEWORKER, MANAGER

# Who may open the report on screen, and who may take it out of the organisation.
REPORT_ROLES = (CASEWORKER, MANAGER)
EXPORT_ROLES = (MANAGER,)


class ReportExportQuerySet(models.QuerySet):
    def of_requester(self, user):
        """Her own files: a file is offered to the manager who asked, in her
        organisation, and to no one else (not even another manager)."""
        if not user.is_authenticated or user.organisation_id is None:
            return self.none()
        return self.filter(organisation_id=user.organisation_id, requested_by=user)


class ReportExport(models.Model):
    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        # The print view as a PDF, prepared like the others at a large scale.
        PDF = "pdf", "PDF"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    format = models.CharField(max_length=4, choices=Format.choices)
    # The period and scope as the report's form takes them (PeriodForm.query()),
    # checked again by the task with the requester's own rights.
    query = models.JSONField(default=dict)
    # The language the file's labels are written in: the requester's, when asked.
    language = models.CharField(max_length=10)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    filename = models.CharField(max_length=100, blank=True)
    content = models.BinaryField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ReportExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.filename or self.format} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)
