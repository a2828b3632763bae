"""The outcomes app's panel on the caseworker's and partner-support worker's
start pages: how many questionnaires they collect are open now."""

from django.utils import timezone

from outcomes.models import TimePoint


def home_context(user) -> dict:
    """{"outcomes_due": n}: open questionnaires the user collects (one query)."""
    if not user.has_perm("outcomes.view_timepoint"):
        return {}
    due = (
        TimePoint.objects.visible_to(user)
        .collected_by(user)
        .open_on(timezone.localdate())
        .count()
    )
    return {"outcomes_due": due}
