"""Dates as an organisation sees them: its own "today" and its working days.

Every deadline, detector window and report period is counted in the
organisation's local date, so that a programme in Vienna and one in London
each roll over at their own midnight. Working days skip weekends and the
organisation's public holidays.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from accounts.models import Organisation


def organisation_zone(organisation) -> zoneinfo.ZoneInfo:
    """The organisation's time zone (the installation's when it has none)."""
    return zone_named(getattr(organisation, "time_zone", ""))


def zone_named(name: str) -> zoneinfo.ZoneInfo:
    """The zone of this name; the installation's for an empty or unknown name."""
    try:
        return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def local_now(organisation, at: datetime | None = None) -> datetime:
    """The moment `at` (default now) on the organisation's clocks."""
    return (at or timezone.now()).astimezone(organisation_zone(organisation))


def local_today(organisation, at: datetime | None = None) -> date:
    """The organisation's date at the moment `at` (default now)."""
    return local_now(organisation, at).date()


def local_date(organisation, moment: datetime) -> date:
    """The organisation's calendar date of a stored moment."""
    return moment.astimezone(organisation_zone(organisation)).date()


def holidays_of(organisation) -> frozenset[date]:
    """The organisation's public holidays (empty for none or no organisation)."""
    if organisation is None or getattr(organisation, "pk", None) is None:
        return frozenset()
    return frozenset(organisation.public_holidays.values_list("date", flat=True))


def is_working_day(day: date, holidays: Iterable[date] = ()) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, holidays: Iterable[date] = ()) -> date:
    """The date `days` working days after `start`."""
    holidays = frozenset(holidays)
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current, holidays):
            remaining -= 1
    return current


def subtract_working_days(end: date, days: int, holidays: Iterable[date] = ()) -> date:
    """The date `days` working days before `end`."""
    holidays = frozenset(holidays)
    current = end
    remaining = days
    while remaining > 0:
        current -= timedelta(days=1)
        if is_working_day(current, holidays):
            remaining -= 1
    return current


def working_days_between(start: date, end: date, holidays: Iterable[date] = ()) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    holidays = frozenset(holidays)
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current, holidays):
            count += 1
    return count


def organisations_by_local_date(at: datetime | None = None) -> dict[date, set[int]]:
    """Every organisation's id under its own date at the moment `at` (default now).

    Jobs that run across organisations (detectors, the outcome schedule) run once
    per date found here, each time for the organisations whose day it is, so that
    one in Auckland is already on tomorrow while one in London is still on today.
    Usually one or two dates: one query, whatever the number of organisations.
    """
    at = at or timezone.now()
    days: dict[date, set[int]] = {}
    for pk, name in Organisation.objects.values_list("pk", "time_zone"):
        days.setdefault(at.astimezone(zone_named(name)).date(), set()).add(pk)
    return days
