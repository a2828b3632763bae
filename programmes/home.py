"""The programmes app's panels on the home page."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from programmes.models import Group, Session


def home_context(user) -> dict:
    """Context for the facilitator home page panel: today, this week, logs owed."""
    today = timezone.localdate()
    week_end = today + timedelta(days=6 - today.weekday())
    sessions = (
        Session.objects.visible_to(user)
        .filter(
            Q(pk__in=Session.objects.filter(facilitators=user).values("pk"))
            | Q(group__in=Group.objects.filter(facilitators=user).values("pk"))
        )
        .select_related("group", "participant")
    )
    return {
        "today": today,
        "today_sessions": list(
            sessions.filter(date=today).exclude(status=Session.Status.CANCELLED)
        ),
        "week_sessions": list(sessions.filter(date__gt=today, date__lte=week_end)),
        "overdue_sessions": list(sessions.overdue_logs(today).order_by("-date")[:10]),
    }
