"""The risk figures' records: assessments, levels at exit, risk events and
alerts (see `reports.scope` for how a base is counted).

Outside the firewall, events and alerts kept within partner support are not
part of any base: not even counted.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from participants.models import RiskLevel
from programmes.models import ExitReport
from reports import compiled
from reports.scope import Context, Part, of_men
from reports.stats import Median, _as_number
from risk.models import Alert, RiskAssessment, RiskEvent
from risk.models.records import Visibility


def assessment_records(context: Context) -> QuerySet:
    start, end = context.period.start, context.period.end
    done = RiskAssessment.objects.filter(assessed_on__range=(start, end))
    return of_men(done, context.scope).order_by("-assessed_on", "-pk")


def assessment_parts(context: Context) -> list[Part]:
    parts = [Part("done", _("Risk assessments done"), Q())]
    parts += [
        Part(f"level.{level.value}", level.label, Q(level=level.value), parent="done")
        for level in RiskLevel
        if level != RiskLevel.NOT_ASSESSED
    ]
    return parts


def exit_records(context: Context) -> QuerySet:
    start, end = context.period.start, context.period.end
    scope = context.scope
    reports = ExitReport.objects.filter(
        organisation=scope.organisation, ended_on__range=(start, end)
    )
    if scope.group is not None:
        reports = reports.filter(enrolment__group=scope.group)
    elif scope.programme is not None:
        reports = reports.filter(enrolment__group__programme=scope.programme)
    return reports.order_by("-ended_on", "-pk")


def exit_parts(context: Context) -> list[Part]:
    parts = [Part("reports", _("Exit reports (men who left)"), Q())]
    parts += [
        Part(
            f"level.{level.value}",
            level.label,
            Q(risk_level_at_exit=level.value),
            parent="reports",
        )
        for level in RiskLevel
    ]
    return parts


def event_records(context: Context) -> QuerySet:
    start, end = context.period.start, context.period.end
    events = of_men(
        RiskEvent.objects.filter(occurred_on__range=(start, end)), context.scope
    )
    if not context.sees_partners:
        # Outside the firewall an event kept within partner support does not
        # exist, not even as a count.
        events = events.filter(visibility=Visibility.PROGRAMME)
    return events.order_by("-occurred_on", "-pk")


def event_parts(context: Context) -> list[Part]:
    parts = [Part("events", _("Risk events"), Q())]
    parts += [
        Part(f"kind.{kind.value}", kind.label, Q(kind=kind.value), parent="events")
        for kind in RiskEvent.Kind
    ]
    return parts


def alert_records(context: Context) -> QuerySet:
    first, after = context.period.moments(context.organisation)
    alerts = of_men(
        Alert.objects.filter(created_at__gte=first, created_at__lt=after),
        context.scope,
        path="event__participant",
    )
    if not context.sees_partners:
        alerts = alerts.filter(event__visibility=Visibility.PROGRAMME)
    return alerts.order_by("-created_at", "-pk")


def alert_parts(context: Context) -> list[Part]:
    return [
        Part("raised", _("Alerts raised"), Q(), grouped=True),
        Part(
            "acknowledged",
            _("Acknowledged"),
            Q(acknowledged_at__isnull=False),
            parent="raised",
            grouped=True,
        ),
        Part(
            "unacknowledged",
            _("Never acknowledged"),
            Q(acknowledged_at__isnull=True),
            parent="raised",
            grouped=True,
        ),
    ]


def acknowledgement(context: Context) -> tuple[QuerySet, ExpressionWrapper]:
    """The alerts acknowledged and the time each took (for its median)."""
    acknowledged = alert_records(context).filter(acknowledged_at__isnull=False)
    return (
        acknowledged,
        ExpressionWrapper(F("acknowledged_at") - F("created_at"), DurationField()),
    )


def alert_counts(context: Context) -> dict:
    """The alerts' parts counted, and in PostgreSQL the median time to their
    acknowledgement ("acknowledgement": (days, n), as `reports.stats` gives a
    median) in the same reading of the alerts instead of a second query: the
    time is null exactly where the alert was never acknowledged, and a median
    and a count of it skip the nulls."""
    parts = {part.name: part.where() for part in alert_parts(context)}
    counts = {name: Count("pk", filter=where or None) for name, where in parts.items()}
    if connection.vendor != "postgresql":
        return alert_records(context).order_by().aggregate(**counts)
    rows = compiled.rows(("alerts", "with_median"), context, _alert_query)
    if not rows:
        return dict.fromkeys(parts, 0)
    *found, median, n = rows[0]
    result = dict(zip(parts, found, strict=True))
    result["acknowledgement"] = (_as_number(median), n)
    return result


def _alert_query(context: Context):
    parts = {part.name: part.where() for part in alert_parts(context)}
    _acknowledged, took = acknowledgement(context)
    aggregates = {
        name: Count("pk", filter=where or None) for name, where in parts.items()
    }
    aggregates["median"] = Median(took)
    aggregates["n"] = Count(took)
    records = alert_records(context).order_by()
    return lambda: records.aggregate(**aggregates)
