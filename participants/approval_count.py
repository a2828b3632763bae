"""The menu's count of moves waiting for a manager, kept in the cache.

Every page a manager opens shows the count in the menu, and counting in the
database cost each of them a query and its compilation. Only managers may
approve, and each sees the whole organisation's moves, so one count per
organisation serves them all. It is forgotten, after commit too, whenever a move
is asked for or decided (participants.services); the short lifetime is the
backstop for a waiting move that leaves otherwise (its case erased). The queue
itself is always read live.
"""

from accounts.kept_counts import forget_counts, kept_count
from accounts.models import User
from participants.models import StatusChange

LIFETIME_S = 60


def _key(organisation_id: int) -> str:
    return f"participants:approvals-waiting:{organisation_id}"


def waiting_for(user: User) -> int:
    """Moves of the user's organisation waiting for a manager (cached)."""
    return kept_count(
        _key(user.organisation_id),
        lambda: StatusChange.objects.visible_to(user).pending().count(),
        LIFETIME_S,
    )


def forget_waiting(organisation_id: int) -> None:
    """Drop the organisation's count now and again once the current transaction
    commits (a page read in between could have counted before it)."""
    forget_counts([_key(organisation_id)])
