"""Indexes are built without locking on PostgreSQL and plainly elsewhere
(`make run` uses SQLite, which has no CREATE INDEX CONCURRENTLY)."""

from types import SimpleNamespace

from django.db import models
from django.db.migrations.state import ModelState, ProjectState

from accounts.migration_operations import (
    AddIndexWithoutLocking,
    RemoveIndexWithoutLocking,
)

INDEX = models.Index(fields=["name"], name="thing_name_idx")


class RecordingEditor:
    def __init__(self, vendor):
        self.connection = SimpleNamespace(
            vendor=vendor, in_atomic_block=False, alias="default"
        )
        self.calls = []

    def add_index(self, model, index, **kwargs):
        self.calls.append(("add", index.name, kwargs))

    def remove_index(self, model, index, **kwargs):
        self.calls.append(("remove", index.name, kwargs))


def states():
    before = ProjectState()
    before.add_model(
        ModelState(
            "things",
            "Thing",
            [("id", models.AutoField(primary_key=True)), ("name", models.TextField())],
        )
    )
    after = before.clone()
    after.add_index("things", "thing", INDEX)
    return before, after


def run(operation, vendor, forwards=True):
    before, after = states()
    if isinstance(operation, RemoveIndexWithoutLocking):
        before, after = after, before
    editor = RecordingEditor(vendor)
    if forwards:
        operation.database_forwards("things", editor, before, after)
    else:
        operation.database_backwards("things", editor, after, before)
    return editor.calls


def test_indexes_are_built_concurrently_on_postgresql_only():
    add = AddIndexWithoutLocking("thing", INDEX)
    assert run(add, "postgresql") == [("add", "thing_name_idx", {"concurrently": True})]
    assert run(add, "sqlite") == [("add", "thing_name_idx", {})]
    assert run(add, "sqlite", forwards=False) == [("remove", "thing_name_idx", {})]
    remove = RemoveIndexWithoutLocking("thing", "thing_name_idx")
    assert run(remove, "postgresql") == [
        ("remove", "thing_name_idx", {"concurrently": True})
    ]
    assert run(remove, "sqlite") == [("remove", "thing_name_idx", {})]
