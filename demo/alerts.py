"""Dates for the risk events and alerts the detectors have just recorded.

The outbox stamps what it writes with the time of the run, so after seeding every
alert would be "under a day" old. Here each event is dated from what happened (a
detector finds a fact within a day of it; a hearing to come was found in the
last few days), its alerts from the event, and each alert is acknowledged or
resolved with a likelihood that grows with its age: never acknowledged before
it was raised, never resolved before it was acknowledged. An alert still open
past its organisation's acknowledgement limit was escalated then, with the
escalation event the detector `detect_unacknowledged_alerts` would have recorded.
Alerts whose e-mail is still pending were raised by a service during this run and
keep their real times.
"""

import zlib
from collections import defaultdict
from datetime import datetime, timedelta
from random import Random

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from accounts.models import Organisation
from demo.context import DemoContext
from risk import outbox
from risk.models import Alert, MonitoringPeriod, RiskEvent

Kind = RiskEvent.Kind
# Likelihood that an alert of this age (days) has been acknowledged by now.
ACKNOWLEDGED_BY_AGE = [(1, 0.4), (3, 0.7), (7, 0.85), (None, 0.97)]
RESOLUTION = "Discussed in supervision; plan updated (demo)."
ALERT_FIELDS = [
    "created_at",
    "status",
    "acknowledged_at",
    "resolved_at",
    "resolution_note",
    "escalated_at",
]


def settle(ctx: DemoContext) -> None:
    """Date every event and alert of the seed; escalate what stayed open."""
    events = list(
        RiskEvent.objects.exclude(alerts__email_status=Alert.EmailStatus.PENDING)
        .order_by("pk")
        .values("pk", "occurred_on", "organisation_id", "dedup_key")
        .distinct()
    )
    raised = {e["pk"]: _raised(ctx, e) for e in events}
    escalations = _date_alerts(ctx, raised)
    if escalations:
        recorded = outbox.record_events(
            list(escalations.values()), deliver=False, now=ctx.now
        )
        again = {}
        for event in recorded.events:
            at = escalations[event.dedup_key].occurred_on
            again[event.pk] = min(ctx.at(at, 10), ctx.now - timedelta(minutes=5))
        _date_alerts(ctx, again, escalate=False)
    _redate_history(ctx)


def _draws(ctx: DemoContext, *key) -> Random:
    """A generator of its own for one event or alert: the outbox writes rows in
    no fixed order, so one shared sequence of draws would differ run to run."""
    return Random(zlib.crc32(repr((ctx.seed, *key)).encode()))


def _raised(ctx: DemoContext, event: dict) -> datetime:
    """When the event was recorded: within a day of what happened."""
    rng = _draws(ctx, event["organisation_id"], event["dedup_key"])
    day = event["occurred_on"]
    if day > ctx.today:
        # Found in the last days (a hearing coming up within the window).
        return ctx.now - timedelta(minutes=rng.randint(30, 3 * 24 * 60))
    return ctx.at(day, rng.randint(8, 20), rng.randrange(0, 60, 15))


def _acknowledged_share(age: timedelta) -> float:
    for days, share in ACKNOWLEDGED_BY_AGE:
        if days is None or age < timedelta(days=days):
            return share
    return 1.0


def _date_alerts(ctx: DemoContext, raised: dict, *, escalate: bool = True) -> dict:
    """Write the dates and states of these events' alerts; return the escalations
    (dedup key -> Detection) of alerts left open past their limit."""
    loader, now = ctx.loader, ctx.now
    limits = dict(Organisation.objects.values_list("pk", "alert_acknowledge_hours"))
    loader.update(RiskEvent, ["created_at"], list(raised.items()))
    periods = MonitoringPeriod.objects.filter(event_id__in=list(raised))
    loader.update(
        MonitoringPeriod,
        ["created_at"],
        [(pk, raised[event]) for pk, event in periods.values_list("pk", "event_id")],
    )
    fields = [
        f.attname
        for f in Alert.history.model._meta.concrete_fields
        if not f.name.startswith("history_")
    ]
    rows, late = [], defaultdict(list)
    ids = sorted(raised)
    for start in range(0, len(ids), 20000):
        chunk = ids[start : start + 20000]
        keys = dict(
            RiskEvent.objects.filter(pk__in=chunk).values_list("pk", "dedup_key")
        )
        alerts = Alert.objects.filter(event_id__in=chunk)
        for alert in alerts.order_by("pk").values(*fields):
            alert["created_at"] = created = raised[alert["event_id"]]
            age = now - created
            event = keys[alert["event_id"]]
            rng = _draws(ctx, alert["organisation_id"], event, alert["recipient_id"])
            if rng.random() < _acknowledged_share(age):
                _acknowledge(ctx, rng, alert, created, age)
            elif escalate and age > timedelta(hours=limits[alert["organisation_id"]]):
                alert["escalated_at"] = created + timedelta(
                    hours=limits[alert["organisation_id"]]
                )
                late[alert["event_id"]].append(alert["escalated_at"])
            rows.append((alert["id"], *(alert[f] for f in ALERT_FIELDS)))
    loader.update(Alert, ALERT_FIELDS, rows)
    loader.flush()
    return _escalations(late) if late else {}


def _acknowledge(ctx: DemoContext, rng, alert: dict, created: datetime, age) -> None:
    """Acknowledged after it was raised (and resolved after that, for most old
    ones), each change with its history row by the recipient."""
    loader = ctx.loader
    delay = min(age, timedelta(hours=20)) * rng.uniform(0.02, 1.0)
    alert["status"] = Alert.Status.ACKNOWLEDGED
    alert["acknowledged_at"] = acknowledged = created + delay
    user = alert["recipient_id"]
    loader.add_history(Alert, alert, history_date=acknowledged, history_user=user)
    left = ctx.now - acknowledged
    if rng.random() < (0.8 if age > timedelta(days=7) else 0.3):
        alert["status"] = Alert.Status.RESOLVED
        alert["resolved_at"] = acknowledged + min(left, timedelta(days=10)) * (
            rng.uniform(0.05, 1.0)
        )
        alert["resolution_note"] = RESOLUTION
        loader.add_history(
            Alert, alert, history_date=alert["resolved_at"], history_user=user
        )


def _escalations(late: dict) -> dict:
    """The escalation the detector would have recorded for each event, keyed and
    worded as `risk.rules.detect_unacknowledged_alerts` does it."""
    found = {}
    events = RiskEvent.objects.filter(pk__in=list(late)).values(
        "pk", "organisation_id", "participant_id", "kind", "visibility"
    )
    for event in events:
        detection = outbox.Detection(
            organisation_id=event["organisation_id"],
            participant_id=event["participant_id"],
            kind=Kind.UNACKNOWLEDGED_ALERT,
            occurred_on=timezone.localdate(min(late[event["pk"]])),
            dedup_key=f"unack:{event['pk']}",
            summary=f"An alert about “{Kind(event['kind']).label}” was not "
            "acknowledged in time.",
            visibility=event["visibility"],
            detector="detect_unacknowledged_alerts",
        )
        found[detection.dedup_key] = detection
    return found


def _redate_history(ctx: DemoContext) -> None:
    """The "+" history rows the outbox wrote carry their record's new date."""
    for model in (RiskEvent, Alert, MonitoringPeriod):
        history = model.history.model
        if ctx.loader.is_postgresql:
            # A join, not a subquery per row: 700,000 alerts at 100,000 men.
            quote = connection.ops.quote_name
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {quote(history._meta.db_table)} h "  # noqa: S608
                    "SET history_date = r.created_at, created_at = r.created_at "
                    f"FROM {quote(model._meta.db_table)} r "
                    "WHERE h.id = r.id AND h.history_type = '+' "
                    "AND h.history_date <> r.created_at"
                )
            continue
        created = model.objects.filter(pk=OuterRef("id")).values("created_at")[:1]
        history.objects.filter(history_type="+").update(
            history_date=Subquery(created), created_at=Subquery(created)
        )
