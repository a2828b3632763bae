"""The attendance figures' records: places offered at the group sessions held
in the period, and how the men attended (see `reports.scope`)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, ExpressionWrapper, FloatField, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from programmes.models import Attendance, Session
from reports import compiled
from reports.scope import Context, Part
from reports.stats import Median, _as_number


def attendance_records(context: Context) -> QuerySet:
    start, end = context.period.start, context.period.end
    scope = context.scope
    places = Attendance.objects.filter(
        organisation=scope.organisation,
        # The session's own organisation too: without it PostgreSQL read every
        # organisation's sessions of the period (70 ms against 8 at 100,000 men).
        session__organisation=scope.organisation,
        session__date__range=(start, end),
        session__group__isnull=False,
        session__status=Session.Status.HELD,
    )
    if scope.group is not None:
        places = places.filter(session__group=scope.group)
    elif scope.programme is not None:
        places = places.filter(session__group__programme=scope.programme)
    return places.order_by("-session__date", "-pk")


def attendance_parts(context: Context) -> list[Part]:
    AS = Attendance.Status
    return [
        Part("offered", _("Places offered at group sessions"), Q(), grouped=True),
        Part(
            "attended",
            _("Attended"),
            Q(status__in=Attendance.ATTENDED),
            grouped=True,
        ),
        Part("excused", _("Excused absences"), Q(status=AS.EXCUSED), grouped=True),
        Part(
            "unexcused",
            _("Unexcused absences"),
            Q(status=AS.UNEXCUSED),
            grouped=True,
        ),
    ]


def rate_per_man(context: Context) -> QuerySet:
    """Each man's attendance rate at the group sessions of the period."""
    return (
        attendance_records(context)
        .order_by()
        .values("participant")
        .annotate(
            rate=ExpressionWrapper(
                100.0
                * Count("pk", filter=Q(status__in=Attendance.ATTENDED))
                / Count("pk"),
                output_field=FloatField(),
            )
        )
    )


def attendance_counts(context: Context) -> dict:
    """The attendance parts counted, and in PostgreSQL the median of the men's
    rates ("median_rate": (median, n), as `reports.stats` gives a median), in
    one reading of the places: each part counted per man beside his rate, the
    men's counts added up. Counted apart, the places were read twice (the
    counts, then the rates)."""
    parts = {part.name: part.where() for part in attendance_parts(context)}
    if connection.vendor != "postgresql":
        counts = {
            name: Count("pk", filter=where or None) for name, where in parts.items()
        }
        return attendance_records(context).order_by().aggregate(**counts)
    rows = compiled.rows(("attendance", "with_median"), context, _attendance_query)
    if not rows:
        return dict.fromkeys(parts, 0)
    *found, median, n = rows[0]
    result = {name: int(value or 0) for name, value in zip(parts, found, strict=True)}
    result["median_rate"] = (_as_number(median), n)
    return result


def _attendance_query(context: Context):
    parts = {part.name: part.where() for part in attendance_parts(context)}
    per_man = rate_per_man(context).annotate(
        **{
            f"n_{name}": Count("pk", filter=where or None)
            for name, where in parts.items()
        }
    )
    aggregates = {name: Sum(f"n_{name}") for name in parts}
    aggregates["median"] = Median("rate")
    aggregates["n"] = Count("rate")
    return lambda: per_man.aggregate(**aggregates)
