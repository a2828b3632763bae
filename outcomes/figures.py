"""A programme's outcome figures (the pooled anonymised data set: outcomes.dataset).

Figures are aggregates only: any cell resting on fewer than the organisation's
small-number threshold (`small_numbers_internal`, 5 by default; SMALL_CELL when
none is given) is suppressed (DESIGN.md section 8), so no single woman can be
recognised, and so is its complement: when one cell of a row is suppressed, the
smallest other non-zero cell of that row is too, so the small one cannot be
worked out by subtraction. The rule is accounts.suppression's, which the period
report uses too.
Every function reads with a fixed number of queries, whatever the number of people.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Count, FloatField, QuerySet, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from accounts import suppression
from accounts.languages import in_language
from outcomes.models import (
    Domain,
    Respondent,
    ResponseSummary,
    TimePoint,
    TimePointKind,
)
from programmes.models import Enrolment

SMALL_CELL = 5
# The points a change is measured to, from intake.
LATER_POINTS = [
    TimePointKind.END,
    TimePointKind.FOLLOW_UP_6,
    TimePointKind.FOLLOW_UP_12,
]
STOPPED = (Enrolment.Outcome.DROPPED_OUT, Enrolment.Outcome.EXCLUDED)
# What a Domain.code may hold (a SlugField): safe to write as a column's name.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def shown(n: int, threshold: int = SMALL_CELL) -> str:
    """A count as it may be shown: 'fewer than 5' for 1 to 4 people."""
    return suppression.shown(n, threshold)


def is_small(n: int, threshold: int = SMALL_CELL) -> bool:
    return suppression.is_small(n, threshold)


def complements(cells: dict, threshold: int = SMALL_CELL) -> set:
    """Keys of a row's cells to hide besides the small ones: when exactly one
    cell is small, the smallest other non-zero cell (its complement)."""
    line = suppression.suppress_line(cells, threshold)
    return {key for key, cell in line.items() if cell.state == suppression.COMPLEMENT}


def hidden() -> str:
    return suppression.not_shown()


def status_counts(
    points: QuerySet, *, today: date, threshold: int = SMALL_CELL
) -> list[dict]:
    """Per respondent and time point: due (open now), completed, declined, missed."""
    counts = defaultdict(int)
    rows = (
        points.filter(opens_on__lte=today)
        .values_list("respondent", "kind", "status")
        # COUNT(*), not of a column: counted from the index alone.
        .annotate(n=Count("*"))
        .order_by()
    )
    for respondent, kind, status, n in rows:
        counts[(respondent, kind, status)] += n
    table = []
    for respondent in Respondent:
        for kind in TimePointKind:
            row = {
                status.value: counts[(respondent.value, kind.value, status.value)]
                for status in TimePoint.Status
            }
            line = suppression.suppress_line(row, threshold)
            cell = {status: str(c) for status, c in line.items()}
            # The same figures for a chart: a hidden cell is None, not its count.
            values = {status: c.chart_value for status, c in line.items()}
            table.append(
                {
                    "respondent": respondent,
                    "kind": kind,
                    "counts": cell,
                    "values": values,
                }
            )
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
    # Hidden as the complement of a small cell beside it (the other group).
    complement: bool = False
    threshold: int = SMALL_CELL

    @property
    def shown_n(self) -> str:
        return hidden() if self.complement else shown(self.n, self.threshold)

    @property
    def to_label(self) -> str:
        return TimePointKind(self.to_kind).label

    @property
    def suppressed(self) -> bool:
        return self.complement or is_small(self.n, self.threshold)


# Each person's change in a domain from intake to a later point, summed per
# domain, respondent, enrolment outcome and later point, from the response
# summaries (outcomes.summaries keeps them): a later point counts where its
# intake is among the summaries shown too, and a domain where both scored it.
# Reading every score and finding each person's intake by a window took 60-87 ms
# at 100,000 men; the summaries hold the changes, found by the organisation.
# Each summary's changes are read as one typed record, a column per domain code
# (jsonb_to_record), and summed per column: a row per code and summary
# (jsonb_each_text) grouped by its text key took twice as long (15-22 ms at
# 100,000 men, over the 10 ms a query may take).
CHANGE_SUMS = """
    SELECT later.respondent, later.outcome, later.kind, {sums}
    FROM ({later}) AS later (respondent, kind, outcome, changes)
    CROSS JOIN LATERAL jsonb_to_record(later.changes) AS change ({columns})
    GROUP BY 1, 2, 3
"""


def summaries_of(rows: QuerySet) -> QuerySet:
    """The response summaries to add up: these, or those of these time points."""
    if rows.model is TimePoint:
        return ResponseSummary.objects.of_points(rows)
    return rows


def change_sums(
    summaries: QuerySet, codes: Iterable[str]
) -> list[tuple[str, str, str, str, int, float]]:
    """(domain, respondent, enrolment outcome, later point, n, sum of changes) of
    each of these domain codes that some summary changed (one query). `codes`
    names every domain a summary may hold (domain_names_of_all's keys); they are
    slugs (Domain.code), written into the query as its columns."""
    codes = sorted({code for code in codes if SLUG.fullmatch(code)})
    if not codes:
        return []
    summaries = summaries.order_by()
    later = summaries.filter(
        kind__in=LATER_POINTS,
        intake__in=summaries.filter(kind=TimePointKind.INTAKE).values("pk"),
    ).values_list("respondent", "kind", "enrolment__outcome", "changes")
    later_sql, params = later.query.sql_with_params()
    quote = connection.ops.quote_name
    sql = CHANGE_SUMS.format(
        later=later_sql,
        sums=", ".join(
            f"count(change.{quote(code)}), sum(change.{quote(code)})" for code in codes
        ),
        columns=", ".join(f"{quote(code)} float8" for code in codes),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        (code, respondent, outcome, later_kind, n, total)
        for respondent, outcome, later_kind, *sums in rows
        for code, n, total in zip(codes, sums[0::2], sums[1::2], strict=True)
        if n
    ]


def mean_changes(
    rows: QuerySet,
    *,
    threshold: int = SMALL_CELL,
    names: dict[str, str] | None = None,
) -> list[Change]:
    """Mean change per domain from intake to the end and each follow-up, for men
    who completed and for those who stopped attending, his and her accounts, over
    these response summaries (or those of these time points: summaries_of).

    Two queries whatever the number of questionnaires: the changes are summed in
    the database (CHANGE_SUMS), which returns one row per respondent, enrolment
    outcome and time point. One when the caller gives `names`, every domain's
    name by its code (domain_names_of_all).
    """
    if names is None:
        names = domain_names_of_all()
    sums = defaultdict(lambda: [0, 0.0])
    for code, respondent, outcome, later, n, total in change_sums(
        summaries_of(rows), names
    ):
        group = group_of(outcome)
        if group is None:
            continue
        cell = sums[(code, respondent, group, later)]
        cell[0] += n
        cell[1] += total
    changes = [
        Change(
            domain=code,
            name=names.get(code, code),
            respondent=respondent,
            group=group,
            to_kind=later,
            n=n,
            mean=None if is_small(n, threshold) else round(total / n, 2),
            threshold=threshold,
        )
        for (code, respondent, group, later), (n, total) in sorted(sums.items())
    ]
    hide_complements(changes, threshold)
    return changes


def hide_complements(changes: list[Change], threshold: int = SMALL_CELL) -> None:
    """Completers and those who stopped are one row: a small group hides the other."""
    rows = defaultdict(dict)
    for change in changes:
        key = (change.domain, change.respondent, change.to_kind)
        rows[key][change.group] = change
    for row in rows.values():
        for group in complements({g: c.n for g, c in row.items()}, threshold):
            row[group].complement = True
            row[group].mean = None


# Her reported safety and well-being, the domains of her questionnaire that say
# most directly whether the work made her safer.
HER_DOMAINS = ("her_safety", "her_wellbeing")


@dataclass
class Level:
    """Her mean score in one domain at one time point, over n women."""

    n: int
    mean: float | None
    threshold: int = SMALL_CELL

    @property
    def shown_n(self) -> str:
        return shown(self.n, self.threshold)

    @property
    def suppressed(self) -> bool:
        return is_small(self.n, self.threshold)


def her_safety_over_time(
    rows: QuerySet,
    *,
    threshold: int = SMALL_CELL,
    names: dict[str, str] | None = None,
) -> dict:
    """Her mean safety and well-being scores at each time point with n (two
    queries; one when the caller gives her domains' `names`),
    over these response summaries (or those of these time points):
    {"domains": [(code, name)], "rows": [{"kind", "levels"}]}, rows only for
    points someone answered; a cell of 1-4 women is suppressed.
    The points are separate samples, not parts of a whole: no complement."""
    # Counted and summed in the database from the summaries, which are found by
    # the organisation: reading the responses through their time points took
    # 13-15 ms at 100,000 men.
    totals = {}
    for code in HER_DOMAINS:
        score = KeyTextTransform(code, "scores")
        totals[f"n_{code}"] = Count(score)
        totals[f"sum_{code}"] = Sum(Cast(score, FloatField()))
    sums = {}
    for row in (
        summaries_of(rows)
        .filter(respondent=Respondent.PARTNER)
        .order_by()
        .values("kind")
        .annotate(**totals)
    ):
        for code in HER_DOMAINS:
            sums[(row["kind"], code)] = (row[f"n_{code}"], row[f"sum_{code}"] or 0.0)
    if names is None:
        names = domain_names(
            Domain.objects.filter(
                questionnaire__is_active=True,
                questionnaire__respondent=Respondent.PARTNER,
                code__in=HER_DOMAINS,
            )
        )
    rows = []
    for kind in TimePointKind:
        levels = []
        for code in HER_DOMAINS:
            n, total = sums.get((kind.value, code), (0, 0.0))
            mean = None if n == 0 or is_small(n, threshold) else round(total / n, 2)
            levels.append(Level(n=n, mean=mean, threshold=threshold))
        if any(level.n for level in levels):
            rows.append({"kind": kind, "levels": levels})
    return {
        "domains": [(code, names.get(code, code)) for code in HER_DOMAINS],
        "rows": rows,
    }


def group_of(outcome: str) -> str | None:
    if outcome == Enrolment.Outcome.COMPLETED:
        return "completed"
    if outcome in STOPPED:
        return "stopped"
    return None


def domain_names_of_all() -> dict[str, str]:
    """Every domain code of every questionnaire version -> its name in the
    reader's language, an active version's name where it has one (one query):
    the codes a response summary may hold."""
    return domain_names(Domain.objects.order_by("questionnaire__is_active", "pk"))


def domain_names(domains: QuerySet) -> dict[str, str]:
    """Domain code -> its name in the reader's language (one query)."""
    return {
        code: in_language({**texts, original: name}, None, original)
        for code, name, texts, original in domains.values_list(
            "code", "name", "translations", "questionnaire__language"
        )
    }
