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
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from random import Random

from django.core.management.color import no_style
from django.db import connections, models
from django.db.models import Max

from demo.encryption import Encrypter
from demo.statements import HexUuidBinaryDumper, Statements, tables_written
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
# The version (4) and variant (RFC 4122) bits of a random UUID, as uuid.UUID sets them.
UUID_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
UUID_SET = (4 << 76) | (0x8000 << 48)


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


class Loader(Statements):
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

    def row_template(self, model, given: list[str]) -> tuple[list, dict[str, int]]:
        """For a seeder's hottest loop: a row of this model's table with every
        column but `given` at its (constant) default, and each column's index, to
        be copied, filled in and passed to `queue`. Only for a table whose other
        columns have constant defaults."""
        table = self.table(model)
        template = [None] * len(table.attnames)
        for attname, (i, default) in table.defaults_by_name.items():
            if attname not in given:
                field = table.fields[i]
                if default is None or (field.has_default() and callable(field.default)):
                    raise ValueError(f"{model.__name__}.{attname} must be given")
                template[i] = default()
        return template, {a: i for i, a in enumerate(table.attnames)}

    def queue(self, model, row: list, history: list[tuple] = ()) -> None:
        """Queue one complete row (see `row_template`) and its history rows,
        as `history_row` makes them."""
        table = self.tables[model]
        table.rows.append(row if table.plain else table.ready(row))
        if history:
            table.history_rows.extend(history)
        if len(table.rows) >= BATCH:
            self.flush(model)

    def history_row(
        self, model, row: list, when: datetime, kind: str, user: int | None
    ) -> tuple:
        """The history row of a row as it stands (its tracked columns)."""
        table = self.tables[model]
        ready = row if table.plain else table.ready(list(row))
        return table.tracked_values(ready) + (
            self.pk(table.history_model),
            when,
            None,
            kind,
            user,
        )

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
        into = tables_written(sql)
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
