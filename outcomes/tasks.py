"""Celery entry points of the outcomes app: thin, idempotent, safe to run twice."""

from celery import shared_task
from django.utils import timezone

from outcomes.detectors import detect_missed_time_points
from outcomes.scheduling import schedule_time_points


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def run_outcome_schedule() -> dict:
    """Create the time points now due and mark missed those whose window closed;
    idempotent through unique constraints and conditional updates."""
    now = timezone.now()
    today = timezone.localdate(now)
    created = schedule_time_points(today=today)
    recorded = detect_missed_time_points(today=today, now=now)
    return {"created": created, "missed": len(recorded.events)}
