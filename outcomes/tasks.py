"""Celery entry points of the outcomes app: thin, idempotent, safe to run twice."""

from celery import shared_task
from django.utils import timezone

from accounts.calendar import organisations_by_local_date
from outcomes.detectors import detect_missed_time_points
from outcomes.scheduling import (
    schedule_time_points,
    withdraw_half_way_points_he_never_reached,
)


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def run_outcome_schedule() -> dict:
    """Create the time points now due, withdraw the half-way points of men who
    stopped before half way, and mark missed those whose window closed;
    idempotent through unique constraints and conditional updates."""
    now = timezone.now()
    created = missed = 0
    # Before the missed check, so a point that no longer applies never alerts.
    withdrawn = withdraw_half_way_points_he_never_reached()
    # Each organisation on its own date: one in Auckland is a day ahead of London.
    for today, organisations in organisations_by_local_date(now).items():
        created += schedule_time_points(today=today, organisation_ids=organisations)
        recorded = detect_missed_time_points(
            today=today, now=now, organisation_ids=organisations
        )
        missed += len(recorded.events)
    return {"created": created, "withdrawn": withdrawn, "missed": missed}
