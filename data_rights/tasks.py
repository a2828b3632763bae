"""Celery entry points of the data_rights app: thin, idempotent, safe to run twice."""

from celery import shared_task
from django.utils import timezone

from data_rights import detectors, services


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def build_subject_access_export(request_id: int) -> bool:
    """Build the export of a request being prepared; a second run (or a run
    after the export was built) finds nothing to build and does nothing."""
    return services.build_export(request_id=request_id)


@shared_task(acks_late=True, soft_time_limit=120, time_limit=180)
def warn_of_request_deadlines() -> int:
    """Warn the managers of requests due within a week or overdue; each warning
    is written once per request and stage, so a second run sends nothing."""
    return len(detectors.detect_request_deadlines(now=timezone.now()))


@shared_task(acks_late=True, soft_time_limit=120, time_limit=180)
def drop_old_exports() -> int:
    """Drop exports released long ago and any about a person since erased;
    a second run finds nothing more to drop."""
    return services.drop_exports(now=timezone.now())
