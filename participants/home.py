"""The participants app's panels on the home page."""

from django.db.models import Count
from django.utils import timezone

from participants.models import Participant, StatusChange


def home_context(user) -> dict:
    """Context for the caseworker home page panel: caseload by status, work due."""
    today = timezone.localdate()
    mine = Participant.objects.visible_to(user).filter(caseworker=user)
    by_status = dict(
        mine.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    caseload = [
        (status, by_status[status.value])
        for status in Participant.Status
        if by_status.get(status.value)
    ]
    pending = (
        StatusChange.objects.visible_to(user)
        .pending()
        .filter(participant__caseworker=user)
        .select_related("participant")
    )
    return {
        "caseload": caseload,
        "caseload_total": sum(by_status.values()),
        "my_pending": list(pending[:10]),
        "follow_up_ended": list(mine.follow_up_ended(today)[:10]),
        "waiting": list(
            mine.filter(status=Participant.Status.WAITING_LIST).order_by(
                "status_changed_on"
            )[:10]
        ),
    }
