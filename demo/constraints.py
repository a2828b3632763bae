"""Foreign keys checked once per table instead of once per row, for bulk seeding.

Django declares PostgreSQL foreign keys DEFERRABLE INITIALLY DEFERRED, so every
row the seeders COPY in queues a check that runs at commit: at 100,000 men that
was about 140 s of the seed for 11 million rows (docs/performance.md). Dropping
the constraints before the load and adding them back after checks each one in a
single join instead, and still refuses the commit if any row is wrong. All of it
happens inside the seeding transaction, so a failure leaves the schema as it was.
"""

from collections.abc import Iterator
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
        for table, name, definition in keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
