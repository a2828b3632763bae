"""Foreign keys checked once per table instead of once per row, for bulk seeding.

Django declares PostgreSQL foreign keys DEFERRABLE INITIALLY DEFERRED, so every
row the seeders COPY in queues a check that runs at commit: at 100,000 men that
was about 140 s of the seed for 11 million rows (docs/performance.md). Dropping
the constraints before the load and adding them back after checks each one in a
single join instead, and still refuses the commit if any row is wrong. All of it
happens inside the seeding transaction, so a failure leaves the schema as it was.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection

FOREIGN_KEYS = """
    SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
    FROM pg_constraint
    WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
    ORDER BY conrelid::regclass::text, conname
"""


@contextmanager
def foreign_keys_checked_once() -> Iterator[None]:
    """Within a transaction: drop the schema's foreign keys, run the body, add
    them back (each validated over the whole table). Elsewhere than PostgreSQL,
    nothing changes."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(FOREIGN_KEYS)
        keys = cursor.fetchall()
        for table, name, _definition in keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    yield
    with connection.cursor() as cursor:
        # Memory for each check's join of a loaded table with the one it
        # references, for this transaction only: a 6,000,000-row table checked
        # against 250,000 keys took 1.7 s instead of 2.1 s with the default.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        for table, name, definition in keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("RESET work_mem")


# Indexes that neither back a constraint nor enforce uniqueness: nothing the seed
# writes relies on them (ON CONFLICT needs the unique ones, which stay).
SECONDARY_INDEXES = """
    SELECT t.relname, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
    FROM pg_index i
    JOIN pg_class t ON t.oid = i.indrelid
    WHERE t.relnamespace = current_schema()::regnamespace
      AND t.relname = ANY(%s)
      AND NOT i.indisunique AND NOT i.indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
    ORDER BY 1, 2
"""


class SecondaryIndexes:
    """The schema's plain (non-unique) indexes, dropped for a bulk load and
    created again from their own definitions, each sorted once over its loaded
    table: several times cheaper than keeping it up to date row by row. Within
    the seeding transaction, so the schema ends (or, on failure, stays) as it
    began. Off (nothing dropped) elsewhere than PostgreSQL or when not enabled."""

    def __init__(self, enabled: bool = True, models: list | None = None):
        self.enabled = enabled and connection.vendor == "postgresql"
        # The tables of these models and of their history: the largest only, as
        # each index dropped holds a lock (of a shared, limited table) until
        # the commit.
        self.tables = [
            model._meta.db_table
            for base in models or []
            for model in [base, getattr(getattr(base, "history", None), "model", None)]
            if model is not None
        ]
        self.dropped: list[tuple[str, str, str]] = []

    def drop(self) -> None:
        if not self.enabled:
            return
        with connection.cursor() as cursor:
            cursor.execute(SECONDARY_INDEXES, [self.tables])
            self.dropped = cursor.fetchall()
            for _table, name, _definition in self.dropped:
                cursor.execute(f"DROP INDEX {name}")

    def build(self, *, unless: Callable[[str], bool] = lambda table: False) -> None:
        """Create the dropped indexes again, except those of tables `unless`
        names (left for a later call)."""
        if not self.dropped:
            return
        later = [index for index in self.dropped if unless(index[0])]
        with connection.cursor() as cursor:
            # Memory for the sorts, for this transaction only.
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for index in self.dropped:
                if index not in later:
                    cursor.execute(index[2])
            cursor.execute("RESET maintenance_work_mem")
        self.dropped = later


@contextmanager
def secondary_indexes_built_once(indexes: SecondaryIndexes) -> Iterator[None]:
    """Within a transaction: drop the plain indexes, run the body (which may
    build some of them early), build the rest."""
    indexes.drop()
    yield
    indexes.build()


def analyse() -> None:
    """Statistics for the planner from small samples (enough to choose a plan)
    over the rows loaded so far, uncommitted as they are; the history tables,
    which the seed's queries never read, are left out."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL default_statistics_target = 10")
        for table in connection.introspection.table_names(cursor):
            if "_historical" not in table:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        cursor.execute("RESET default_statistics_target")
