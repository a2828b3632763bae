"""A burst of separations, then the time from each alert row to its e-mail sent.

Run by tests.bench.run as `python -m tests.bench.alert_burst` while a Celery
worker consumes the same database and broker. Separations go through
`partner_contact.services.record_separation`, one transaction each, as a worker's
form would record them; risk's receiver writes the events and alerts and queues
the e-mails on commit. Prints JSON: latencies of the alert rows created.
"""

import json
import os
import sys
import time

import django

from tests.bench.stats import percentile

BURST = int(os.environ.get("BENCH_ALERT_BURST", "50"))
WAIT_SECONDS = float(os.environ.get("BENCH_ALERT_WAIT", "120"))


def main() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench.settings")
    django.setup()
    from django.db.models import Max
    from django.utils import timezone

    from accounts.models import User
    from partner_contact import services
    from partner_contact.models import Relationship
    from risk.models import Alert

    today = timezone.localdate()
    before = Alert.objects.aggregate(last=Max("pk"))["last"] or 0
    chosen = list(
        Relationship.objects.filter(status=Relationship.Status.TOGETHER)
        .exclude(partner__partner_support_worker=None)
        .select_related("partner__partner_support_worker")
        .order_by("organisation_id", "pk")[:BURST]
    )
    if not chosen:
        return {"error": "no relationship to separate: is partner_contact seeded?"}
    fallback = {}
    started = time.perf_counter()
    for relationship in chosen:
        actor = relationship.partner.partner_support_worker
        if actor is None:
            actor = fallback.setdefault(
                relationship.organisation_id,
                User.objects.filter(
                    organisation_id=relationship.organisation_id,
                    role="partner_support",
                ).first(),
            )
        services.record_separation(
            relationship=relationship, occurred_on=today, announced=False, actor=actor
        )
    burst_seconds = time.perf_counter() - started

    alerts = Alert.objects.filter(pk__gt=before)
    deadline = time.monotonic() + WAIT_SECONDS
    waiting = Alert.EmailStatus.PENDING, Alert.EmailStatus.SENDING
    while time.monotonic() < deadline and alerts.filter(email_status__in=waiting):
        time.sleep(0.2)
    rows = list(alerts.values("pk", "created_at", "email_status", "email_sent_at"))
    latencies = [
        (row["email_sent_at"] - row["created_at"]).total_seconds()
        for row in rows
        if row["email_sent_at"]
    ]
    by_status: dict[str, int] = {}
    for row in rows:
        by_status[row["email_status"]] = by_status.get(row["email_status"], 0) + 1
    return {
        "separations": len(chosen),
        "burst_seconds": round(burst_seconds, 2),
        "alerts": len(rows),
        "by_status": by_status,
        "sent": len(latencies),
        "p50": percentile(latencies, 0.5),
        "p95": percentile(latencies, 0.95),
        "max": max(latencies, default=None),
    }


if __name__ == "__main__":
    json.dump(main(), sys.stdout, indent=1)
