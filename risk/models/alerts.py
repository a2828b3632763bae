"""Alerts: a risk event turned into work for one person (the outbox of e-mails)."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organisation, TenantQuerySet, User
from accounts.roles import CASE_WORK_ROLES
from risk.models.records import RiskEvent

# A claim older than this is taken to be from a worker that died mid-send. A
# claim covers one e-mail and a living worker gives it up within the delivery
# task's hard time limit (risk.tasks.deliver_alert_emails, 90 s), so no claim
# older than that belongs to a live worker; the rest is margin for clock skew.
STALE_CLAIM = timedelta(minutes=2)


class AlertQuerySet(TenantQuerySet):
    def visible_to(self, user):
        """Managers see every alert of their organisation; others their own."""
        mine = self.in_organisation_of(user, roles=CASE_WORK_ROLES)
        if user.role == User.Role.MANAGER:
            return mine
        return mine.filter(recipient=user)

    def unacknowledged(self):
        return self.filter(status=Alert.Status.OPEN)

    def not_resolved(self):
        return self.exclude(status=Alert.Status.RESOLVED)

    def email_due(self, now):
        """Alerts whose e-mail is pending, or whose claim went stale."""
        return self.filter(
            Q(email_status=Alert.EmailStatus.PENDING)
            | Q(
                email_status=Alert.EmailStatus.SENDING,
                email_claimed_at__lt=now - STALE_CLAIM,
            )
        )


class Alert(models.Model):
    """One risk event brought to one person, in the app and by e-mail.

    Written in the same transaction as its event (a transactional outbox): the
    e-mail is sent later from this row, so nothing is lost if a worker dies.
    """

    class Reason(models.TextChoices):
        CASEWORKER = "caseworker", _("His caseworker")
        PARTNER_SUPPORT = "partner_support", _("Partner-support worker of his partner")
        MANAGER = "manager", _("Manager")
        FALLBACK = "fallback", _("Nobody else holds the case")

    class Status(models.TextChoices):
        OPEN = "open", _("Not acknowledged")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        RESOLVED = "resolved", _("Resolved")

    class EmailStatus(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        NO_ADDRESS = "no_address", _("No e-mail address")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # No index of their own on the three keys below: each leads an index of
    # Meta (or the unique constraint), which serves the same lookups; a month of
    # missed questionnaires writes 57,000 alerts, each entered in every index.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, db_index=False
    )
    event = models.ForeignKey(
        RiskEvent, on_delete=models.CASCADE, related_name="alerts", db_index=False
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="risk_alerts",
        db_index=False,
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.OPEN
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True)
    # Set when the escalation detector has taken this alert to the managers.
    escalated_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(
        max_length=12, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    history = HistoricalRecords(
        excluded_fields=[
            "email_status",
            "email_claimed_at",
            "email_sent_at",
            "email_attempts",
        ],
        # History rows are read by record (id), by event and organisation
        # (retention's erasure and old-history rule), by date and by user only.
        no_db_index=["uuid", "recipient", "status", "created_at"],
    )
    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "status"]),
            models.Index(fields=["email_status"]),
            # The dashboard's open alerts, oldest first, and their ages: with
            # the event, the ages are counted from the index alone.
            models.Index(
                fields=["organisation", "status", "created_at"],
                include=["event"],
                name="alert_org_status_created_idx",
            ),
            # The escalation detector's alerts still open and not escalated, in
            # every organisation: an alert leaves this index once taken on.
            models.Index(
                fields=["created_at"],
                condition=Q(status="open", escalated_at__isnull=True),
                name="alert_open_unescalated_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "recipient"], name="one_alert_per_event_and_recipient"
            ),
            models.CheckConstraint(
                condition=Q(status="open")
                | Q(status="acknowledged", acknowledged_at__isnull=False)
                | (
                    Q(status="resolved", resolved_at__isnull=False)
                    & Q(acknowledged_at__isnull=False)
                    & ~Q(resolution_note="")
                ),
                name="alert_status_has_times",
            ),
            # Never taken on before it was raised, nor resolved before taken on.
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True)
                | Q(acknowledged_at__gte=F("created_at")),
                name="alert_acknowledged_after_raised",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True)
                | Q(resolved_at__gte=F("acknowledged_at")),
                name="alert_resolved_after_acknowledged",
            ),
        ]

    def __str__(self):
        return f"Alert {self.pk} to {self.recipient_id}: {self.status}"

    def get_absolute_url(self):
        return reverse("risk:alert_detail", args=[self.uuid])

    def acknowledge(self, *, now) -> None:
        """The recipient has seen the alert and takes it on."""
        self.status = self.Status.ACKNOWLEDGED
        self.acknowledged_at = now
        self.save(update_fields=["status", "acknowledged_at"])

    def resolve(self, *, now, note: str) -> None:
        """The recipient has dealt with the alert, saying how."""
        self.status = self.Status.RESOLVED
        self.acknowledged_at = self.acknowledged_at or now
        self.resolved_at = now
        self.resolution_note = note
        self.save(
            update_fields=[
                "status",
                "acknowledged_at",
                "resolved_at",
                "resolution_note",
            ]
        )
