"""The risk dashboard's attendance trend: each of the last WEEKS weeks' register,
for the whole organisation (cached) or for the men a dashboard is narrowed to."""

from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Count, Q
from django.db.models.functions import TruncWeek

from programmes.models import Attendance, Session

WEEKS = 12


# Twelve weeks of registers move slowly, and the whole organisation's were the
# dashboard's slowest query (8 ms at 2,000 men: a lookup per held session); a
# register saved shows in the trend within this time. Risk figures stay live.
ATTENDANCE_CACHE_SECONDS = 5 * 60


def organisation_attendance(
    organisation_id: int, *, today: date
) -> list[tuple[date, int, int, int]]:
    """weekly_attendance of the whole organisation, computed at most every
    ATTENDANCE_CACHE_SECONDS."""
    key = f"risk:dashboard-attendance:{organisation_id}:{today}"
    attendance = cache.get(key)
    if attendance is None:
        attendance = weekly_attendance(organisation_id, None, today=today, whole=True)
        cache.set(key, attendance, ATTENDANCE_CACHE_SECONDS)
    return attendance


def weekly_attendance(
    organisation_id: int, men_ids, *, today: date, whole: bool
) -> list[tuple[date, int, int, int]]:
    """(Monday, attended, excused, missed) for each of the last WEEKS weeks.

    The week's register as it was: for the whole organisation every man marked at
    its held sessions, including those whose case has closed since (leaving them
    out would rewrite past weeks, and testing each of the thousands of rows
    against the list of open men was the dashboard's slowest query).
    """
    # Found through the organisation's sessions (their marks are the
    # organisation's too) and counted from the index on session and status.
    attendances = Attendance.objects.filter(
        session__organisation_id=organisation_id,
        session__status=Session.Status.HELD,
        session__date__gt=today - timedelta(weeks=WEEKS),
        session__date__lte=today,
    )
    if not whole:
        attendances = attendances.filter(participant__in=men_ids)
    # By the week's Monday (TruncWeek gives a date or a moment by backend).
    weekly = {
        _as_date(row["week"]): row
        for row in attendances.annotate(week=TruncWeek("session__date"))
        .values("week")
        .annotate(
            attended=Count("session", filter=Q(status__in=Attendance.ATTENDED)),
            excused=Count("session", filter=Q(status=Attendance.Status.EXCUSED)),
            missed=Count("session", filter=Q(status=Attendance.Status.UNEXCUSED)),
        )
    }
    first_monday = today - timedelta(days=today.weekday(), weeks=WEEKS - 1)
    attendance = []
    for n in range(WEEKS):
        monday = first_monday + timedelta(weeks=n)
        row = weekly.get(monday, {"attended": 0, "excused": 0, "missed": 0})
        attendance.append((monday, row["attended"], row["excused"], row["missed"]))
    return attendance


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") else value
