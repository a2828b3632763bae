"""Working days (Monday to Friday) for the referral screening limit.

Public holidays come from the organisation (accounts.PublicHoliday) where the
caller passes them.
"""

from collections.abc import Iterable
from datetime import date

# One working-day arithmetic for the whole system (weekends and the organisation's
# public holidays); the referral screening limit is one of its users.
from accounts.calendar import add_working_days, is_working_day, subtract_working_days

__all__ = [
    "add_working_days",
    "is_working_day",
    "screening_cutoff",
    "subtract_working_days",
]


def screening_cutoff(today: date, days: int, holidays: Iterable[date] = ()) -> date:
    """Referrals received before this date are past their screening limit today.

    A referral received on day R is due `days` working days after R and overdue
    from the day after; that is, overdue today exactly when R is earlier than
    `days` working days before today.
    """
    return subtract_working_days(today, days, holidays)
