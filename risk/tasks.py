"""Celery entry points of the risk app: thin, idempotent, safe to run twice.

Settings (config/settings/base.py) make every task JSON-only and acks_late with
reject-on-worker-lost, so a task whose worker dies is delivered again; each task
below is written so that a second run does no harm.
"""

import logging
import smtplib

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from risk import outbox, services
from risk.emails import send_alert
from risk.models import Alert

logger = logging.getLogger(__name__)
# Only these are worth retrying; anything else is a bug or a bad address.
TRANSIENT_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=30,
    retry_backoff_max=15 * 60,
    retry_jitter=True,
    max_retries=6,
    # The hard limit bounds how long a living worker holds a claim: STALE_CLAIM
    # (risk.models.alerts) must stay above it.
    soft_time_limit=60,
    time_limit=90,
)
def deliver_alert_emails(alert_ids: list[int]) -> int:
    """Send the e-mails of these alerts, claiming one at a time; idempotent: only
    unclaimed ones are sent."""
    sent = 0
    # Each pass claims a row that is no longer due afterwards: at most one per id.
    for _ in alert_ids:
        alert_id = outbox.claim_alert_email(ids=alert_ids)
        if alert_id is None:
            break
        sent += send_claimed_email(alert_id)
    return sent


def send_claimed_email(alert_id: int) -> int:
    """Send one claimed e-mail and settle its claim; 1 if it was sent."""
    alert = Alert.objects.select_related("recipient", "event__participant").get(
        pk=alert_id
    )
    try:
        send_alert(alert=alert)
    except (*TRANSIENT_ERRORS, SoftTimeLimitExceeded):
        # Back to pending: the retry (or the beat job) will claim it again, and
        # the rest of the list, still pending, with it.
        outbox.release_email_claim(alert_id=alert_id)
        raise
    except Exception:
        logger.exception("Alert e-mail %s failed for good", alert_id)
        outbox.release_email_claim(alert_id=alert_id, failed=True)
        return 0
    outbox.mark_email_sent(alert_id=alert_id)
    return 1


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def send_pending_alerts() -> int:
    """Re-send every e-mail still pending (or stale); idempotent through the claim."""
    due = list(
        Alert.objects.email_due(services.now())
        .order_by("pk")
        .values_list("pk", flat=True)[:1000]
    )
    for start in range(0, len(due), outbox.DELIVERY_CHUNK):
        deliver_alert_emails.delay(due[start : start + outbox.DELIVERY_CHUNK])
    return len(due)


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def run_detectors() -> dict[str, int]:
    """Run every detector; idempotent: known detections conflict on their key."""
    found = services.run_detectors()
    return {name: len(result.events) for name, result in found.items()}


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def escalate_unacknowledged_alerts() -> int:
    """Escalate alerts nobody acknowledged in time; idempotent by the event key."""
    return len(services.escalate_unacknowledged_alerts().events)
