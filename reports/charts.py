"""The report's charts: referrals, starts and completions, and partner take-up,
by month (and by quarter of the financial year) over two years.

Each series is counted in the database grouped by month (one query each); the
quarters are the months added up. The same figures are shown as tables beside
the charts, and go into the XLSX export.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from accounts.calendar import local_today, organisation_zone
from partner_contact.models import PartnerContact, Relationship
from programmes.models import Enrolment
from referrals.models import Referral
from reports import compiled, drawing
from reports.bases import Context, of_men
from reports.periods import Period, add_months

MONTHS = 24


def chart_period(context: Context, today: date | None = None) -> Period:
    """The two years of months up to the end of the report's period (or up to
    this month, for a period that has not ended)."""
    today = today or local_today(context.organisation)
    last = min(context.period.end, today)
    first = add_months(date(last.year, last.month, 1), 1 - MONTHS)
    end = add_months(date(last.year, last.month, 1), 1)
    return Period(first, end - timedelta(days=1), "")


def _by_month(
    key: str,
    context: Context,
    records: Callable[[Context], QuerySet],
    date_field: str,
    *,
    distinct: str | None = None,
    tz: bool = False,
) -> dict[tuple[int, int], int]:
    """{(year, month): n} of `records(context)` by the month of `date_field`
    (on the organisation's clocks if `tz`), the query compiled once per
    process (`reports.compiled`: the context's period is the chart's months)."""

    def build(for_context: Context):
        zone = organisation_zone(for_context.organisation) if tz else None
        month = TruncMonth(date_field, tzinfo=zone) if tz else TruncMonth(date_field)
        rows = (
            records(for_context)
            .order_by()
            .annotate(month=month)
            .values("month")
            .annotate(n=Count(distinct or "pk", distinct=distinct is not None))
        )
        return lambda: list(rows)

    found = {}
    for value, n in compiled.rows(("chart", key), context, build):
        day = value.date() if hasattr(value, "date") else value
        found[(day.year, day.month)] = n
    return found


def _places(context: Context):
    scope = context.scope
    places = Enrolment.objects.filter(organisation=scope.organisation)
    if scope.group is not None:
        return places.filter(group=scope.group)
    if scope.programme is not None:
        return places.filter(group__programme=scope.programme)
    return places


def _referrals(context: Context) -> QuerySet:
    start, end = context.period.start, context.period.end
    received = Referral.objects.filter(received_on__range=(start, end))
    return of_men(received, context.scope)


def _starts(context: Context) -> QuerySet:
    start, end = context.period.start, context.period.end
    return _places(context).filter(start_date__range=(start, end))


def _completions(context: Context) -> QuerySet:
    start, end = context.period.start, context.period.end
    return _places(context).filter(
        end_date__range=(start, end), outcome=Enrolment.Outcome.COMPLETED
    )


def build_charts(context: Context, *, today: date | None = None) -> dict:
    """{"months": [...], "quarters": [...], "series": {...}} for json_script."""
    span = chart_period(context, today)
    # The charts' months are the period of their queries.
    months_of = replace(context, period=span)
    months = [add_months(span.start, i) for i in range(MONTHS)]
    series = {
        "referrals": (
            _("Referrals received"),
            _by_month("referrals", months_of, _referrals, "received_on"),
        ),
        "starts": (
            _("Men who started"),
            _by_month(
                "starts", months_of, _starts, "start_date", distinct="participant"
            ),
        ),
        "completions": (
            _("Men who completed"),
            _by_month(
                "completions",
                months_of,
                _completions,
                "end_date",
                distinct="participant",
            ),
        ),
    }
    if context.sees_partners:
        taken_up = _take_up_by_month(months_of)
        series["offered"] = (_("Partners offered support"), taken_up["offered"])
        series["engaged"] = (_("Partners engaged"), taken_up["engaged"])
    return _shape(months, series, context.organisation.financial_year_start_month)


# The partner take-up series: the women with a contact of each kind in a month.
TAKE_UP = {
    "offered": Q(direction=PartnerContact.Direction.OUTBOUND),
    "engaged": Q(outcome=PartnerContact.Outcome.SPOKE),
}


def _take_up_by_month(context: Context) -> dict[str, dict[tuple[int, int], int]]:
    """{"offered"|"engaged": {(year, month): n}}: the women offered support
    and engaged each month, counted in one reading of her contacts (each
    series a COUNT DISTINCT with its FILTER) instead of one query per series;
    the query compiled once per process (`reports.compiled`)."""

    def build(for_context: Context):
        zone = organisation_zone(for_context.organisation)
        either = Q()
        for condition in TAKE_UP.values():
            either |= condition
        rows = (
            _contacts(for_context)
            .filter(either)
            .order_by()
            .annotate(month=TruncMonth("occurred_at", tzinfo=zone))
            .values("month")
            .annotate(
                **{
                    key: Count("partner", distinct=True, filter=condition)
                    for key, condition in TAKE_UP.items()
                }
            )
        )
        return lambda: list(rows)

    found: dict[str, dict[tuple[int, int], int]] = {key: {} for key in TAKE_UP}
    for value, *counts in compiled.rows(("chart", "take_up"), context, build):
        day = value.date() if hasattr(value, "date") else value
        for key, n in zip(TAKE_UP, counts, strict=True):
            if n:
                found[key][(day.year, day.month)] = n
    return found


def _contacts(context: Context, **condition) -> QuerySet:
    first, after = context.period.moments(context.organisation)
    # Her links are the organisation's (partner_contact.services.link_partner
    # links only a man and a woman of one organisation): read by its index,
    # not by every organisation's links.
    links = of_men(Relationship.objects.all(), context.scope)
    return PartnerContact.objects.filter(
        organisation=context.organisation,
        occurred_at__gte=first,
        occurred_at__lt=after,
        partner__in=links.values("partner"),
    ).filter(**condition)


def _quarter_of(month: date, start_month: int) -> tuple[int, int]:
    """(the year its financial year began, quarter 1-4)."""
    offset = (month.month - start_month) % 12
    year = month.year if month.month >= start_month else month.year - 1
    return year, offset // 3 + 1


def _shape(months: list[date], series: dict, start_month: int) -> dict:
    quarters: list[tuple[int, int]] = []
    for month in months:
        quarter = _quarter_of(month, start_month)
        if quarter not in quarters:
            quarters.append(quarter)
    shaped = {
        "months": [month.strftime("%Y-%m") for month in months],
        "quarters": [_quarter_label(y, q, start_month) for y, q in quarters],
        "series": [],
    }
    for key, (label, found) in series.items():
        by_month = [found.get((m.year, m.month), 0) for m in months]
        by_quarter = [0] * len(quarters)
        for month, n in zip(months, by_month, strict=True):
            by_quarter[quarters.index(_quarter_of(month, start_month))] += n
        shaped["series"].append(
            {
                "key": key,
                "label": str(label),
                "months": by_month,
                "quarters": by_quarter,
                "partner": key in ("offered", "engaged"),
            }
        )
    return shaped


def _quarter_label(year: int, quarter: int, start_month: int) -> str:
    label = str(year) if start_month == 1 else f"{year}/{str(year + 1)[-2:]}"
    return f"{label} Q{quarter}"


def tables(shaped: dict) -> dict:
    """The charts' figures as table rows, {"quarters"|"months": [(label,
    values)]}, each row's values as the page's cells (`reports.drawing`)."""
    return {
        by: [
            (
                label,
                drawing.number_cells(series[by][index] for series in shaped["series"]),
            )
            for index, label in enumerate(shaped[by])
        ]
        for by in ("quarters", "months")
    }
