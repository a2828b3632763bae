"""Records of the newer apps attached to a man or a woman, named by label.

Each entry says which rows belong to the person (a lookup to the man's or the
woman's id), what is blanked in them, and whether they keep change history.
They are named by "app.Model" label and looked up when erasure runs, so that the
apps built beside retention (enquiries, equality, complaints, data_rights,
referrer letters, her own case and her checklist, children's orders) are listed
here explicitly while their code lands; `tests/retention/test_attached.py` fails
if a label names no model.

What is kept: codes and statuses that reports count (an equality answer's code,
a complaint's kind and outcome, a request's kind and dates). What goes: names,
contact details and every free text, encrypted or not.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import DateField, DateTimeField, F, Q
from django.db.models.functions import Trunc, TruncDate

# A dash where a constraint needs some text (see erasure.ERASED_TEXT).
ERASED_TEXT = "—"


@dataclass(frozen=True)
class Attached:
    """Rows of `label` found by `path` = the person's id, with `blank` applied."""

    label: str
    path: str
    blank: dict
    # Further conditions, for a blank that depends on another column.
    only: dict = field(default_factory=dict)
    exclude: dict = field(default_factory=dict)


ENQUIRY_BLANKS = {
    "name": "",
    "referrer": "",
    "phone": "",
    "email": "",
    "safe_times": "",
    "concerns": "",
    "notes": "",
}

REQUEST_BLANKS = {
    "details": "",
    "correction": "",
    "decision_note": "",
    "export_archive": None,
    "redactions": {},
}

HIS = (
    Attached(
        "participants.ChildOrder",
        "child__participant_id",
        {"court_or_agency": "", "reference": "", "details": ""},
    ),
    Attached(
        "referrals.ReferrerLetter",
        "referral__participant_id",
        {
            "recipient_name": "",
            "recipient_email": "",
            "recipient_address": "",
            "subject": "",
            "body": "",
            "sent_to": "",
        },
    ),
    Attached(
        "complaints.Complaint",
        "participant_id",
        {"from_name": "", "contact": "", "summary": "", "details": "", "learning": ""},
    ),
    # His answers are codes from the organisation's lists; the equality report
    # of past years counts them.
    Attached("equality.EqualityAnswer", "participant_id", {}),
    Attached("data_rights.RightsRequest", "participant_id", REQUEST_BLANKS),
)

HERS = (
    Attached("partner_contact.PartnerStatusChange", "partner_id", {"note": ""}),
    Attached(
        "partner_contact.PartnerChecklist",
        "partner_id",
        {"notes": "", "judgement_reason": ""},
        only={"judgement_level": ""},
    ),
    # A judged level needs a reason (a constraint): a dash stands in for it.
    Attached(
        "partner_contact.PartnerChecklist",
        "partner_id",
        {"notes": "", "judgement_reason": ERASED_TEXT},
        exclude={"judgement_level": ""},
    ),
    Attached("partner_contact.ChildLink", "partner_id", {}),
    Attached(
        "enquiries.Enquiry",
        "partner_id",
        ENQUIRY_BLANKS,
    ),
    Attached("equality.EqualityAnswer", "partner_id", {}),
    Attached("data_rights.RightsRequest", "partner_id", REQUEST_BLANKS),
)

# Their models with change history, for the "history rows" rule.
HISTORY_LABELS = (
    "participants.ChildOrder",
    "referrals.ReferrerLetter",
    "complaints.Complaint",
    "equality.EqualityAnswer",
    "partner_contact.PartnerStatusChange",
    "partner_contact.PartnerChecklist",
    "partner_contact.ChildLink",
    "enquiries.Enquiry",
)


def model_of(label: str):
    """The model of a label, or None while its app is not installed."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def with_open_requests(field: str):
    """The people (`participant_id` or `partner_id`) with a data-protection
    request still open: routine erasure waits for its answer (art. 15), through
    data_rights' own RightsRequest.objects.open()."""
    model = model_of("data_rights.RightsRequest")
    if model is None:
        return []
    return model.objects.open().filter(**{f"{field}__isnull": False}).values(field)


def history_models() -> list:
    """The models of HISTORY_LABELS that exist and keep history."""
    found = [model_of(label) for label in HISTORY_LABELS]
    return [model for model in found if model is not None and hasattr(model, "history")]


def blank_attached(entries, subject_id: int) -> Counter:
    """Blank the person's rows of every entry and delete their history rows."""
    counts = Counter()
    for entry in entries:
        model = model_of(entry.label)
        if model is None:
            continue
        rows = model.objects.filter(**{entry.path: subject_id}, **entry.only)
        ids = list(rows.exclude(**entry.exclude).values_list("pk", flat=True))
        if entry.blank and ids:
            model.objects.filter(pk__in=ids).update(**entry.blank)
        counts[entry.label] += len(ids)
        if hasattr(model, "history"):
            # Rows of records deleted earlier still carry the person's id.
            mine = Q(id__in=ids)
            if "__" not in entry.path:
                mine |= Q(**{entry.path: subject_id})
            deleted = model.history.model.objects.filter(mine).delete()[0]
            if deleted:
                counts[f"{entry.label}#history"] += deleted
    return counts


def enquiries_due(organisation_id: int, cutoff):
    """Enquiries closed on or before the cutoff that never led to a record of
    hers, not yet erased (an erased one has no name left)."""
    model = model_of("enquiries.Enquiry")
    if model is None:
        return None
    return (
        model.objects.filter(
            organisation_id=organisation_id,
            partner__isnull=True,
            closed_at__date__lte=cutoff,
        )
        .exclude(name="")
        .annotate(clock_started=TruncDate("closed_at"))
    )


def erase_enquiry(enquiry_id: int) -> Counter:
    """Blank an enquiry that led nowhere; its channel, dates to the month and
    outcome stay for the reports."""
    model = model_of("enquiries.Enquiry")
    model.objects.filter(pk=enquiry_id).update(
        received_on=Trunc(F("received_on"), "month", output_field=DateField()),
        received_at=Trunc(F("received_at"), "month", output_field=DateTimeField()),
        **ENQUIRY_BLANKS,
    )
    counts = Counter({model._meta.label: 1})
    deleted = model.history.model.objects.filter(id=enquiry_id).delete()[0]
    if deleted:
        counts[f"{model._meta.label}#history"] = deleted
    return counts
