"""Working days (Monday to Friday) for the referral screening limit.

Bank holidays are not known to the system; a referral received before one shows
as overdue a day early, which errs on the side of screening it sooner.
"""

from datetime import date, timedelta


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (the screening due date)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def subtract_working_days(end: date, days: int) -> date:
    """The date `days` working days before `end`."""
    current = end
    remaining = days
    while remaining > 0:
        current -= timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def screening_cutoff(today: date, days: int) -> date:
    """Referrals received before this date are past their screening limit today.

    A referral received on day R is due `days` working days after R and overdue
    from the day after; that is, overdue today exactly when R is earlier than
    `days` working days before today.
    """
    return subtract_working_days(today, days)
