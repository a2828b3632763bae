"""Migration operations shared by the apps.

Indexes on tables written all day (registers, alerts) are built CONCURRENTLY on
PostgreSQL, so saving a register or an alert never waits for the build. SQLite
(`make run`) has no such thing and no concurrent writers worth the name: there
the same operations add and remove the index plainly. Use them in a migration
with atomic = False.
"""

from django.contrib.postgres.operations import (
    AddIndexConcurrently,
    RemoveIndexConcurrently,
)
from django.db.migrations.operations import AddIndex, RemoveIndex


class PlainOffPostgreSQL:
    """Runs the concurrent operation on PostgreSQL and `plain` elsewhere."""

    plain = None  # the plain operation class (AddIndex, RemoveIndex)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            self.plain.database_forwards(
                self, app_label, schema_editor, from_state, to_state
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            self.plain.database_backwards(
                self, app_label, schema_editor, from_state, to_state
            )


class AddIndexWithoutLocking(PlainOffPostgreSQL, AddIndexConcurrently):
    """AddIndexConcurrently on PostgreSQL, AddIndex elsewhere."""

    plain = AddIndex


class RemoveIndexWithoutLocking(PlainOffPostgreSQL, RemoveIndexConcurrently):
    """RemoveIndexConcurrently on PostgreSQL, RemoveIndex elsewhere."""

    plain = RemoveIndex
