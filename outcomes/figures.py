"""A programme's outcome figures and the pooled anonymised data set.

Figures are aggregates only: any cell resting on fewer than SMALL_CELL people is
suppressed (DESIGN.md section 8), so no single woman can be recognised. Every
function reads with a fixed number of queries, whatever the number of people.
"""

import hashlib
import hmac
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from outcomes.models import Domain, Respondent, Response, TimePoint, TimePointKind
from programmes.models import Enrolment

SMALL_CELL = 5
# The points a change is measured to, from intake.
LATER_POINTS = [
    TimePointKind.END,
    TimePointKind.FOLLOW_UP_6,
    TimePointKind.FOLLOW_UP_12,
]
STOPPED = (Enrolment.Outcome.DROPPED_OUT, Enrolment.Outcome.EXCLUDED)


def shown(n: int) -> str:
    """A count as it may be shown: 'fewer than 5' for 1 to 4 people."""
    if 0 < n < SMALL_CELL:
        return _("fewer than %(n)s") % {"n": SMALL_CELL}
    return str(n)


def status_counts(points: QuerySet, *, today: date) -> list[dict]:
    """Per respondent and time point: due (open now), completed, declined, missed."""
    counts = defaultdict(int)
    rows = (
        points.filter(opens_on__lte=today)
        .values_list("respondent", "kind", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for respondent, kind, status, n in rows:
        counts[(respondent, kind, status)] += n
    table = []
    for respondent in Respondent:
        for kind in TimePointKind:
            cell = {
                status: shown(counts[(respondent.value, kind.value, status.value)])
                for status in TimePoint.Status
            }
            table.append({"respondent": respondent, "kind": kind, "counts": cell})
    return table


@dataclass
class Change:
    """The mean change of one domain from intake to a later point, for a group."""

    domain: str
    name: str
    respondent: str
    group: str
    to_kind: str
    n: int
    mean: float | None

    @property
    def shown_n(self) -> str:
        return shown(self.n)

    @property
    def suppressed(self) -> bool:
        return 0 < self.n < SMALL_CELL


def mean_changes(points: QuerySet) -> list[Change]:
    """Mean change per domain from intake to the end and each follow-up, for men
    who completed and for those who stopped attending, his and her accounts."""
    scores = {}
    for respondent, enrolment_id, partner_id, kind, outcome, domain_scores in (
        Response.objects.complete()
        .filter(time_point__in=points)
        .values_list(
            "time_point__respondent",
            "time_point__enrolment_id",
            "time_point__partner_id",
            "time_point__kind",
            "time_point__enrolment__outcome",
            "domain_scores",
        )
    ):
        person = (respondent, enrolment_id, partner_id)
        scores.setdefault(person, {"outcome": outcome})[kind] = domain_scores
    names = dict(
        Domain.objects.filter(questionnaire__is_active=True).values_list("code", "name")
    )
    sums = defaultdict(lambda: [0, 0.0])
    for (respondent, _e, _p), by_kind in scores.items():
        group = group_of(by_kind["outcome"])
        intake = by_kind.get(TimePointKind.INTAKE)
        if group is None or intake is None:
            continue
        for later in LATER_POINTS:
            for code, value in (by_kind.get(later) or {}).items():
                if value is None or intake.get(code) is None:
                    continue
                cell = sums[(code, respondent, group, later)]
                cell[0] += 1
                cell[1] += value - intake[code]
    return [
        Change(
            domain=code,
            name=names.get(code, code),
            respondent=respondent,
            group=group,
            to_kind=later,
            n=n,
            mean=None if 0 < n < SMALL_CELL else round(total / n, 2),
        )
        for (code, respondent, group, later), (n, total) in sorted(sums.items())
    ]


def group_of(outcome: str) -> str | None:
    if outcome == Enrolment.Outcome.COMPLETED:
        return "completed"
    if outcome in STOPPED:
        return "stopped"
    return None


# The pooled anonymised data set --------------------------------------------------

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


def dataset_rows(points: QuerySet, *, key: bytes):
    """(header, rows) of the data set: one row per person per completed time
    point; no names, contact details, dates or free text."""
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
    domain_codes = sorted({c for r in responses for c in r.domain_scores})
    item_codes = sorted({a.item.code for r in responses for a in r.answers.all()})
    header = [
        "person",
        "respondent",
        "age_band",
        "time_point",
        "months_since_start",
        "enrolment_outcome",
        "questionnaire",
        "questionnaire_version",
        "mode",
        *(f"domain_{c}" for c in domain_codes),
        *(f"item_{c}" for c in item_codes),
    ]
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
