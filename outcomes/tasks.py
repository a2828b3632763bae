"""Celery entry points of the outcomes app: thin, idempotent, safe to run twice."""

from celery import shared_task
from django.utils import timezone

from accounts.calendar import organisations_by_local_date
from outcomes.detectors import detect_missed_time_points
from outcomes.scheduling import schedule_time_points


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def run_outcome_schedule() -> dict:
    """Create the time points now due and mark missed those whose window closed;
    idempotent through unique constraints and conditional updates."""
    now = timezone.now()
    created = missed = 0
    # Each organisation on its own date: one in Auckland is a day ahead of London.
    for today, organisations in organisations_by_local_date(now).items():
        created += schedule_time_points(today=today, organisation_ids=organisations)
        recorded = detect_missed_time_points(
            today=today, now=now, organisation_ids=organisations
        )
        missed += len(recorded.events)
    return {"created": created, "missed": missed}
