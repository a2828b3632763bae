"""The outbox's bulk writes: a statement per table, however many rows.

A month of missed questionnaires records some 37,000 events and 57,000 alerts in
one run (docs/performance.md). Through the ORM each row was a model instance
built field by field, sent as a parameter per value and read back as another
instance: most of the run's time. Here the rows go to PostgreSQL as one array
per column, the database makes their UUIDs, and the instances are built from
the values already in hand and the keys it returns. Other databases take the
ordinary bulk_create.
"""

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from uuid import UUID

from django.db import connection, models
from django.db.models import QuerySet, signals
from django.db.models.base import ModelState
from django.db.models.expressions import RawSQL
from django.utils import timezone

from accounts.models import User

# From this many rows on, a bulk write pauses the cyclic garbage collector.
GC_PAUSE_FROM = 1000


@contextmanager
def collector_paused(rows: int) -> Iterator[None]:
    """Python's cyclic garbage collector paused while `rows` rows (from
    GC_PAUSE_FROM on) are made and written. Each row makes several objects that
    all live until the write ends, so the collector's passes find nothing to
    free while each full pass walks every one of them: a month of missed
    questionnaires spent a quarter of its CPU there (4.3 s against 3.3 s paused).
    The collector resumes when the write ends, however it ends; inside a write
    that has paused it already, nothing changes."""
    if rows < GC_PAUSE_FROM or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def many(ids: Iterable[int]) -> list[int] | RawSQL:
    """The right-hand side of `__in` for many ids: on PostgreSQL one array
    parameter, where a list is a placeholder per id for Django and the driver to
    prepare (tens of thousands for a month of missed questionnaires)."""
    ids = list(ids)
    if connection.vendor != "postgresql":
        return ids
    return RawSQL("SELECT unnest(%s::bigint[])", [array_literal(ids)])


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# How array_literal writes an element of each type it knows.
ELEMENTS: dict[type, Callable[[object], str]] = {
    int: str,
    bool: lambda value: "t" if value else "f",
    str: _quoted,
    datetime: lambda value: _quoted(value.isoformat()),
    date: lambda value: value.isoformat(),
    UUID: str,
}


def array_literal(values: list) -> str | list:
    """PostgreSQL's text form of a one-dimensional array of these values (None
    as NULL), for a `%s::type[]` parameter; or the values as they are, for the
    driver to write, if they are not all of one type written here.

    The driver writes a list element by element, matching a pattern against
    each to choose its quoting: for a month of missed questionnaires, 0.7 s for
    the events' columns alone. A column's values share one type, so one rule
    writes them all here, in a join."""
    kinds = set(map(type, values))
    kinds.discard(type(None))
    if len(kinds) > 1:
        return values
    kind = next(iter(kinds)) if kinds else int
    write = ELEMENTS.get(kind)
    if write is None and issubclass(kind, str):
        # A choice's member, a translation: written as the text they stand for.
        write = lambda value: _quoted(str(value))  # noqa: E731
    if write is None:
        return values
    distinct = set(values)
    if len(distinct) * 2 > len(values):
        return "{" + ",".join(["NULL" if v is None else write(v) for v in values]) + "}"
    # Mostly repeated values (a run's time, a kind, a text said once per kind):
    # each is written once.
    written = {v: "NULL" if v is None else write(v) for v in distinct}
    return "{" + ",".join([written[v] for v in values]) + "}"


def _made_by_the_database(field: models.Field) -> bool:
    # A random UUID by default (the models' `uuid` fields): gen_random_uuid().
    return isinstance(field, models.UUIDField) and callable(field.default)


def insert_rows(
    model: type[models.Model],
    rows: list[dict],
    *,
    skip_conflicts_on: tuple[str, ...] | None = None,
) -> list[models.Model]:
    """Insert `rows` (attname -> value; a missing field takes its default) and
    return the rows written as saved instances of `model`, in the order given.

    With `skip_conflicts_on` (the attnames of a unique constraint), a row whose
    key is already in the table is skipped (ON CONFLICT DO NOTHING) and left out
    of the result, as the key's older row is kept."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        return _bulk_create(model, rows, skip_conflicts_on)
    meta = model._meta
    now = timezone.now()
    quote = connection.ops.quote_name
    given = [f for f in meta.concrete_fields if f is not meta.auto_field]
    arrays, columns, generated = [], [], []
    for field in given:
        if field.attname not in rows[0] and _made_by_the_database(field):
            generated.append(field)
            continue
        arrays.append(array_literal(_column(field, rows, now)))
        columns.append((quote(field.column), field.db_type(connection)))
    names = [c for c, _t in columns] + [quote(f.column) for f in generated]
    values = ["source.*"] + ["gen_random_uuid()"] * len(generated)
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(names)}) "  # noqa: S608
        f"SELECT {', '.join(values)} FROM unnest("
        f"{', '.join(f'%s::{t}[]' for _c, t in columns)}) AS source"
    )
    returned = [meta.pk, *generated]
    if skip_conflicts_on:
        sql += " ON CONFLICT DO NOTHING"
        returned += [meta.get_field(name) for name in skip_conflicts_on]
    sql += f" RETURNING {', '.join(quote(f.column) for f in returned)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, arrays)
        written = cursor.fetchall()
    if skip_conflicts_on:
        # Only the rows inserted come back, in no promised order: matched by key.
        by_key = {tuple(r[1 + len(generated) :]): r for r in written}
        kept = []
        for row in rows:
            found = by_key.get(tuple(row[name] for name in skip_conflicts_on))
            if found is not None:
                kept.append((row, found))
    else:
        # Rows come back in the order of the arrays, as bulk_create assumes too.
        kept = list(zip(rows, written, strict=True))
    return _instances(model, kept, generated)


def _column(field: models.Field, rows: list[dict], now: datetime) -> list:
    """One column's values, ready for the driver (the rows are alike: a field
    given in the first is given in all)."""
    if field.attname in rows[0]:
        values = [row[field.attname] for row in rows]
    elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        values = [now] * len(rows)
    elif callable(field.default):
        # A new value for each row (a dict, say), as the model would make it.
        values = [field.get_default() for _row in rows]
    else:
        values = [field.get_default()] * len(rows)
    for row, value in zip(rows, values, strict=True):
        row[field.attname] = value
    if isinstance(field, PLAIN_FIELDS):
        return values
    return [field.get_db_prep_save(v, connection) for v in values]


def _instances(
    model: type[models.Model], kept: list[tuple[dict, tuple]], generated: list
) -> list[models.Model]:
    """The saved instances of the rows written: each row's values (every
    concrete field but the keys, _column filled them in) and the keys the
    database made for it (primary key first, then the generated fields, as
    RETURNING lists them). A month of missed questionnaires builds 73,000."""
    meta = model._meta
    made_names = [meta.pk.attname, *(f.attname for f in generated)]
    alias = connection.alias
    if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        attnames = [f.attname for f in meta.concrete_fields]
        instances = []
        for row, back in kept:
            values = {**row, **dict(zip(made_names, back, strict=False))}
            instances.append(
                model.from_db(alias, attnames, [values[name] for name in attnames])
            )
        return instances
    return [
        _saved(model, alias, row, zip(made_names, back, strict=False))
        for row, back in kept
    ]


def _saved(model: type[models.Model], alias: str, *values) -> models.Model:
    """A saved instance from its values (mappings or (attname, value) pairs), as
    from_db makes it but without Model.__init__, which sets each field through
    its descriptor (a third of a month of missed questionnaires' Python time).
    Django's own unpickling (model_unpickle) makes instances the same way; only
    for models without pre_init or post_init receivers (the caller checks),
    since __init__ is what sends them."""
    instance = model.__new__(model)
    for given in values:
        instance.__dict__.update(given)
    instance._state = ModelState()
    instance._state.adding = False
    instance._state.db = alias
    return instance


def _bulk_create(model, rows: list[dict], skip_conflicts_on) -> list[models.Model]:
    objs = [model(**row) for row in rows]
    if not skip_conflicts_on:
        model.objects.bulk_create(objs)
        return objs
    # Without RETURNING of the rows inserted: the keys that were new are read back.
    model.objects.bulk_create(objs, ignore_conflicts=True)
    uuids = model.objects.filter(uuid__in=[o.uuid for o in objs])
    return list(uuids.order_by("pk"))


# Fields whose Python values the database driver takes as they are.
PLAIN_FIELDS = (
    models.BooleanField,
    models.CharField,
    models.DateField,
    models.ForeignKey,
    models.IntegerField,
    models.TextField,
    models.UUIDField,
)


def write_history(rows: QuerySet, *, user: User | None, at: datetime) -> int:
    """The "created" history row of each of these rows, as simple_history's
    bulk_history_create writes it (no change reason), in one INSERT ... SELECT:
    a model instance per row cost more than the rows themselves (a month of
    missed questionnaires: 90,000 history rows)."""
    history = rows.model.history.model
    fields = history.tracked_fields
    source, params = (
        rows.order_by("pk")
        .values_list(*[f.attname for f in fields])
        .query.sql_with_params()
    )
    quote = connection.ops.quote_name
    columns = [quote(f.column) for f in fields] + [
        quote("history_date"),
        quote("history_user_id"),
        quote("history_change_reason"),
        quote("history_type"),
    ]
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT source.*, %s, %s, %s, %s FROM ({source}) AS source"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [at, user.pk if user else None, "", "+", *params])
        return cursor.rowcount
