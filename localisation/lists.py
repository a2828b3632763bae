"""The organisation's editable lists: which exist, and what each offers and shows.

An app that owns a list registers it once, at import, with the entries it ships
(`register_list`). An organisation with no rows for a list uses those entries;
its first edit copies them into rows (localisation.services.seed_list), so codes
already saved on records keep reading as before. Every read here is one query.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.functional import Promise

from localisation.models import ListEntry

Choices = Iterable[tuple[str, str | Promise]]


@dataclass(frozen=True)
class ListKind:
    """A list an organisation may edit: its key, its title, its shipped entries."""

    key: str
    title: str | Promise
    shipped: Callable[[], Choices]
    # Lists that belong together on the index page (e.g. the lifecycle's moves).
    group: str | Promise = ""

    def shipped_labels(self) -> dict[str, str]:
        return {code: str(label) for code, label in self.shipped()}


LISTS: dict[str, ListKind] = {}


def register_list(key: str, title, shipped: Callable[[], Choices], group="") -> None:
    """Make a list editable by organisations (called once, at import)."""
    LISTS[key] = ListKind(key=key, title=title, shipped=shipped, group=group)


def kind_or_none(key: str) -> ListKind | None:
    return LISTS.get(key)


@dataclass(frozen=True)
class Entry:
    """One entry as a form offers it or a record shows it."""

    code: str
    label: str
    retired: bool = False
    pk: int | None = None


# Lists are read on many pages (every saved code is shown by its label) and
# change seldom: each process keeps an organisation's rows of a list for a
# minute. A write forgets them at once in the writing process (forget()); other
# processes see it within CACHE_SECONDS.
CACHE_SECONDS = 60


def _cache_key(organisation_id: int, key: str) -> str:
    return f"lists:{organisation_id}:{key}"


def forget(organisation_id: int, key: str) -> None:
    cache.delete(_cache_key(organisation_id, key))


def _rows(organisation_id: int, key: str, fresh: bool = False) -> list[ListEntry]:
    if fresh:
        return list(ListEntry.objects.of_list(organisation_id, key))
    cache_key = _cache_key(organisation_id, key)
    rows = cache.get(cache_key)
    if rows is None:
        rows = list(ListEntry.objects.of_list(organisation_id, key))
        cache.set(cache_key, rows, CACHE_SECONDS)
    return rows


def entries(organisation_id: int, key: str, *, fresh: bool = False) -> list[Entry]:
    """Every entry of the organisation's list, retired ones included, in order,
    labelled in the reader's language (`fresh`: read past the cache, as writes
    do)."""
    kind = LISTS[key]
    shipped = kind.shipped_labels()
    rows = _rows(organisation_id, key, fresh)
    if not rows:
        return [Entry(code, label) for code, label in shipped.items()]
    return [
        Entry(
            code=row.code,
            label=row.own_label() or shipped.get(row.code, row.code),
            retired=row.is_retired,
            pk=row.pk,
        )
        for row in rows
    ]


def current_codes(organisation_id: int, key: str) -> set[str]:
    """The codes a new record may take: the entries not retired."""
    return {e.code for e in entries(organisation_id, key) if not e.retired}


def choices(organisation_id: int, key: str, keep: Iterable[str] = ()) -> list:
    """(code, label) pairs a form offers: current entries, and any retired entry
    whose code is in `keep` (the record's own value, so editing it loses nothing)."""
    keep = set(keep)
    return [
        (entry.code, entry.label)
        for entry in entries(organisation_id, key)
        if not entry.retired or entry.code in keep
    ]


def labels(organisation_id: int, key: str) -> dict[str, str]:
    """Code -> label for every entry, retired included, to show saved records."""
    return {entry.code: entry.label for entry in entries(organisation_id, key)}


def label(organisation_id: int, key: str, code: str) -> str:
    """How a saved code reads: its entry's label, or the code itself if unknown."""
    return labels(organisation_id, key).get(code, code)
