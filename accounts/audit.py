"""Reading the access log: what each entry was about, as far as the reader may know.

An entry names its record by model label and UUID only. To show a name and a link,
the records of one page are looked up kind by kind through each model's own
`visible_to(reader)`: a reader who may not open a record (an administrator and a
woman's record, say) sees its kind and nothing that identifies it.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from accounts.access_words import readable
from accounts.models import AccessLog, User


@dataclass(frozen=True)
class LoggedRecord:
    """How the reader sees the record of one log entry."""

    kind: str
    label: str
    url: str | None


def kind_name(object_type: str) -> str:
    """The record kind's name for people ("partner", "participant"), or what was
    exported (an export of a report or a list names no record kind)."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return readable(object_type)


def describe_records(
    entries: Iterable[AccessLog], reader: User
) -> dict[tuple[str, UUID], LoggedRecord]:
    """Each entry's record as the reader may see it, one query per record kind."""
    wanted: dict[str, set[UUID]] = defaultdict(set)
    for entry in entries:
        if entry.object_uuid is not None:
            wanted[entry.object_type].add(entry.object_uuid)
    described = {}
    for object_type, uuids in wanted.items():
        kind = kind_name(object_type)
        visible = _visible(object_type, uuids, reader)
        may_open = _may_open(object_type, reader)
        for uuid in uuids:
            record = visible.get(uuid)
            if record is None:
                described[(object_type, uuid)] = LoggedRecord(kind, "", None)
                continue
            url = (
                record.get_absolute_url()
                if may_open and hasattr(record, "get_absolute_url")
                else None
            )
            described[(object_type, uuid)] = LoggedRecord(kind, str(record), url)
    return described


def _may_open(object_type: str, reader: User) -> bool:
    """Whether the reader's role may open this kind of record's page at all: a
    manager reads the log's account changes but does not manage accounts."""
    app_label, _, model = object_type.lower().partition(".")
    return reader.has_perm(f"{app_label}.view_{model}")


def _visible(object_type: str, uuids: set[UUID], reader: User) -> dict:
    try:
        model = apps.get_model(object_type)
        model._meta.get_field("uuid")
    except (LookupError, ValueError, FieldDoesNotExist):
        return {}
    manager = model._default_manager
    if not hasattr(manager, "visible_to"):
        return {}
    records = manager.visible_to(reader).filter(uuid__in=uuids)
    return {record.uuid: record for record in records}
