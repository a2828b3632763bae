"""Attendance: one man at one session."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organisation, TenantQuerySet
from accounts.roles import CASE_ROLES
from participants.models import Participant
from programmes.models.groups import Session


class AttendanceQuerySet(TenantQuerySet):
    def visible_to(self, user):
        """Attendance of sessions the user may see."""
        return self.filter(session__in=Session.objects.visible_to(user).values("pk"))

    def of_case(self, participant: Participant, user) -> "AttendanceQuerySet":
        """His attendance that `visible_to(user)` shows, as `visible_to(user)
        .filter(participant=participant)`.

        Caseworkers and managers see every session of their organisation: the
        session's organisation is compared on the join to his sessions rather
        than through a subquery of all of them. A facilitator's sessions (his
        groups, his one-to-ones) are asked for as in `visible_to`.
        """
        his = self.filter(participant=participant)
        if user.role in CASE_ROLES and user.organisation_id is not None:
            return his.filter(session__organisation_id=user.organisation_id)
        return his.visible_to(user)


class Attendance(models.Model):
    """Whether and how one man took part in one session."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        LEFT_EARLY = "left_early", _("Left early")
        EXCUSED = "excused", _("Excused absence")
        UNEXCUSED = "unexcused", _("Unexcused absence")

    ATTENDED = (Status.PRESENT, Status.LATE, Status.LEFT_EARLY)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    # Indexed in Meta together with the status.
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", db_index=False
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    participation = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("1 (withdrawn) to 5 (fully engaged).")
    )
    note = models.TextField(blank=True)
    concern = models.BooleanField(default=False, help_text=_("This worried me."))
    # The facilitator wants a manager told now, not only his caseworker.
    urgent = models.BooleanField(default=False, help_text=_("Urgent: tell a manager."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance record")
        verbose_name_plural = _("attendance records")
        ordering = ["session__date"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="one_attendance_per_session"
            ),
            models.CheckConstraint(
                condition=models.Q(participation__isnull=True)
                | models.Q(participation__gte=1, participation__lte=5),
                name="participation_is_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(urgent=False) | models.Q(concern=True),
                name="urgent_attendance_is_a_concern",
            ),
        ]
        indexes = [
            models.Index(fields=["participant", "session"]),
            # The registers of many sessions counted from the index alone (the
            # dashboard's weekly attendance).
            models.Index(
                fields=["session"],
                include=["status"],
                name="attendance_session_status_idx",
            ),
        ]
        permissions = [("record_attendance", "Record attendance for a session")]

    def __str__(self):
        return f"{self.participant_id} at {self.session_id}: {self.status}"
