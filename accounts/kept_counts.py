"""Counts every page shows (the menu's badges), kept in the cache between pages.

A count is read from the cache, or counted and kept for `seconds`; whoever
changes what it counts forgets it, now and again once the current transaction
commits (a page read in between could have counted before the commit). The
lifetime is only a backstop for a change that does not forget it. Used by the
alert badge (risk.badge) and the approvals waiting (participants.approval_count).
"""

from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import transaction


def kept_count(key: str, count: Callable[[], int], seconds: int) -> int:
    """The count kept under `key`, or `count()` kept there for `seconds`."""
    found = cache.get(key)
    if found is None:
        found = count()
        cache.set(key, found, seconds)
    return found


def forget_counts(keys: Iterable[str]) -> None:
    """Drop these counts now and again once the current transaction commits."""
    keys = list(keys)
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))
