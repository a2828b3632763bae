"""Bulk writes for the demo: PostgreSQL COPY, or executemany elsewhere (SQLite).

Rows are plain dicts of column attnames, never model instances, and their primary
keys are given here, so a seeder links rows without reading them back. A model
with django-simple-history gets one "+" history row per row, dated from the row
itself (its `created_at`, or the date the caller gives) and by the user who made
it. Rows are written in batches, in the order their models were first used;
foreign keys are checked at commit, so the order within a batch does not matter.
"""

from datetime import datetime
from random import Random

from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.models import Max

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
    models.ForeignKey,
    models.IntegerField,
    models.OneToOneField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
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
        self.prep = [
            None if plain and type(f) in PLAIN_FIELDS else f for f in self.fields
        ]
        self.defaults = [self._default(f, loader) for f in self.fields]
        self.pairs = list(zip(self.attnames, self.defaults, strict=True))
        # Every value goes to COPY as it is: no preparation to make.
        self.plain = all(f is None for f in self.prep)
        self.history = getattr(model, "history", None)
        self.history_model = self.history.model if self.history else None
        if self.history_model is not None:
            tracked = {
                f.attname
                for f in self.history_model._meta.concrete_fields
                if not f.name.startswith("history_")
            }
            self.tracked = [i for i, a in enumerate(self.attnames) if a in tracked]
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

    def ready(self, values: list, connection) -> tuple:
        return tuple(
            v if f is None else f.get_db_prep_save(v, connection)
            for v, f in zip(values, self.prep, strict=True)
        )


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
        table = self.table(model)
        pk = values["id"] = values.get("id") or self.pk(model)
        when = values.get("created_at") or history_date or self.now
        row = [
            values[attname]
            if attname in values
            else (when if default is None else default())
            for attname, default in table.pairs
        ]
        prepared = row if table.plain else table.ready(row, self.connection)
        table.rows.append(prepared)
        if history and table.history_model is not None:
            table.history_rows.append(
                (
                    *[prepared[i] for i in table.tracked],
                    self.pk(table.history_model),
                    history_date or when,
                    None,
                    "+",
                    history_user,
                )
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
            prepared = table.ready(row, self.connection)
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

        Each written table's sequence moves past the keys given here, and the
        next key is read again, so rows the ORM writes in between never clash.
        """
        written = []
        for model, table in self.tables.items():
            if only and model not in only:
                continue
            self._write(model._meta.db_table, table.columns, table.rows)
            written.append(model)
            if table.history_model is not None:
                self._write(
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
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
        for model in written:
            self.next_pk.pop(model, None)

    def _write(self, db_table: str, columns: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(c) for c in columns)
        with self.connection.cursor() as cursor:
            if self.is_postgresql:
                sql = f"COPY {quote(db_table)} ({names}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {quote(db_table)} ({names}) VALUES ({marks})",  # noqa: S608
                    rows,
                )

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
            self._write(temp, ["id", *columns], rows)
            assignments = ", ".join(f"{quote(c)} = t.{quote(c)}" for c in columns)
            cursor.execute(
                f"UPDATE {quote(model._meta.db_table)} m SET {assignments} "  # noqa: S608
                f"FROM {temp} t WHERE m.id = t.id"
            )
            cursor.execute(f"DROP TABLE {temp}")
