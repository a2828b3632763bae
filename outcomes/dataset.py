"""The pooled anonymised outcome data set and its data dictionary: one row per
person per completed time point, with no names, contact details, dates or
free text (outcomes.views.reports exports it for managers)."""

import hashlib
import hmac
from collections import defaultdict
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.languages import in_language
from outcomes.models import Domain, Item, Respondent, Response

AGE_BANDS = [(25, "18-24"), (35, "25-34"), (45, "35-44"), (55, "45-54")]


def age_band(born: date | None, on: date) -> str:
    if born is None:
        return ""
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for upper, label in AGE_BANDS:
        if age < upper:
            return label
    return "55+"


def months_between(start: date, end: date) -> int:
    return (
        (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    )


def pseudonym(key: bytes, respondent: str, person_id: int) -> str:
    """A keyed hash: stable within one export, meaningless without the key,
    which is made for the export and never written anywhere."""
    message = f"{respondent}:{person_id}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:16]


FIXED_COLUMNS = [
    (
        "person",
        gettext_lazy(
            "Pseudonymous id: a keyed hash of the person, stable within one export "
            "only (a new key is made for each export and never kept)."
        ),
    ),
    (
        "respondent",
        gettext_lazy("Who answered: 'man', or 'partner' (his (ex-)partner)."),
    ),
    (
        "age_band",
        gettext_lazy(
            "His age at the time of answering, in bands (18-24, 25-34, 35-44, "
            "45-54, 55+); empty for her answers and when his birth date is unknown."
        ),
    ),
    (
        "time_point",
        gettext_lazy(
            "intake, half_way, end (completed or stopped attending), follow_up_6, "
            "follow_up_12."
        ),
    ),
    (
        "months_since_start",
        gettext_lazy("Whole months from his start in the group to the answers."),
    ),
    (
        "enrolment_outcome",
        gettext_lazy(
            "How his place ended: completed, dropped_out, excluded, transferred; "
            "empty while it goes on."
        ),
    ),
    ("questionnaire", gettext_lazy("Code of the questionnaire answered.")),
    ("questionnaire_version", gettext_lazy("Version of that questionnaire.")),
    (
        "mode",
        gettext_lazy("How it was answered: in_person, phone, paper (typed in)."),
    ),
]


def dataset_columns() -> list[tuple[str, str]]:
    """Every column the data set can hold and what it means: the fixed ones, a
    score per domain and an answer per item of any version (two queries)."""
    domains = defaultdict(set)
    for code, name, texts, original, scoring, better in Domain.objects.values_list(
        "code",
        "name",
        "translations",
        "questionnaire__language",
        "scoring",
        "higher_is_better",
    ):
        name = in_language({**texts, original: name}, None, original)
        domains[code].add((name, scoring, better))
    items = defaultdict(set)
    for code, text, texts, original, respondent in Item.objects.values_list(
        "code",
        "text",
        "translations",
        "questionnaire__language",
        "questionnaire__respondent",
    ):
        text = in_language({**texts, original: text}, None, original)
        items[code].add((Respondent(respondent).label, text))
    columns = [(name, str(text)) for name, text in FIXED_COLUMNS]
    for code in sorted(domains):
        name, scoring, better = sorted(domains[code])[0]
        columns.append(
            (
                f"domain_{code}",
                _(
                    "Score of the domain '%(name)s' (%(scoring)s); a higher score "
                    "is %(direction)s; empty when too few items were answered."
                )
                % {
                    "name": name,
                    "scoring": Domain.Scoring(scoring).label,
                    "direction": _("better") if better else _("worse"),
                },
            )
        )
    for code in sorted(items):
        asked = "; ".join(f"{who}: {text}" for who, text in sorted(items[code]))
        columns.append(
            (
                f"item_{code}",
                _(
                    "Answer (the scale's value, or not_answered / declined) to: "
                    "%(asked)s"
                )
                % {"asked": asked},
            )
        )
    return columns


def dataset_rows(points: QuerySet, *, key: bytes):
    """(header, rows) of the data set: one row per person per completed time
    point; no names, contact details, dates or free text. The header is every
    column of the data dictionary (dataset_columns), in its order."""
    responses = list(
        Response.objects.complete()
        .filter(time_point__in=points)
        .select_related(
            "questionnaire",
            "time_point__enrolment",
            "time_point__participant",
        )
        .prefetch_related("answers__item")
        .order_by("time_point__enrolment_id", "time_point__due_on", "pk")
    )
    header = [name for name, _meaning in dataset_columns()]
    domain_codes = [
        c.removeprefix("domain_") for c in header if c.startswith("domain_")
    ]
    item_codes = [c.removeprefix("item_") for c in header if c.startswith("item_")]
    rows = []
    for response in responses:
        point = response.time_point
        done = response.completed_at.date()
        person_id = point.partner_id or point.participant_id
        answers = {a.item.code: a.value for a in response.answers.all()}
        rows.append(
            [
                pseudonym(key, point.respondent, person_id),
                point.respondent,
                # Her age is not recorded; his is banded.
                ""
                if point.partner_id
                else age_band(point.participant.date_of_birth, done),
                point.kind,
                months_between(point.enrolment.start_date, done),
                point.enrolment.outcome,
                response.questionnaire.code,
                response.questionnaire.version,
                response.mode,
                *(_score(response.domain_scores.get(c)) for c in domain_codes),
                *(answers.get(c, "") for c in item_codes),
            ]
        )
    return header, rows


def _score(value) -> str:
    return "" if value is None else f"{value:g}"
