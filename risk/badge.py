"""The navigation badge's count of a user's open alerts, kept in the cache.

Every signed-in page shows the badge, so counting alerts in the database on each
page was a third of the cost of being signed in (docs/performance.md). The count
is cached per user and forgotten, after commit, whenever one of their alerts is
written or leaves "open"; the short lifetime is only a backstop. The alert list
itself is always read live.
"""

from collections.abc import Iterable

from accounts.kept_counts import forget_counts, kept_count
from risk.models import Alert

LIFETIME_S = 60


def _key(user_id: int) -> str:
    return f"risk:open-alerts:{user_id}"


def open_alert_count_for(user) -> int:
    """Alerts waiting for this user's acknowledgement (cached)."""
    return kept_count(
        _key(user.pk),
        lambda: Alert.objects.filter(recipient=user, status=Alert.Status.OPEN).count(),
        LIFETIME_S,
    )


def forget_open_alert_counts(user_ids: Iterable[int]) -> None:
    """Drop these users' cached counts now and again once the current transaction
    commits (a page read in between could have cached the count before it)."""
    forget_counts(_key(user_id) for user_id in set(user_ids))
