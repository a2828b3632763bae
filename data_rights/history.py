"""A record's change history as people read it: who changed which field, from
what to what, and when, from the django-simple-history rows already kept.

Each kind of record with a History page is listed in KINDS with the QuerySet
method that decides who may open it (the record's own scoping). The page costs
the same few queries however long the history: the history rows in one query
(with who made each change), the names of the users its fields point at in one
more. Encrypted fields (a woman's safe-contact details) show "changed" without
their values to every role but the partner-support worker who holds them; no
other role of this page sees a partner's record at all.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.roles import PARTNER_SUPPORT
from participants.models import CaseNote, Child, Participant
from partner_contact.fields import EncryptedTextField
from partner_contact.models import Partner, SafetyPlan
from programmes.models import Enrolment
from referrals.models import OnwardReferral, Referral
from risk.models import RiskAssessment

# Columns whose changes say nothing to a reader: bookkeeping the system keeps.
UNTRACKED = {"id", "uuid", "organisation", "updated_at", "created_at", "version"}


@dataclass(frozen=True)
class HistoryKind:
    """A kind of record with a History page, and who may open it."""

    model: type[models.Model]
    label: str
    # The record's QuerySet method that scopes it to a user.
    scope: str = "visible_to"

    def record_or_none(self, user, uuid):
        queryset = getattr(self.model._default_manager, self.scope)(user)
        return queryset.filter(uuid=uuid).first()


KINDS: dict[str, HistoryKind] = {
    "case": HistoryKind(Participant, gettext_lazy("his case"), "case_file_visible_to"),
    "child": HistoryKind(Child, gettext_lazy("a child")),
    "case-note": HistoryKind(CaseNote, gettext_lazy("a case note")),
    "enrolment": HistoryKind(Enrolment, gettext_lazy("a programme place")),
    "assessment": HistoryKind(RiskAssessment, gettext_lazy("a risk assessment")),
    "referral": HistoryKind(Referral, gettext_lazy("a referral")),
    "onward-referral": HistoryKind(OnwardReferral, gettext_lazy("an onward referral")),
    "partner": HistoryKind(Partner, gettext_lazy("her record")),
    "safety-plan": HistoryKind(SafetyPlan, gettext_lazy("a safety plan")),
}


@dataclass
class FieldChange:
    label: str
    old: str = ""
    new: str = ""
    # Shown as "changed" without values: a field the reader may not see.
    hidden: bool = False


@dataclass
class Entry:
    """One saved version: who, when, and what changed since the one before."""

    at: object
    who: str
    kind: str
    changes: list[FieldChange] = field(default_factory=list)


def may_see_secrets(user: User) -> bool:
    """Whether the reader may see encrypted values: the partner-support worker,
    who holds her safe-contact details (managers read her record, not these)."""
    return user.role == PARTNER_SUPPORT


def tracked_fields(record: models.Model) -> list[models.Field]:
    """The record's columns that its history keeps and a reader cares about."""
    kept = {f.name for f in record.history.model._meta.fields}
    return [
        f
        for f in record._meta.concrete_fields
        if f.name in kept and f.name not in UNTRACKED
    ]


def entries_for(record: models.Model, reader: User) -> list[Entry]:
    """The record's history, newest first, as the reader may see it."""
    fields = tracked_fields(record)
    rows = list(
        record.history.order_by("history_date", "history_id").select_related(
            "history_user"
        )
    )
    names = _user_names(rows, fields)
    secrets_ok = may_see_secrets(reader)
    entries = []
    previous = None
    for row in rows:
        entry = Entry(
            at=row.history_date,
            who=_name(row.history_user) if row.history_user else _("the system"),
            kind=row.get_history_type_display(),
        )
        if previous is not None and row.history_type == "~":
            entry.changes = _changes(previous, row, fields, names, secrets_ok)
        entries.append(entry)
        previous = row
    entries.reverse()
    return entries


def _changes(before, after, fields, names, secrets_ok) -> list[FieldChange]:
    changes = []
    for f in fields:
        old, new = getattr(before, f.attname), getattr(after, f.attname)
        if old == new:
            continue
        label = str(f.verbose_name).capitalize()
        if isinstance(f, EncryptedTextField) and not secrets_ok:
            changes.append(FieldChange(label, hidden=True))
            continue
        if f.is_relation and f.related_model is not User:
            changes.append(FieldChange(label, hidden=True))
            continue
        changes.append(FieldChange(label, _value(f, old, names), _value(f, new, names)))
    return changes


def _value(f: models.Field, value, names: dict[int, str]) -> str:
    if value is None or value == "":
        return ""
    if f.is_relation:
        return names.get(value, "")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def _user_names(rows, fields) -> dict[int, str]:
    """The names of every user the history's fields point at, in one query."""
    user_fields = [f for f in fields if f.is_relation and f.related_model is User]
    ids = {
        getattr(row, f.attname)
        for row in rows
        for f in user_fields
        if getattr(row, f.attname)
    }
    if not ids:
        return {}
    return {user.pk: _name(user) for user in User.objects.filter(pk__in=ids)}
