"""Bulk writes for the demo: PostgreSQL COPY, or executemany elsewhere (SQLite).

Rows are plain dicts of column attnames, never model instances, and their primary
keys are given here, so a seeder links rows without reading them back. A model
with django-simple-history gets one "+" history row per row, dated from the row
itself (its `created_at`, or the date the caller gives) and by the user who made
it. Rows are written in batches, in the order their models were first used;
foreign keys are checked at commit, so the order within a batch does not matter.
"""

import functools
import operator
import re
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from random import Random
from uuid import UUID

from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.models import Max
from psycopg import postgres, pq
from psycopg.adapt import Dumper

from demo.encryption import Encrypter
from partner_contact.fields import EncryptedTextField

# Values psycopg writes as they are; every other field goes through Django's
# get_db_prep_save (JSON, encrypted text, and everything on SQLite).
PLAIN_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.BigIntegerField,
    models.BooleanField,
    models.CharField,
    models.DateField,
    models.DateTimeField,
    models.EmailField,
    models.FloatField,
    models.ForeignKey,
    models.IntegerField,
    models.OneToOneField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SlugField,
    models.SmallIntegerField,
    models.TextField,
    models.TimeField,
    models.UUIDField,
)
BATCH = 50_000
INTEGER_KEYS = ("AutoField", "BigAutoField", "SmallAutoField")
# The version (4) and variant (RFC 4122) bits of a random UUID, as uuid.UUID sets them.
UUID_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
UUID_SET = (4 << 76) | (0x8000 << 48)


# Statements that add no row to a table of the schema (an INSERT names its table).
ADDS_NO_ROWS = frozenset(
    [
        "SELECT",
        "SET",
        "RESET",
        "SHOW",
        "ANALYZE",
        "CREATE",
        "DROP",
        "ALTER",
        "UPDATE",
        "DELETE",
        "SAVEPOINT",
        "RELEASE",
        "ROLLBACK",
    ]
)
INSERT_INTO = re.compile(r'\s*INSERT\s+INTO\s+"?([\w.]+)"?', re.IGNORECASE)


def _tables_written(sql: str) -> set[str] | None:
    """The tables a statement may add rows to: none, the one an INSERT names, or
    (None) any, for whatever else it may be."""
    words = sql.split(None, 1)
    verb = words[0].upper() if words else ""
    if verb in ADDS_NO_ROWS:
        return set()
    if verb == "INSERT" and (match := INSERT_INTO.match(sql)):
        return {match.group(1)}
    return None


class HexUuidBinaryDumper(Dumper):
    """A UUID as 16 bytes for binary COPY, from the 32 hex digits the loader makes
    (or any form uuid.UUID reads, or a uuid.UUID)."""

    format = pq.Format.BINARY
    oid = postgres.types["uuid"].oid

    def dump(self, obj) -> bytes:
        if isinstance(obj, str):
            return bytes.fromhex(obj) if len(obj) == 32 else UUID(obj).bytes
        return obj.bytes


class Table:
    """The columns of one model's table and how each value is made ready."""

    def __init__(self, model, loader: "Loader"):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in self.fields]
        self.attnames = [f.attname for f in self.fields]
        self.rows: list[tuple] = []
        self.history_rows: list[tuple] = []
        plain = loader.is_postgresql
        # (index, preparer) of each column whose value must be prepared.
        self.prep = [
            (i, loader.preparer(f))
            for i, f in enumerate(self.fields)
            if not (plain and type(f) in PLAIN_FIELDS)
        ]
        self.defaults = [self._default(f, loader) for f in self.fields]
        self.names = frozenset(self.attnames)
        # attname -> (index, default) for a column a row leaves out.
        self.defaults_by_name = {
            a: (i, d)
            for i, (a, d) in enumerate(zip(self.attnames, self.defaults, strict=True))
        }
        # Every value goes to COPY as it is: no preparation to make.
        self.plain = not self.prep
        self.history = getattr(model, "history", None)
        self.history_model = self.history.model if self.history else None
        if self.history_model is not None:
            tracked = {
                f.attname
                for f in self.history_model._meta.concrete_fields
                if not f.name.startswith("history_")
            }
            self.tracked = [i for i, a in enumerate(self.attnames) if a in tracked]
            pick = operator.itemgetter(*self.tracked)
            self.tracked_values = (
                pick if len(self.tracked) > 1 else lambda row: (pick(row),)
            )
            self.tracked_attnames = [self.attnames[i] for i in self.tracked]
            self.history_table = Table.__new__(Table)
            self.history_table.columns = [self.columns[i] for i in self.tracked] + [
                "history_id",
                "history_date",
                "history_change_reason",
                "history_type",
                "history_user_id",
            ]

    @staticmethod
    def _default(field, loader):
        """A value, or a callable giving one, for a column a row leaves out."""
        if isinstance(field, models.UUIDField) and field.has_default():
            return loader.uuid
        if isinstance(field, models.DateTimeField) and (
            field.auto_now or field.auto_now_add
        ):
            return None  # filled from the row's created_at, see Loader.add
        if field.has_default() and callable(field.default):
            return field.default
        default = field.get_default()
        return lambda: default

    def ready(self, values: list) -> list:
        """The row's values (a fresh list, prepared in place) as the database
        takes them."""
        for i, prepare in self.prep:
            values[i] = prepare(values[i])
        return values


class Loader:
    """Collects rows per model and writes them in large batches."""

    def __init__(self, *, rng: Random, now: datetime, using: str = "default"):
        self.connection = connections[using]
        self.is_postgresql = self.connection.vendor == "postgresql"
        self.rng = rng
        self.now = now
        self.tables: dict[type[models.Model], Table] = {}
        self.next_pk: dict[type[models.Model], int] = {}
        self.written: dict[str, int] = {}
        self.encrypter: Encrypter | None = None
        # (table, columns) -> the oid of each column's type, for binary COPY.
        self.types: dict[tuple[str, tuple[str, ...]], list[int]] = {}
        # The thread that writes behind, and what it has yet to write.
        self.behind: ThreadPoolExecutor | None = None
        self.pending: list[Future] = []

    def preparer(self, field):
        """A function making a value of this field ready for the database."""
        if isinstance(field, EncryptedTextField):
            if self.encrypter is None:
                self.encrypter = Encrypter()
            return self.encrypter
        return functools.partial(field.get_db_prep_save, connection=self.connection)

    def uuid(self) -> str:
        """A random (version 4) UUID from the seeded generator, the same demo every
        time, as the 32 hex digits both databases accept (three times quicker to
        make than a uuid.UUID)."""
        value = self.rng.getrandbits(128) & UUID_CLEAR | UUID_SET
        return f"{value:032x}"

    def table(self, model) -> Table:
        if model not in self.tables:
            self.tables[model] = Table(model, self)
        return self.tables[model]

    def pk(self, model) -> int:
        """The next free primary key of this model's table."""
        if model not in self.next_pk:
            top = model._default_manager.aggregate(top=Max("pk"))["top"] or 0
            self.next_pk[model] = top + 1
        value = self.next_pk[model]
        self.next_pk[model] += 1
        return value

    def add(
        self,
        model,
        *,
        history_user: int | None = None,
        history_date: datetime | None = None,
        history: bool = True,
        **values,
    ) -> int:
        """Queue one row (attnames as keywords); return its primary key.

        `created_at` and `updated_at` default to `history_date`, then to now;
        `history=False` leaves the history to the caller (see add_history).
        """
        table = self.tables.get(model) or self.table(model)
        pk = values["id"] = values.get("id") or self.pk(model)
        when = values.get("created_at") or history_date or self.now
        # Every column at C speed, then the defaults of those the row leaves out.
        row = list(map(values.get, table.attnames))
        for attname in table.names.difference(values):
            i, default = table.defaults_by_name[attname]
            row[i] = when if default is None else default()
        prepared = row if table.plain else table.ready(row)
        table.rows.append(prepared)
        if history and table.history_model is not None:
            table.history_rows.append(
                table.tracked_values(prepared)
                + (self.pk(table.history_model), history_date or when, None, "+")
                + (history_user,)
            )
        if len(table.rows) >= BATCH:
            self.flush(model)
        return pk

    def add_history(
        self,
        model,
        values: dict,
        *,
        history_date: datetime,
        history_type: str = "~",
        history_user: int | None = None,
    ) -> None:
        """Queue one history row of a change (`values` holds every tracked field)."""
        table = self.table(model)
        if table.plain:
            tracked = [values.get(a) for a in table.tracked_attnames]
        else:
            row = [values.get(a) for a in table.attnames]
            prepared = table.ready(row)
            tracked = [prepared[i] for i in table.tracked]
        table.history_rows.append(
            (
                *tracked,
                self.pk(table.history_model),
                history_date,
                None,
                history_type,
                history_user,
            )
        )

    def add_history_of_rows(
        self, model, rows: list[tuple[int, datetime, int | None]]
    ) -> None:
        """A change's history row, "~", for each (pk, date, user): the row as its
        table holds it now (written there by `update`), copied by the database on
        PostgreSQL rather than read back."""
        table = self.table(model)
        if not self.is_postgresql:
            by_pk = {pk: (when, user) for pk, when, user in rows}
            for values in model._default_manager.filter(pk__in=list(by_pk)).values(
                *table.tracked_attnames
            ):
                when, user = by_pk[values["id"]]
                self.add_history(model, values, history_date=when, history_user=user)
            return
        history = table.history_model
        first = self.pk(history)
        self.next_pk[history] = first + len(rows)
        quote = self.connection.ops.quote_name
        tracked = ", ".join(quote(c) for c in table.history_table.columns[:-5])
        picked = ", ".join(f"m.{quote(c)}" for c in table.history_table.columns[:-5])
        with (
            transaction.atomic(using=self.connection.alias),
            self.connection.cursor() as cursor,
        ):
            cursor.execute(
                "CREATE TEMP TABLE demo_history (n bigint, id bigint, "
                "history_date timestamptz, history_user_id bigint) ON COMMIT DROP"
            )
            self.write_rows(
                "demo_history",
                ["n", "id", "history_date", "history_user_id"],
                [(first + n, *row) for n, row in enumerate(rows)],
            )
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({tracked}, history_id, "  # noqa: S608
                "history_date, history_change_reason, history_type, history_user_id) "
                f"SELECT {picked}, t.n, t.history_date, NULL, '~', t.history_user_id "
                f"FROM demo_history t JOIN {quote(model._meta.db_table)} m "
                "ON m.id = t.id ORDER BY t.n"
            )
            cursor.execute("DROP TABLE demo_history")
            for sql in self.connection.ops.sequence_reset_sql(no_style(), [history]):
                cursor.execute(sql)

    def flush(self, *only) -> None:
        """Write the queued rows (of these models, or of all).

        Each written table's sequence then moves past the keys given here, so
        rows the ORM writes later never clash; keys given next continue from
        here (see `_before_query` for rows the ORM wrote in between).
        """
        written = []
        for model, table in self.tables.items():
            if only and model not in only:
                continue
            self.write_rows(model._meta.db_table, table.columns, table.rows)
            written.append(model)
            if table.history_model is not None:
                self.write_rows(
                    table.history_model._meta.db_table,
                    table.history_table.columns,
                    table.history_rows,
                )
                written.append(table.history_model)
            self.written[model.__name__] = self.written.get(model.__name__, 0) + len(
                table.rows
            )
            table.rows, table.history_rows = [], []
        statements = self.connection.ops.sequence_reset_sql(no_style(), written)
        self._submit(self._execute, statements)
        if self.behind is None:
            for model in written:
                self.next_pk.pop(model, None)

    def known_keys(self, models_: list[type[models.Model]]) -> None:
        """The next free key of each of these models' tables (those with an
        integer key), read in one query: a key read later waits for every write
        queued before it."""
        todo = [
            m
            for m in models_
            if m not in self.next_pk
            and m._meta.managed
            and not m._meta.proxy
            and m._meta.pk.get_internal_type() in INTEGER_KEYS
        ]
        if not todo:
            return
        quote = self.connection.ops.quote_name
        tops = ", ".join(
            f"(SELECT max({quote(m._meta.pk.column)}) FROM {quote(m._meta.db_table)})"  # noqa: S608
            for m in todo
        )
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT {tops}")
            row = cursor.fetchone()
        for model, top in zip(todo, row, strict=True):
            self.next_pk[model] = (top or 0) + 1

    def execute_behind(
        self,
        statements: list[tuple[str, object]],
        done: Callable[[list[int]], None] | None = None,
    ) -> None:
        """Run (sql, params) statements whose results the caller does not need
        after the writes queued so far, without waiting for them: on PostgreSQL
        in the writing thread, while Python goes on making rows (any Django
        query waits for them first). `done` hears their row counts.

        Rows such statements add are not seen by the loader's keys: the caller
        sets or forgets (`next_pk.pop`) the keys of the tables they write."""
        self._submit(self._run, statements, done)

    def _run(self, statements, done) -> None:
        counts = []
        with self._cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                counts.append(cursor.rowcount)
        if done is not None:
            done(counts)

    def write_rows(self, db_table: str, columns: list[str], rows: list) -> None:
        """Write rows (ready values, in `columns` order) to a table as they are."""
        if rows:
            self._submit(self._copy, db_table, columns, rows)

    @contextmanager
    def writing_behind(self) -> Iterator[None]:
        """On PostgreSQL, COPY in a thread of its own (on the same connection, so
        in the same transaction) while the caller makes the next rows: the
        database ingests one batch as Python builds the next. Every query made
        through Django meanwhile first waits for the writes queued before it."""
        if not self.is_postgresql:
            yield
            return
        self.behind = ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-copy")
        try:
            with self.connection.execute_wrapper(self._before_query):
                yield
            self.wait()
        finally:
            self.behind.shutdown(wait=True)
            self.behind, self.pending = None, []

    def wait(self) -> None:
        """Wait for the writes queued so far; raise the first that failed."""
        pending, self.pending = self.pending, []
        for future in pending:
            future.result()

    def _before_query(self, execute, sql, params, many, context):
        self.wait()
        into = _tables_written(sql)
        if into != set():
            # The statement may add rows (to these tables, or, if None, to any):
            # their keys are read again before the next is given, unless rows
            # of theirs are still queued. Reading a key waits for every queued
            # write, so keys stay known wherever nothing can have added rows.
            queued = {m for m, t in self.tables.items() if t.rows} | {
                t.history_model for t in self.tables.values() if t.history_rows
            }
            for model in [m for m in self.next_pk if m not in queued]:
                if into is None or model._meta.db_table in into:
                    del self.next_pk[model]
        return execute(sql, params, many, context)

    def _submit(self, work, *args) -> None:
        if self.behind is None:
            work(*args)
        else:
            self.pending.append(self.behind.submit(work, *args))

    def _execute(self, statements: list[str]) -> None:
        with self._cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def _cursor(self):
        # The driver's own cursor when writing behind: Django's connection
        # belongs to the main thread, and its wrappers would wait on this one.
        if self.behind is not None:
            return self.connection.connection.cursor()
        return self.connection.cursor()

    def _copy(self, db_table: str, columns: list[str], rows: list) -> None:
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(c) for c in columns)
        with self._cursor() as cursor:
            if self.is_postgresql:
                raw = getattr(cursor, "cursor", cursor)
                types = self._column_types(raw, db_table, columns)
                # The 32 hex digits of Loader.uuid, as the binary format takes them.
                raw.adapters.register_dumper(None, HexUuidBinaryDumper)
                with raw.copy(
                    f"COPY {quote(db_table)} ({names}) FROM STDIN (FORMAT BINARY)"
                ) as out:
                    out.set_types(types)
                    for row in rows:
                        out.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {quote(db_table)} ({names}) VALUES ({marks})",  # noqa: S608
                    rows,
                )

    def _column_types(self, cursor, db_table: str, columns: list[str]) -> list[int]:
        """The type (oid) of each column, read once per table and columns: the
        binary format has no casts, each value is written as its column's type."""
        key = (db_table, tuple(columns))
        if key not in self.types:
            cursor.execute(
                "SELECT attname, atttypid FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                [self.connection.ops.quote_name(db_table)],
            )
            by_name = dict(cursor.fetchall())
            self.types[key] = [by_name[c] for c in columns]
        return self.types[key]

    def update(self, model, fields: list[str], rows: list[tuple]) -> None:
        """Set `fields` on many rows at once: rows are (pk, *values)."""
        if not rows:
            return
        if not self.is_postgresql:
            objects = [
                model(pk=row[0], **dict(zip(fields, row[1:], strict=True)))
                for row in rows
            ]
            model._default_manager.bulk_update(objects, fields, batch_size=500)
            return
        table = self.table(model)
        by_name = {f.attname: f for f in table.fields}
        quote = self.connection.ops.quote_name
        columns = [by_name[name].column for name in fields]
        types = [by_name[name].db_type(self.connection) for name in fields]
        temp = f"demo_update_{model._meta.db_table}"
        # Atomic, so that the table dropped on commit outlives this block even
        # under autocommit.
        with (
            transaction.atomic(using=self.connection.alias),
            self.connection.cursor() as cursor,
        ):
            cursor.execute(
                f"CREATE TEMP TABLE {temp} (id bigint, "
                + ", ".join(
                    f"{quote(c)} {t}" for c, t in zip(columns, types, strict=True)
                )
                + ") ON COMMIT DROP"
            )
            self.write_rows(temp, ["id", *columns], rows)
            assignments = ", ".join(f"{quote(c)} = t.{quote(c)}" for c in columns)
            cursor.execute(
                f"UPDATE {quote(model._meta.db_table)} m SET {assignments} "  # noqa: S608
                f"FROM {temp} t WHERE m.id = t.id"
            )
            cursor.execute(f"DROP TABLE {temp}")
