"""The report's queries compiled once per process and run with each period.

The ORM took longer to compile the report's counts than the database took to
run them (some 150 COUNT ... FILTER clauses, each a Q resolved and compiled on
every request). A query's SQL depends on what is counted and on the scope, but
the period enters it only as parameters; so the first time a query is needed
it is compiled twice, for the period and for a shifted one, and its text kept
with the positions of the period's parameters. Later requests run the same
text with their own dates.

The two compilations are the proof that the text is right for any period: it
is kept only if both gave the same text and every parameter that differs
between them is one of the period's values (its first or last day, the day
before it, its first moment or the first moment after it, the same value in
both); otherwise it is compiled on every request as before. What the proof
cannot see is a parameter read from the data or the clock (equal in both
compilations), so a query's key names everything its SQL depends on besides
the period: the organisation and its time zone, the scope, the reader's side
of the firewall, and whatever the caller adds (a base's parts, which follow
the organisation's lists). And a query must be built wholly from the context
it is given: a part built from another context would be kept as a constant.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from django.db import connection

from accounts.calendar import organisation_zone
from reports.periods import Period

# A report's `reports.scope.Context` (not imported: scope counts through here).
Context = Any

# Kept texts: a few per organisation, scope and side of the firewall. Past this
# the cache starts again rather than grow without end.
LIMIT = 4096


@dataclass(frozen=True)
class _Compiled:
    sql: str
    # Each parameter: (True, the name of a period's value) or (False, constant).
    params: tuple[tuple[bool, object], ...]


# A key whose query cannot be kept (compiled on every request).
_NOT_KEPT = object()
_kept: dict[tuple, object] = {}
_lock = threading.Lock()


class _Caught(Exception):
    def __init__(self, sql: str, params) -> None:
        super().__init__(sql)
        self.sql = sql
        self.params = tuple(params or ())


def _stop(execute, sql, params, many, context):
    raise _Caught(sql, params)


def catch(run: Callable[[], object]) -> tuple[str, tuple] | None:
    """The SQL and parameters of the first query `run` would send, without
    sending it; None if it sends none (the ORM knew the answer was empty)."""
    try:
        with connection.execute_wrapper(_stop):
            run()
    except _Caught as caught:
        return caught.sql, caught.params
    return None


def period_values(context: Context) -> dict[str, object]:
    """The period's values a query may take as parameters, by name."""
    period = context.period
    first, after = period.moments(context.organisation)
    return {
        "start": period.start,
        "end": period.end,
        "day_before": period.start - timedelta(days=1),
        "first_moment": first,
        "moment_after": after,
    }


def _shifted(context: Context) -> Context:
    # Both ends moved, by different amounts, so that each value of the period
    # changes and no two of them change alike.
    period = context.period
    moved = Period(period.start - timedelta(days=7), period.end + timedelta(days=3), "")
    return replace(context, period=moved)


def _compile(
    context: Context, build: Callable[[Context], Callable[[], object]]
) -> _Compiled | None:
    """The query's text for every period, or None if it cannot be kept."""
    first = catch(build(context))
    second = catch(build(_shifted(context)))
    if first is None or second is None or first[0] != second[0]:
        return None
    if len(first[1]) != len(second[1]):
        return None
    ours, theirs = period_values(context), period_values(_shifted(context))
    params = []
    for mine, other in zip(first[1], second[1], strict=True):
        if _same(mine, other):
            params.append((False, mine))
            continue
        names = [
            name
            for name in ours
            if _same(ours[name], mine) and _same(theirs[name], other)
        ]
        if len(names) != 1:
            return None
        params.append((True, names[0]))
    return _Compiled(first[0], tuple(params))


def _same(a, b) -> bool:
    # A date is not a datetime, even at midnight.
    return type(a) is type(b) and a == b


def rows(
    key: tuple, context: Context, build: Callable[[Context], Callable[[], object]]
) -> list[tuple]:
    """The rows of the one query that `build(context)()` has the ORM send
    (e.g. `lambda: records.aggregate(...)`: its values in the order of its
    arguments); [] if it sends none. `build` must do its own reading (the
    organisation's lists) before it returns the function, and `key` must name
    all it depends on but the period."""
    key = (
        *key,
        context.organisation.pk,
        # Read into the text where a date is taken on her clocks (TruncDate).
        str(organisation_zone(context.organisation)),
        getattr(context.scope.programme, "pk", None),
        getattr(context.scope.group, "pk", None),
        context.sees_partners,
    )
    compiled = _kept.get(key)
    if compiled is None:
        compiled = _compile(context, build) or _NOT_KEPT
        with _lock:
            if len(_kept) >= LIMIT:
                _kept.clear()
            _kept[key] = compiled
    if compiled is _NOT_KEPT:
        caught = catch(build(context))
        if caught is None:
            return []
        sql, params = caught
    else:
        values = period_values(context)
        sql = compiled.sql
        params = [values[v] if is_period else v for is_period, v in compiled.params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def not_kept() -> list[tuple]:
    """The keys of queries compiled on every request (for tests)."""
    return [key for key, compiled in _kept.items() if compiled is _NOT_KEPT]


def forget() -> None:
    """Drop every kept text (for tests)."""
    with _lock:
        _kept.clear()
