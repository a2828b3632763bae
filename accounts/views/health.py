"""/healthz: whether the database, the broker and Celery beat answer."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_GET,
)
from kombu import Connection

from health.models import BEAT, LATE, UNKNOWN, Heartbeat


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """200 when the database and the broker answer and beat is not late, else 503.

    "beat" is "unknown" until the first heartbeat after an install, and that
    stays a 200: health/README.md says why and what to monitor.
    """
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "unreachable"
    try:
        broker = Connection(
            settings.CELERY_BROKER_URL,
            transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            connect_timeout=2,
        )
        with broker:
            broker.ensure_connection(max_retries=1, timeout=2)
        checks["broker"] = "ok"
    except Exception:
        checks["broker"] = "unreachable"
    checks["beat"] = _beat_status(database_ok=checks["database"] == "ok")
    healthy = checks["beat"] != LATE and all(
        checks[name] == "ok" for name in ("database", "broker")
    )
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks},
        status=200 if healthy else 503,
    )


def _beat_status(*, database_ok: bool) -> str:
    """The beat heartbeat's status; "unknown" when the database cannot tell."""
    if not database_ok:
        return UNKNOWN
    try:
        return Heartbeat.objects.status(BEAT)
    except DatabaseError:
        return UNKNOWN
