"""Celery entry points of the health app: thin and idempotent."""

from celery import shared_task
from django.utils import timezone

from health.models import BEAT, Heartbeat


@shared_task(acks_late=True, soft_time_limit=20, time_limit=30)
def record_beat_heartbeat() -> None:
    """Record that beat queued this, the broker carried it and a worker ran it;
    idempotent: one row, overwritten."""
    Heartbeat.objects.record(BEAT, now=timezone.now())
