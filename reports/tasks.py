"""Celery entry points of the reports app: thin, idempotent, safe to run twice."""

from celery import shared_task
from django.utils import timezone

from reports import background


@shared_task(acks_late=True, soft_time_limit=540, time_limit=600)
def build_report_export(export_id: int) -> bool:
    """Write a queued report file; a second run finds it taken and does nothing."""
    return background.build_export(export_id=export_id)


@shared_task(acks_late=True, soft_time_limit=120, time_limit=180)
def drop_old_report_exports() -> int:
    """Delete report files kept past their day; a second run finds none."""
    return background.drop_old_exports(now=timezone.now())
