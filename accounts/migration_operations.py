"""Migration operations shared by the apps.

Indexes on tables written all day (registers, alerts) are built CONCURRENTLY on
PostgreSQL, so saving a register or an alert never waits for the build. SQLite
(`make run`) has no such thing and no concurrent writers worth the name: there
the same operations add and remove the index plainly.
"""

from django.contrib.postgres.operations import (
    AddIndexConcurrently,
    RemoveIndexConcurrently,
)
from django.db.migrations.operations import AddIndex, RemoveIndex


def _is_postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


class AddIndexWithoutLocking(AddIndexConcurrently):
    """AddIndexConcurrently on PostgreSQL, AddIndex elsewhere (in a migration
    with atomic = False)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _is_postgresql(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            AddIndex.database_forwards(
                self, app_label, schema_editor, from_state, to_state
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _is_postgresql(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            AddIndex.database_backwards(
                self, app_label, schema_editor, from_state, to_state
            )


class RemoveIndexWithoutLocking(RemoveIndexConcurrently):
    """RemoveIndexConcurrently on PostgreSQL, RemoveIndex elsewhere (in a
    migration with atomic = False)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _is_postgresql(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            RemoveIndex.database_forwards(
                self, app_label, schema_editor, from_state, to_state
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _is_postgresql(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            RemoveIndex.database_backwards(
                self, app_label, schema_editor, from_state, to_state
            )
