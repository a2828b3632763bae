"""A woman's subject-access export: her record and everything attached to it.

Her own records are found from the model definitions: every kind of record with
a foreign key to her `Partner` (contacts, consents, safety plans and their
sections, her checklist, her questionnaires, referrals and shares about her, and
any kind added later) becomes a section, so a new record kind is never left out.
What belongs to his case is never read: the man's name, his case notes and his
risk records are not hers. A record that points at him too (their relationship)
keeps its own columns, without his name.
"""

from django.db import models
from django.utils.translation import gettext as _

from data_rights.document import Document, staff_names
from partner_contact.models import Partner


def her_record_kinds() -> list[models.ManyToOneRel]:
    """Every relation that attaches a kind of record to her, in a stable order;
    change-history tables are left out (her export is of the records)."""
    return sorted(
        (
            rel
            for rel in Partner._meta.related_objects
            if rel.one_to_many
            and not rel.related_model._meta.label.split(".")[1].startswith("Historical")
        ),
        key=lambda rel: (rel.related_model._meta.app_label, rel.name),
    )


def build_her_export(partner: Partner) -> Document:
    """The export of one woman's data, with its redactions."""
    doc = Document(
        title=_("Data held about %(name)s") % {"name": partner.name},
        organisation=partner.organisation.name,
        user_names=staff_names(partner.organisation_id),
    )
    section = doc.section("record", _("Her record"))
    doc.add(section, partner.name, doc.fields_of(partner, section, partner.name))
    for rel in her_record_kinds():
        _records_of_kind(doc, partner, rel)
    return doc


def _records_of_kind(doc: Document, partner: Partner, rel) -> None:
    model = rel.related_model
    rows = list(
        model._default_manager.filter(**{rel.field.name: partner}).order_by("pk")
    )
    if not rows:
        return
    title = str(model._meta.verbose_name_plural).capitalize()
    section = doc.section(rel.name, title)
    answers = _answers_path(model)
    if answers is not None:
        # A questionnaire's answers point at an "item", her checklist's at a
        # "question": whichever the answer model has.
        asked = _asked_field(model, answers)
        rows = list(
            model._default_manager.filter(pk__in=[r.pk for r in rows])
            .prefetch_related(f"{answers}__{asked}")
            .order_by("pk")
        )
    for number, row in enumerate(rows, start=1):
        item = f"{model._meta.verbose_name} {number}".capitalize()
        fields = doc.fields_of(row, section, item)
        if getattr(row, "participant_id", None):
            doc.withhold(section, item, _("The man's name"), _("About him, not her"))
        if answers is not None:
            fields += [
                [_asked_text(getattr(answer, asked)), _answer_value(answer)]
                for answer in _answers_of(row, answers)
            ]
        doc.add(section, item, fields)


def _answers_path(model) -> str | None:
    """Where a record keeps its answers, if it has them: its own (a checklist) or
    its response's (a questionnaire's time point)."""
    names = {rel.name: rel for rel in model._meta.related_objects}
    if "answers" in names and names["answers"].one_to_many:
        return "answers"
    if "response" in names and names["response"].one_to_one:
        return "response__answers"
    return None


def _asked_text(asked) -> str:
    return getattr(asked, "text", str(asked))


def _asked_field(model, path: str) -> str:
    """The answer model's link to what was asked: "item" or "question"."""
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    names = {field.name for field in model._meta.fields}
    return "item" if "item" in names else "question"


def _answers_of(row, path: str) -> list:
    if path == "answers":
        return list(row.answers.all())
    response = getattr(row, "response", None)
    return list(response.answers.all()) if response is not None else []


def _answer_value(answer) -> str:
    for name in ("answer", "value"):
        field = next((f for f in answer._meta.fields if f.name == name), None)
        if field is None:
            continue
        if field.choices:
            return str(getattr(answer, f"get_{name}_display")())
        return str(getattr(answer, name))
    return ""
