"""The navigation badge's count of a user's open alerts, kept in the cache.

Every signed-in page shows the badge, so counting alerts in the database on each
page was a third of the cost of being signed in (docs/performance.md). The count
is cached per user and forgotten, after commit, whenever one of their alerts is
written or leaves "open"; the short lifetime is only a backstop. The alert list
itself is always read live.
"""

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

from risk.models import Alert

LIFETIME_S = 60


def _key(user_id: int) -> str:
    return f"risk:open-alerts:{user_id}"


def open_alert_count_for(user) -> int:
    """Alerts waiting for this user's acknowledgement (cached)."""
    key = _key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Alert.objects.filter(recipient=user, status=Alert.Status.OPEN).count()
        cache.set(key, count, LIFETIME_S)
    return count


def forget_open_alert_counts(user_ids: Iterable[int]) -> None:
    """Drop these users' cached counts now and again once the current transaction
    commits (a page read in between could have cached the count before it)."""
    keys = [_key(user_id) for user_id in set(user_ids)]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))
