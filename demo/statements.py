"""What the demo's loader asks PostgreSQL to do besides COPY: statements over
rows already written (updates, history rows copied by the database, statements
run behind the write queue), the next keys of many tables at once, and what the
binary COPY needs (each column's type, the loader's UUIDs as bytes).

On another database the same calls work row by row through the ORM.
"""

import re
from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from django.core.management.color import no_style
from django.db import models, transaction
from psycopg import postgres, pq
from psycopg.adapt import Dumper

INTEGER_KEYS = ("AutoField", "BigAutoField", "SmallAutoField")
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


def tables_written(sql: str) -> set[str] | None:
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


class Statements:
    """The loader's set-based statements (a mixin of demo.load.Loader, whose
    connection, keys, tables and write queue they use)."""

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
