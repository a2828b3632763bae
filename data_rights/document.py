"""What a subject-access export is made of: sections of items of labelled values,
and the list of what was withheld, with why.

The builders (data_rights.his_export, data_rights.her_export) fill a `Document`;
`archive()` turns it into the zip the person receives: a readable HTML document
and the same data as JSON. The redactions go to the reviewing manager only: the
person's copy says how many items were withheld, not what they were.
"""

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

# Columns that say nothing to the person: keys, tenancy, bookkeeping.
INTERNAL_FIELDS = {
    "id",
    "uuid",
    "organisation",
    "batch",
    "submission_token",
    "dedup_key",
    "version",
    "is_anonymised",
    "email_status",
    "email_claimed_at",
    "email_attempts",
    "email_sent_at",
}

# A worker marks a third party's name in a note as [[name]]: the person's own
# export shows "[third party]" in its place.
THIRD_PARTY_MARK = re.compile(r"\[\[[^\]]*\]\]")


@dataclass
class Redaction:
    """One thing withheld from the person's copy, and why."""

    section: str
    item: str
    what: str
    reason: str

    def as_dict(self) -> dict:
        return {
            "section": self.section,
            "item": self.item,
            "what": self.what,
            "reason": self.reason,
        }


@dataclass
class Document:
    """The export being built: sections in order, and what was withheld."""

    title: str
    organisation: str
    sections: list[dict] = field(default_factory=list)
    redactions: list[Redaction] = field(default_factory=list)
    user_names: dict[int, str] = field(default_factory=dict)
    # Names of other people to blank wherever they appear in free text.
    withheld_names: list[str] = field(default_factory=list)

    def section(self, key: str, title: str) -> dict:
        section = {"key": key, "title": str(title), "items": []}
        self.sections.append(section)
        return section

    def add(self, section: dict, title: str, fields: list[list[str]]) -> None:
        section["items"].append({"title": str(title), "fields": fields})

    def withhold(self, section: dict, item: str, what: str, reason: str) -> None:
        self.redactions.append(
            Redaction(section["title"], str(item), str(what), str(reason))
        )

    def scrub(self, section: dict, item: str, label: str, text: str) -> str:
        """Free text without third parties' names: marked ones and the names of
        the other people this export must not reveal."""
        scrubbed, marked = THIRD_PARTY_MARK.subn(_("[third party]"), text)
        if marked:
            self.withhold(
                section, item, label, _("Names a third party (marked in the note)")
            )
        for name in self.withheld_names:
            pattern = re.compile(re.escape(name), re.IGNORECASE)
            scrubbed, found = pattern.subn(_("[withheld]"), scrubbed)
            if found:
                self.withhold(
                    section, item, label, _("Names his (ex-)partner or another person")
                )
        return scrubbed

    def fields_of(
        self,
        obj: models.Model,
        section: dict,
        item: str,
        *,
        exclude: tuple[str, ...] = (),
        scrub: tuple[str, ...] = (),
    ) -> list[list[str]]:
        """[label, value] for each column a person would recognise: choices by
        their label, staff by name, other records left out (each builder lists
        the related records it includes as items of their own)."""
        out = []
        for f in obj._meta.concrete_fields:
            if f.name in INTERNAL_FIELDS or f.name in exclude:
                continue
            if f.is_relation:
                if f.related_model is not User:
                    continue
                user_id = getattr(obj, f.attname)
                value = self.user_names.get(user_id, "") if user_id else ""
            elif f.choices:
                value = getattr(obj, f"get_{f.name}_display")()
            else:
                value = display(getattr(obj, f.attname))
            value = str(value)
            if f.name in scrub and value:
                value = self.scrub(section, item, str(f.verbose_name), value)
            out.append([str(f.verbose_name).capitalize(), value])
        return out

    def as_data(self) -> dict:
        return {
            "title": self.title,
            "organisation": self.organisation,
            "generated_at": timezone.now().isoformat(),
            "sections": self.sections,
            "withheld_items": len(self.redactions),
        }


def display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def archive(document: Document) -> bytes:
    """The zip the person receives: data.html to read, data.json to reuse."""
    data = document.as_data()
    html = render_to_string("data_rights/export_document.html", {"data": data})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("data.html", html)
        zipped.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
    return buffer.getvalue()


def staff_names(organisation_id: int) -> dict[int, str]:
    """Every user of the organisation by id, in one query."""
    return {
        pk: (f"{first} {last}".strip() or username)
        for pk, first, last, username in User.objects.filter(
            organisation_id=organisation_id
        ).values_list("pk", "first_name", "last_name", "username")
    }
