"""The organisation's editable lists: which exist, and what each offers and shows.

An app that owns a list registers it once, at import, with the entries it ships
(`register_list`). An organisation with no rows for a list uses those entries;
its first edit copies them into rows (localisation.services.seed_list), so codes
already saved on records keep reading as before. Every read here is one query.
"""

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from asgiref.local import Local
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.utils.functional import Promise
from django.utils.translation import get_language

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
# change seldom: the cache keeps an organisation's rows of a list for a minute,
# and a write forgets them at once (forget()).
CACHE_SECONDS = 60

# Within one request a page names many saved codes of several lists (a case
# file: every move's reason, an onward referral's legal basis, a risk note's
# category), so the first read of a request fetches every list of the
# organisation in one cache round trip (and one query for those not cached), and
# the request keeps them until it ends. Outside a request (tasks, commands)
# nothing is kept. The memo is per thread (and per task under ASGI), so no
# request sees another's.
_request = Local()


def _begin_request(**kwargs) -> None:
    _request.memo = {}


def _end_request(**kwargs) -> None:
    _request.memo = None


request_started.connect(_begin_request, dispatch_uid="localisation.lists.begin")
request_finished.connect(_end_request, dispatch_uid="localisation.lists.end")


def _memo() -> dict | None:
    return getattr(_request, "memo", None)


def _cache_key(organisation_id: int, key: str) -> str:
    return f"lists:{organisation_id}:{key}"


# Each cached list is kept with the organisation's lists version it was read
# under, and a write gives the organisation a new version (now and after its
# commit). A read that began before a write's commit may store the old rows
# after the write forgot them; stored under the old version, they are never
# used. (A browser test showed the old name after a rename for its whole wait,
# the mark such a late store leaves.)
def _version_key(organisation_id: int) -> str:
    return f"lists:{organisation_id}:version"


def forget(organisation_id: int, key: str) -> None:
    cache.set(_version_key(organisation_id), uuid.uuid4().hex, None)
    cache.delete(_cache_key(organisation_id, key))
    memo = _memo()
    if memo:
        memo.pop(("rows", organisation_id), None)
        for memo_key in [k for k in memo if k[:2] == (organisation_id, key)]:
            del memo[memo_key]


def _cached(organisation_id: int, keys: list[str]) -> tuple[object, dict]:
    """The organisation's lists version and, of these lists, those cached under
    it (list key -> rows), in one cache round trip."""
    version_key = _version_key(organisation_id)
    names = {_cache_key(organisation_id, key): key for key in keys}
    found = cache.get_many([version_key, *names])
    version = found.pop(version_key, None)
    return version, {
        names[name]: rows
        for name, (kept_under, rows) in found.items()
        if kept_under == version
    }


def _keep(organisation_id: int, version: object, read: dict) -> None:
    cache.set_many(
        {
            _cache_key(organisation_id, key): (version, rows)
            for key, rows in read.items()
        },
        CACHE_SECONDS,
    )


def _every_list(organisation_id: int) -> dict[str, list[ListEntry]]:
    """The rows of each of the organisation's lists: one cache round trip, and
    one query between the lists the cache has not kept."""
    version, rows = _cached(organisation_id, list(LISTS))
    missing = [key for key in LISTS if key not in rows]
    if missing:
        read: dict[str, list[ListEntry]] = {key: [] for key in missing}
        for row in ListEntry.objects.filter(
            organisation_id=organisation_id, list_key__in=missing
        ):
            read[row.list_key].append(row)
        _keep(organisation_id, version, read)
        rows.update(read)
    return rows


def _rows(organisation_id: int, key: str, fresh: bool = False) -> list[ListEntry]:
    if fresh:
        return list(ListEntry.objects.of_list(organisation_id, key))
    memo = _memo()
    if memo is not None:
        if ("rows", organisation_id) not in memo:
            memo["rows", organisation_id] = _every_list(organisation_id)
        return memo["rows", organisation_id][key]
    version, found = _cached(organisation_id, [key])
    if key not in found:
        found[key] = list(ListEntry.objects.of_list(organisation_id, key))
        _keep(organisation_id, version, found)
    return found[key]


def _read_entries(organisation_id: int, key: str, fresh: bool) -> list[Entry]:
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


def _kept(organisation_id: int, key: str) -> tuple[list[Entry], dict[str, str]]:
    """The list's entries and their labels by code, kept for the request (in the
    language active now: a letter may be written in another within the page)."""
    memo = _memo()
    if memo is None:
        found = _read_entries(organisation_id, key, fresh=False)
        return found, {entry.code: entry.label for entry in found}
    memo_key = (organisation_id, key, get_language())
    if memo_key not in memo:
        found = _read_entries(organisation_id, key, fresh=False)
        memo[memo_key] = (found, {entry.code: entry.label for entry in found})
    return memo[memo_key]


def entries(organisation_id: int, key: str, *, fresh: bool = False) -> list[Entry]:
    """Every entry of the organisation's list, retired ones included, in order,
    labelled in the reader's language (`fresh`: read past the cache, as writes
    do)."""
    if fresh:
        return _read_entries(organisation_id, key, fresh=True)
    return list(_kept(organisation_id, key)[0])


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
    return dict(_kept(organisation_id, key)[1])


def label(organisation_id: int, key: str, code: str) -> str:
    """How a saved code reads: its entry's label, or the code itself if unknown."""
    return _kept(organisation_id, key)[1].get(code, code)
