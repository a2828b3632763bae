"""When each time point falls for an enrolment: pure date arithmetic, no queries."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from outcomes.models import OutcomeSettings, TimePointKind


@dataclass(frozen=True)
class Window:
    """A time point's window: it may be answered from `opens` to `closes`."""

    kind: str
    opens: date
    due: date
    closes: date


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def windows_for(
    *,
    start: date,
    end: date | None,
    duration_weeks: int,
    settings: OutcomeSettings,
) -> list[Window]:
    """The windows of an enrolment that started on `start` and ended on `end`
    (None while it runs): intake and half way from his start; the end and the
    follow-ups only once he has completed or stopped attending."""
    before = timedelta(days=settings.opens_days_before)
    after = timedelta(days=settings.window_days)

    def around(kind: str, due: date, opens: date | None = None) -> Window:
        return Window(kind, opens or due - before, due, due + after)

    half_way_weeks = settings.half_way_weeks or max(duration_weeks // 2, 1)
    half_way = start + timedelta(weeks=half_way_weeks)
    found = [around(TimePointKind.INTAKE, start)]
    if end is None or end > half_way:
        found.append(around(TimePointKind.HALF_WAY, half_way))
    if end is not None:
        found.append(around(TimePointKind.END, end, opens=end))
        for kind, months in (
            (TimePointKind.FOLLOW_UP_6, settings.first_follow_up_months),
            (TimePointKind.FOLLOW_UP_12, settings.second_follow_up_months),
        ):
            found.append(around(kind, add_months(end, months)))
    return found
