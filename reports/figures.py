"""The period report: every section's figures, computed in the database.

Counts come from `reports.bases` (one aggregate query per kind of record),
medians from `reports.stats` (one query each), so the report reads with the
same number of queries for ten men or ten thousand. Sections about the women
(partners) are built only for readers inside the firewall; for everyone else
the risk figures also leave out what is kept within partner support.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from django.db import connection
from django.db.models import (
    DurationField,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Subquery,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils.translation import gettext_lazy as _

from accounts.calendar import organisation_zone
from partner_contact.models import PartnerContact, Relationship
from programmes.models import Enrolment
from referrals.models import Referral, ReferralDecision
from reports import bases, drawing
from reports.attendance_bases import rate_per_man
from reports.bases import BASES, Context, S, of_men
from reports.outcomes_section import outcomes_summary
from reports.risk_bases import acknowledgement
from reports.stats import (
    WorkingDaysBetween,
    kept_median,
    kept_median_of_column,
    kept_medians,
)

COUNT = "count"
DAYS = "days"
WORKING_DAYS = "working_days"
PERCENT = "percent"
HOURS = "hours"


@dataclass
class Figure:
    """One line of a section: a count with the records behind it, or a median."""

    key: str
    label: str
    value: int | float | None
    unit: str = COUNT
    # For a median: how many people (or records) it rests on.
    n: int | None = None
    parent: str | None = None
    # The address of the list behind it, set for readers who may open it.
    link: str | None = None

    @property
    def level(self) -> int:
        return 1 if self.parent else 0

    @property
    def is_count(self) -> bool:
        return self.unit == COUNT


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    partner: bool = False
    note: str = ""

    @property
    def drawn_rows(self) -> str:
        """Its figures as the page's table rows (`reports.drawing`)."""
        return drawing.figure_rows(self.figures)


@dataclass
class Report:
    context: Context
    sections: list[Section]
    outcomes: dict | None = None
    # Equality monitoring's breakdowns (reports.monitoring), when built.
    equality: dict | None = None
    # The women's, behind the firewall, shown with the partners section.
    partner_equality: dict | None = None
    # Every count of the sections by its key ("partners.engaged").
    counts: dict = field(default_factory=dict)


def build_report(context: Context, *, today=None, threshold=None) -> Report:
    """Every section of the report for the period, scope and reader (the
    outcomes' small cells under `threshold`, the organisation's internal N if
    none is given)."""
    counts = Counts()
    for base in BASES.values():
        if base.partner and not context.sees_partners:
            continue
        # Each base's parts are built once: they are counted, then laid out.
        parts = counts.parts[base.key] = base.parts(context)
        counts.update(bases.count_parts(base, context, parts, counts.extras))
    sections = [
        referrals_section(context, counts),
        assessment_section(context, counts),
        programme_section(context, counts),
    ]
    if context.sees_partners:
        sections.append(partner_section(context, counts))
    sections += [children_section(context, counts), risk_section(context, counts)]
    return Report(
        context=context,
        sections=sections,
        outcomes=outcomes_summary(context, today=today, threshold=threshold),
        counts=dict(counts),
    )


class Counts(dict):
    """Every count of the report by its key, the parts of each base, and the
    figures a base's own query gave besides its counts (`extras`)."""

    def __init__(self):
        super().__init__()
        self.parts: dict[str, list] = {}
        self.extras: dict[str, object] = {}


def counted(
    context: Context, counts: Counts, base_key: str, names: list[str] | None = None
) -> list[Figure]:
    """The figures of a base's parts (those named, with their breakdowns) in
    the base's order; a breakdown row of zero is left out."""
    figures = []
    parts = counts.parts.get(base_key) or BASES[base_key].parts(context)
    for part in parts:
        top = part.parent or part.name
        if names is not None and top not in names:
            continue
        key = f"{base_key}.{part.name}"
        value = counts[key]
        if part.parent and not value:
            continue
        parent = f"{base_key}.{part.parent}" if part.parent else None
        figures.append(Figure(key, str(part.label), value, parent=parent))
    return figures


def _median(key, label, result, unit) -> Figure:
    value, n = result
    return Figure(key, str(label), value, unit=unit, n=n)


# Referrals ---------------------------------------------------------------------


def referrals_section(context: Context, counts: dict) -> Section:
    figures = counted(context, counts, "referrals")
    at = next(i for i, f in enumerate(figures) if f.key == "referrals.screened") + 1
    figures.insert(
        at,
        _median(
            "referrals.median_working_days_to_screening",
            _("Median working days from receipt to screening"),
            days_to_screening(context),
            WORKING_DAYS,
        ),
    )
    return Section(
        "referrals",
        str(_("Referrals")),
        figures,
        note=str(
            _(
                "Referrals received in the period, by where they came from and "
                "where they stand now."
            )
        ),
    )


def days_to_screening(context: Context):
    return kept_median(("screening",), context, _to_screening)


def _to_screening(context: Context):
    first = (
        ReferralDecision.objects.filter(
            referral=OuterRef("pk"),
            to_status__in=[
                Referral.Status.SCREENING,
                Referral.Status.ACCEPTED,
                Referral.Status.DECLINED,
            ],
        )
        .order_by()
        .values("referral")
        .annotate(first=Min("decided_on"))
        .values("first")
    )
    return (
        bases.referral_records(context),
        WorkingDaysBetween(F("received_on"), Subquery(first), context.organisation.pk),
    )


# Assessment and the waiting list ---------------------------------------------------


def assessment_section(context: Context, counts: dict) -> Section:
    figures = counted(
        context, counts, "moves", ["assessed", "suitable", "not_suitable"]
    )
    figures += counted(context, counts, "waiting")
    figures += counted(
        context, counts, "moves", ["joined_waiting_list", "left_waiting_list"]
    )
    figures.append(
        _median(
            "moves.median_days_waiting",
            _("Median days waiting, of men who started from the list"),
            days_waiting(context),
            DAYS,
        )
    )
    return Section("assessment", str(_("Assessment and the waiting list")), figures)


def days_waiting(context: Context):
    return kept_median(("waiting",), context, _waiting)


def _waiting(context: Context):
    joined = (
        bases.StatusChange.objects.filter(
            participant=OuterRef("participant"),
            to_status=S.WAITING_LIST,
            effective_on__lte=OuterRef("effective_on"),
            approval__in=bases.IN_EFFECT,
        )
        .order_by("-effective_on", "-pk")
        .values("effective_on")[:1]
    )
    left = bases.move_records(context).filter(
        from_status=S.WAITING_LIST, to_status=S.ACTIVE
    )
    return (
        left,
        ExpressionWrapper(F("effective_on") - Subquery(joined), DurationField()),
    )


# On the programme ----------------------------------------------------------------


def programme_section(context: Context, counts: dict) -> Section:
    outcomes = [outcome.value for outcome in Enrolment.Outcome]
    figures = counted(context, counts, "places", ["started", *outcomes])
    figures += counted(context, counts, "moves", ["moved_away"])
    figures += counted(context, counts, "sessions")
    figures += counted(context, counts, "attendance")
    figures.append(
        _median(
            "attendance.median_rate",
            _("Median attendance rate (per man, at group sessions)"),
            counts.extras.get("attendance.median_rate") or attendance_rate(context),
            PERCENT,
        )
    )
    return Section(
        "programme",
        str(_("On the programme")),
        figures,
        note=str(
            _(
                "Men who started or whose place ended in the period, by outcome and "
                "reason; sessions and attendance in the period."
            )
        ),
    )


def attendance_rate(context: Context):
    return kept_median_of_column(("attendance",), context, rate_per_man, "rate")


# Partners (behind the firewall) ------------------------------------------------------


def partner_section(context: Context, counts: dict) -> Section:
    figures = counted(context, counts, "partners")
    to_attempt, to_conversation = days_to_first_contact(context)
    figures += [
        _median(
            "partners.median_days_to_first_attempt",
            _("Median days from his start (or her linking) to the first attempt"),
            to_attempt,
            DAYS,
        ),
        _median(
            "partners.median_days_to_first_conversation",
            _("Median days from his start (or her linking) to the first conversation"),
            to_conversation,
            DAYS,
        ),
    ]
    figures += counted(context, counts, "safety_plans")
    return Section(
        "partners",
        str(_("Partners")),
        figures,
        partner=True,
        note=str(
            _(
                "The women linked to the men of this report; a woman counts once "
                "in each line. The days are counted for women identified in the "
                "period."
            )
        ),
    )


def days_to_first_contact(context: Context):
    """Medians of the days from the later of his first start and her linking
    to her first contact attempt, and to the first time she was reached."""
    if connection.vendor == "postgresql":
        return kept_medians(("first_contact",), context, _first_contacts)
    return [
        kept_median(
            ("first_contact", key), context, partial(_to_first_contact, **condition)
        )
        for key, condition in (("attempt", {}), ("reached", {"contact_made": True}))
    ]


def _to_first_contact(context: Context, **condition):
    start, end = context.period.start, context.period.end
    zone = organisation_zone(context.organisation)
    first_start = (
        Enrolment.objects.filter(participant=OuterRef("participant"))
        .order_by()
        .values("participant")
        .annotate(first=Min("start_date"))
        .values("first")
    )
    links = of_men(
        Relationship.objects.filter(linked_on__range=(start, end)), context.scope
    ).annotate(
        anchor=Coalesce(Greatest("linked_on", Subquery(first_start)), "linked_on")
    )
    first = (
        PartnerContact.objects.filter(partner=OuterRef("partner"), **condition)
        .annotate(day=TruncDate("occurred_at", tzinfo=zone))
        .filter(day__gte=OuterRef("anchor"))
        .order_by("occurred_at")
        .values("day")[:1]
    )
    return (
        links,
        ExpressionWrapper(Subquery(first) - F("anchor"), DurationField()),
    )


def _first_contacts(context: Context) -> tuple[str, tuple, int]:
    """`_to_first_contact`'s two measures for each link, from one reading of
    her contacts: the day of her first contact on or after the anchor, and of
    the first that reached her, less the anchor. The day of the earliest
    contact is the day of its moment, so the earliest moment is taken (min)
    and turned into her day once, as the subquery's ORDER BY ... LIMIT 1 did."""
    links, _ = _to_first_contact(context)
    inner, params = links.values_list("partner_id", "anchor").query.sql_with_params()
    day = TruncDate("occurred_at", tzinfo=organisation_zone(context.organisation))
    ops = connection.ops
    tzname = day.get_tzname()
    first, first_params = ops.datetime_cast_date_sql("f.attempt", (), tzname)
    reached, reached_params = ops.datetime_cast_date_sql("f.reached", (), tzname)
    on, on_params = ops.datetime_cast_date_sql("c.occurred_at", (), tzname)
    sql = (
        f"SELECT interval '1 day' * ({first} - l.anchor), "  # noqa: S608
        f"interval '1 day' * ({reached} - l.anchor) "
        f"FROM ({inner} OFFSET 0) AS l(partner_id, anchor) "
        "CROSS JOIN LATERAL (SELECT min(c.occurred_at) AS attempt, "
        "min(c.occurred_at) FILTER (WHERE c.contact_made) AS reached "
        "FROM partner_contact_partnercontact c "
        f"WHERE c.partner_id = l.partner_id AND {on} >= l.anchor) AS f"
    )
    return sql, (*first_params, *reached_params, *params, *on_params), 2


# Children ------------------------------------------------------------------------


def children_section(context: Context, counts: dict) -> Section:
    figures = counted(context, counts, "children")
    figures += counted(context, counts, "onward", ["child_services"])
    return Section(
        "children",
        str(_("Children")),
        figures,
        note=str(
            _(
                "Children linked to men who had a place running at some time in "
                "the period, by their child-protection status as recorded now."
            )
        ),
    )


# Risk ----------------------------------------------------------------------------


def risk_section(context: Context, counts: dict) -> Section:
    intake = [
        Figure(f.key, f.label, f.value, parent=f.parent)
        for f in counted(context, counts, "places", ["started"])
        if f.parent
    ]
    figures = [
        Figure(
            "places.started",
            str(_("Men who started, by risk level at intake")),
            counts["places.started"],
        ),
        *intake,
    ]
    figures += counted(context, counts, "exits")
    figures += counted(context, counts, "assessments")
    figures += counted(context, counts, "onward", ["marac", "police"])
    figures += counted(context, counts, "events")
    figures += counted(context, counts, "alerts")
    hours = counts.extras.get("alerts.acknowledgement") or acknowledgement_time(context)
    figures.append(
        _median(
            "alerts.median_hours_to_acknowledgement",
            _("Median hours from an alert to its acknowledgement"),
            (None if hours[0] is None else hours[0] * 24, hours[1]),
            HOURS,
        )
    )
    return Section("risk", str(_("Risk")), figures)


def acknowledgement_time(context: Context):
    return kept_median(("acknowledgement",), context, _acknowledgement)


def _acknowledgement(context: Context):
    return acknowledgement(context)
