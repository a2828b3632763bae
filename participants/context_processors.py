"""The count of moves waiting for a manager, for the menu."""

from django.utils.functional import SimpleLazyObject

from participants.approval_count import waiting_for


def approvals(request):
    """`approvals_waiting` for users who may approve: read from the cache (one
    query when it holds none), and only if a template reads it; nothing at all
    for every other role."""
    user = getattr(request, "user", None)
    if (
        user is None
        or not user.is_authenticated
        or not user.has_perm("participants.approve_status_change")
    ):
        return {}
    return {"approvals_waiting": SimpleLazyObject(lambda: waiting_for(user))}
