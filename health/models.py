"""Heartbeats: proof, read by /healthz, that periodic background work still runs.

A row per heartbeat name, overwritten each time; its own app below every other,
so that the health check in accounts can read it without importing upwards.
"""

from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

BEAT = "beat"
# Celery beat queues the heartbeat every minute: five missed in a row is late.
LATE_AFTER = timedelta(minutes=5)
OK = "ok"
LATE = "late"
# No heartbeat was ever recorded: a fresh install, or beat was never started.
UNKNOWN = "unknown"


class HeartbeatQuerySet(models.QuerySet):
    def record(self, name: str, *, now: datetime) -> None:
        """Overwrite the heartbeat `name` with `now` (or write it the first time)."""
        self.update_or_create(name=name, defaults={"beat_at": now})

    def status(self, name: str, *, now: datetime | None = None) -> str:
        """Whether this heartbeat is "ok", "late" or "unknown" (never recorded)."""
        now = now or timezone.now()
        beat_at = self.filter(name=name).values_list("beat_at", flat=True).first()
        if beat_at is None:
            return UNKNOWN
        return OK if now - beat_at <= LATE_AFTER else LATE


class Heartbeat(models.Model):
    """The last time a periodic job ran, named after what it proves alive."""

    name = models.CharField(max_length=40, unique=True)
    beat_at = models.DateTimeField()

    objects = HeartbeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("scheduler heartbeat")
        verbose_name_plural = _("scheduler heartbeats")

    def __str__(self):
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
