"""The report's charts: referrals, starts and completions, and partner take-up,
by month (and by quarter of the financial year) over two years.

Each series is counted in the database grouped by month (one query each); the
quarters are the months added up. The same figures are shown as tables beside
the charts, and go into the XLSX export.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from accounts.calendar import local_today, organisation_zone
from partner_contact.models import PartnerContact, Relationship
from programmes.models import Enrolment
from referrals.models import Referral
from reports.bases import Context, men_in, of_men
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


def _by_month(queryset, date_field: str, *, distinct: str | None = None, tz=None):
    month = TruncMonth(date_field, tzinfo=tz) if tz else TruncMonth(date_field)
    rows = (
        queryset.order_by()
        .annotate(month=month)
        .values("month")
        .annotate(n=Count(distinct or "pk", distinct=distinct is not None))
    )
    found = {}
    for row in rows:
        value = row["month"]
        key = value.date() if hasattr(value, "date") else value
        found[(key.year, key.month)] = row["n"]
    return found


def _places(context: Context):
    scope = context.scope
    places = Enrolment.objects.filter(organisation=scope.organisation)
    if scope.group is not None:
        return places.filter(group=scope.group)
    if scope.programme is not None:
        return places.filter(group__programme=scope.programme)
    return places


def build_charts(context: Context, *, today: date | None = None) -> dict:
    """{"months": [...], "quarters": [...], "series": {...}} for json_script."""
    span = chart_period(context, today)
    start, end = span.start, span.end
    referrals = _by_month(
        of_men(Referral.objects.filter(received_on__range=(start, end)), context.scope),
        "received_on",
    )
    places = _places(context)
    starts = _by_month(
        places.filter(start_date__range=(start, end)),
        "start_date",
        distinct="participant",
    )
    completions = _by_month(
        places.filter(
            end_date__range=(start, end), outcome=Enrolment.Outcome.COMPLETED
        ),
        "end_date",
        distinct="participant",
    )
    months = [add_months(start, i) for i in range(MONTHS)]
    series = {
        "referrals": (_("Referrals received"), referrals),
        "starts": (_("Men who started"), starts),
        "completions": (_("Men who completed"), completions),
    }
    if context.sees_partners:
        offered, engaged = _partner_take_up(context, span)
        series["offered"] = (_("Partners offered support"), offered)
        series["engaged"] = (_("Partners engaged"), engaged)
    return _shape(months, series, context.organisation.financial_year_start_month)


def _partner_take_up(context: Context, span: Period):
    first, after = span.moments(context.organisation)
    # Her links are the organisation's (partner_contact.services.link_partner
    # links only a man and a woman of one organisation): read by its index,
    # not by every organisation's links.
    links = Relationship.objects.filter(
        organisation=context.organisation,
        participant__in=men_in(context.scope).values("pk"),
    )
    contacts = PartnerContact.objects.filter(
        organisation=context.organisation,
        occurred_at__gte=first,
        occurred_at__lt=after,
        partner__in=links.values("partner"),
    )
    zone = organisation_zone(context.organisation)
    offered = _by_month(
        contacts.filter(direction=PartnerContact.Direction.OUTBOUND),
        "occurred_at",
        distinct="partner",
        tz=zone,
    )
    engaged = _by_month(
        contacts.filter(Q(outcome=PartnerContact.Outcome.SPOKE)),
        "occurred_at",
        distinct="partner",
        tz=zone,
    )
    return offered, engaged


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
    """The charts' figures as table rows: {"quarters"|"months": [(label, values)]}."""
    return {
        by: [
            (label, [series[by][index] for series in shaped["series"]])
            for index, label in enumerate(shaped[by])
        ]
        for by in ("quarters", "months")
    }
