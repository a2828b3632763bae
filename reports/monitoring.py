"""The report's sections from equality monitoring and complaints (issue 17,
items 2 and 3), read through the querysets those apps give for it.

Equality: the men referred, who started and who completed in the period, each
broken down by every monitoring question, as `EqualityAnswer.objects.breakdown`
would for each group of men, but for the three groups together (`tallies`:
two queries for them all, and the organisation's options once for the page).
A breakdown by a personal characteristic is where a small number identifies
someone, so its cells follow the small-number rule even on screen (the
organisation's internal N; the external N in exports), with complements within
each group of men (its answers add up to it).
The cells carry no link to the men behind them, for the same reason.

Behind the firewall (managers: `Context.sees_partners`), the women of the
partners section the same way: those identified, offered support and engaged
in the period, by their own answers, under the same rule; for anyone else they
are not computed at all.

Complaints and compliments received in the period, by source and outcome, for
the whole organisation (they belong to no programme); outside the firewall
those about partner support or from a woman are not counted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts import suppression
from complaints.models import Complaint
from equality.models import Characteristic, EqualityAnswer, MonitoringOption, _tally
from participants.models import Participant
from partner_contact.models import Partner
from programmes.models import Enrolment
from referrals.models import Referral
from reports import compiled, drawing
from reports.bases import Context, of_men, place_records
from reports.figures import Figure, Section
from reports.partner_bases import partner_parts, partner_records

# The partners section's figures whose women are broken down: reached (or not)
# and kept (or not), as referred, started and completed are for the men.
WOMEN_GROUPS = ("identified", "offered", "engaged")


@dataclass
class Breakdown:
    """One monitoring question: its answers (rows) for each group of men
    (columns), every cell under the small-number rule."""

    question: str
    answers: list[str]
    cells: dict[str, dict[str, suppression.Cell]]
    columns: list[str]

    @property
    def rows(self) -> list[tuple[str, list[suppression.Cell]]]:
        """(answer, its cell in each column) in the answers' order."""
        return [
            (answer, [self.cells[key][answer] for key in self.columns])
            for answer in self.answers
        ]

    @property
    def drawn_rows(self) -> list[tuple[str, str]]:
        """(answer, its cells as the page's HTML) in the answers' order."""
        return [
            (answer, drawing.suppressed_cells(cells)) for answer, cells in self.rows
        ]


# The columns of the men's breakdowns.
MEN_GROUPS = {
    "referred": _("Referred"),
    "started": _("Started"),
    "completed": _("Completed"),
}


def men_columns(context: Context) -> dict[str, QuerySet]:
    """The men of each column: referred (with a case), started, completed."""
    men = Participant.objects.filter(organisation=context.organisation)
    return {key: men.filter(pk__in=ids) for key, ids in men_column_ids(context).items()}


def men_column_ids(context: Context) -> dict[str, QuerySet]:
    """The ids of each column's men, among any organisation's men: `men_columns`
    are the organisation's men with these ids. Counted among the
    organisation's men (`tallies`), a column is matched by these ids alone,
    without reading each man again to check his organisation."""
    start, end = context.period.start, context.period.end
    # A referral's case is its organisation's: the organisation's referrals
    # are its men's (`of_men`, as the referrals section counts them).
    referred = of_men(
        Referral.objects.filter(
            received_on__range=(start, end), participant__isnull=False
        ),
        context.scope,
    ).values("participant")
    places = place_records(context)
    started = places.filter(start_date__range=(start, end)).values("participant")
    completed = places.filter(
        end_date__range=(start, end), outcome=Enrolment.Outcome.COMPLETED
    ).values("participant")
    return {"referred": referred, "started": started, "completed": completed}


def equality_groups(context: Context) -> dict[str, tuple[str, object]]:
    """The men of each column with its label."""
    return {key: (MEN_GROUPS[key], men) for key, men in men_columns(context).items()}


def equality_breakdowns(context: Context, threshold: int, options=None) -> dict:
    """{"columns": [(key, label)], "questions": [Breakdown], "threshold": N}.
    `options` are the organisation's (`monitoring_options`), if already read."""
    if options is None:
        options = monitoring_options(context)
    counted = tallies(
        men_column_ids,
        tuple(MEN_GROUPS),
        Participant,
        "participant",
        options,
        context,
        members=True,
    )
    return _breakdowns(MEN_GROUPS, counted, threshold)


def women_columns(context: Context) -> dict[str, QuerySet]:
    """The women of each column: identified, offered support, engaged in the
    period (the partners section's own conditions)."""
    women = partner_records(context)
    parts = {part.name: part for part in partner_parts(context)}
    return {key: women.filter(parts[key].where()) for key in WOMEN_GROUPS}


def women_groups(context: Context) -> dict[str, tuple[str, object]]:
    """The women of each column with its label (the partners section's)."""
    parts = {part.name: part for part in partner_parts(context)}
    return {
        key: (parts[key].label, women) for key, women in women_columns(context).items()
    }


def partner_equality_breakdowns(
    context: Context, threshold: int, options=None, counts: dict | None = None
) -> dict | None:
    """The women's breakdowns, shaped as `equality_breakdowns` (with
    "women": True); None outside the firewall, where nothing is computed.
    `counts` are the report's, whose partners section holds how many women
    each column has."""
    if not context.sees_partners:
        return None
    parts = {part.name: part for part in partner_parts(context)}
    labels = {key: parts[key].label for key in WOMEN_GROUPS}
    if options is None:
        options = monitoring_options(context)
    totals = None
    if counts is not None:
        totals = {key: counts[f"partners.{key}"] for key in WOMEN_GROUPS}
    counted = tallies(
        women_columns, WOMEN_GROUPS, Partner, "partner", options, context, totals
    )
    return {**_breakdowns(labels, counted, threshold), "women": True}


def monitoring_options(context: Context) -> list:
    """The organisation's answers to every question, retired ones included
    (`_tally` shows a retired one only where someone gave it)."""
    return list(
        MonitoringOption.objects.filter(organisation=context.organisation)
        .order_by("characteristic", "position", "pk")
        .only("pk", "characteristic", "label", "retired")
    )


def tallies(
    columns_of: Callable[[Context], dict[str, QuerySet]],
    columns: tuple[str, ...],
    model,
    person: str,
    options: list,
    context: Context,
    totals: dict[str, int] | None = None,
    *,
    members: bool = False,
) -> dict[str, dict[str, dict[str, int]]]:
    """Each group of people (men, or women: `person` names the answer's field;
    `columns_of(context)` gives the groups, `columns` their keys in order) by
    their answers, exactly as `EqualityAnswer.objects.breakdown(group)` and
    `equality.figures.breakdown_of_women(group)` count one group, but in two
    queries for all the groups: how many people each holds (unless `totals`
    are known), and the answers counted per group. Every group is of the
    context's organisation, so its options are the organisation's (none for a
    group of no one, as there). Both queries are compiled once per process
    (`reports.compiled`). With `members`, `columns_of(context)` gives each
    group's ids among any organisation's people (the group is the
    organisation's people with those ids, as `men_column_ids`)."""
    key = ("tallies", person, columns)
    ids_of = partial(_ids, columns_of, columns, members)
    if totals is None:
        build = partial(_totals_query, ids_of, model)
        found = compiled.rows((*key, "totals"), context, build)
        row = found[0] if found else (0,) * len(columns)
        totals = dict(zip(columns, row, strict=True))
    build = partial(_answers_query, ids_of, model, person)
    fields = ("characteristic", "answer", "option_id", *columns)
    rows = [
        dict(zip(fields, row, strict=True))
        for row in compiled.rows((*key, "answers"), context, build)
    ]
    counted = {}
    for column in columns:
        # _tally reads each row's count as "men" (for her answers: women).
        mine = [{**row, "men": row[column]} for row in rows if row[column]]
        counted[column] = _tally(
            mine, options if totals[column] else [], totals[column]
        )
    return counted


def _groups(columns_of, columns: tuple[str, ...], context: Context) -> dict:
    groups = columns_of(context)
    if tuple(groups) != columns:
        raise ValueError(f"Columns {tuple(groups)}, not {columns}.")
    return groups


def _ids(columns_of, columns, members: bool, context: Context) -> dict:
    """Each group's people as a subquery of ids: counted among the
    organisation's people, a person is in the group if her id is."""
    groups = _groups(columns_of, columns, context)
    if members:
        return groups
    return {key: group.order_by().values("pk") for key, group in groups.items()}


def _totals_query(ids_of, model, context: Context):
    groups = ids_of(context)
    people = model.objects.filter(organisation=context.organisation).order_by()
    counts = {key: Count("pk", filter=Q(pk__in=ids)) for key, ids in groups.items()}
    return lambda: people.aggregate(**counts)


def _answers_query(ids_of, model, person: str, context: Context):
    groups = ids_of(context)
    # Every group is of the organisation's people: their answers are read by
    # the organisation (an index; an answer carries its person's organisation,
    # equality.services copies it) and each counted into the groups it belongs
    # to (the groups' subqueries run once each, hashed, in the FILTERs). Read
    # by person instead, PostgreSQL misjudged how many and read every
    # organisation's answers (22 ms against 5 at 100,000 men).
    people = model.objects.filter(organisation=context.organisation)
    answers = (
        EqualityAnswer.objects.filter(
            organisation=context.organisation,
            **{f"{person}__in": people.values("pk")},
        )
        .order_by()
        .values("characteristic", "answer", "option_id")
        # A person answers each question once (a UniqueConstraint), so a
        # plain COUNT is her or his COUNT DISTINCT, without its sorts.
        .annotate(
            **{
                key: Count(f"{person}_id", filter=Q(**{f"{person}__in": ids}))
                for key, ids in groups.items()
            }
        )
    )
    return lambda: list(answers)


def _breakdowns(labels: dict, counted: dict, threshold: int) -> dict:
    """Every question's table of answers by group, under the small-number rule."""
    questions = []
    for characteristic in Characteristic:
        answers: list[str] = []
        for key in labels:
            for answer in counted[key].get(characteristic.value, {}):
                if answer not in answers:
                    answers.append(answer)
        table = {
            key: {
                answer: counted[key].get(characteristic.value, {}).get(answer, 0)
                for answer in answers
            }
            for key in labels
        }
        # Each group of men is one whole: its answers add up to it.
        cells = suppression.suppress(table, threshold, columns=False)
        questions.append(
            Breakdown(str(characteristic.label), answers, cells, list(labels))
        )
    return {
        "columns": [(key, str(label)) for key, label in labels.items()],
        "questions": questions,
        "threshold": threshold,
    }


def _received(context: Context):
    start, end = context.period.start, context.period.end
    received = Complaint.objects.filter(
        organisation=context.organisation
    ).received_between(start, end)
    if not context.sees_partners:
        received = received.exclude(Complaint.firewalled_condition())
    rows = (
        received.order_by()
        .values_list("kind", "source", "outcome")
        .annotate(n=Count("pk"))
        .values_list("kind", "source", "outcome", "n")
    )
    return lambda: list(rows)


def received_counts(context: Context) -> tuple[dict, dict, dict]:
    """The complaints by source and by outcome and the compliments by source,
    as `counts_by_source` and `counts_by_outcome` count them (a value with no
    rows absent), added up from one query grouped by kind, source and outcome
    instead of three, compiled once per process (`reports.compiled`)."""
    by_source: dict = {}
    by_outcome: dict = {}
    compliments: dict = {}
    for kind, source, outcome, n in compiled.rows(("complaints",), context, _received):
        if kind == Complaint.Kind.COMPLAINT:
            by_source[source] = by_source.get(source, 0) + n
            by_outcome[outcome] = by_outcome.get(outcome, 0) + n
        elif kind == Complaint.Kind.COMPLIMENT:
            compliments[source] = compliments.get(source, 0) + n
    return by_source, by_outcome, compliments


def complaints_section(context: Context) -> Section:
    by_source, by_outcome, compliments = received_counts(context)
    figures = [
        Figure("complaints.received", str(_("Complaints")), sum(by_source.values()))
    ]
    figures += [
        Figure(
            f"complaints.source.{source.value}",
            str(source.label),
            by_source.get(source.value, 0),
            parent="complaints.received",
        )
        for source in Complaint.Source
        if by_source.get(source.value)
    ]
    figures.append(
        Figure(
            "complaints.outcomes",
            str(_("Complaints by outcome")),
            sum(by_outcome.values()),
        )
    )
    figures += [
        Figure(
            f"complaints.outcome.{outcome.value or 'open'}",
            str(outcome.label),
            by_outcome.get(outcome.value, 0),
            parent="complaints.outcomes",
        )
        for outcome in Complaint.Outcome
        if by_outcome.get(outcome.value)
    ]
    figures.append(
        Figure("compliments.received", str(_("Compliments")), sum(compliments.values()))
    )
    figures += [
        Figure(
            f"compliments.source.{source.value}",
            str(source.label),
            compliments.get(source.value, 0),
            parent="compliments.received",
        )
        for source in Complaint.Source
        if compliments.get(source.value)
    ]
    return Section(
        "complaints",
        str(_("Complaints and compliments")),
        figures,
        note=str(
            _(
                "Received in the period, for the whole organisation whatever "
                "the programme or group chosen."
            )
        ),
    )


def complaint_list_query(key: str, context: Context) -> dict | None:
    """The complaints list's filter that shows the complaints behind a figure
    of the complaints section (the list keeps the same firewall), or None
    when the list cannot filter by it (complaints still open)."""
    kind, _, rest = key.partition(".")
    query = {
        "kind": Complaint.Kind.COMPLAINT
        if kind == "complaints"
        else Complaint.Kind.COMPLIMENT,
        "received_from": context.period.start.isoformat(),
        "received_to": context.period.end.isoformat(),
    }
    what, _, value = rest.partition(".")
    if what == "source":
        query["source"] = value
    elif what == "outcome":
        if value == "open":
            return None
        query["outcome"] = value
    elif what == "outcomes":
        return None
    return query
