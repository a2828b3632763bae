"""Every figure of the period report against the hand-counted world of
tests/reports/factories.py: quarter 1 of 2026/27, 1 April to 30 June 2026."""

import pytest

from outcomes.models import ResponseSummary
from reports.bases import Context, find_part, records_behind
from reports.figures import build_report
from reports.outcomes_section import outcome_points, outcome_summaries
from reports.periods import Period, Scope
from tests.reports.factories import LAST_DAY, START, build_world

QUARTER = Period(START, LAST_DAY, "Q1")


@pytest.fixture
def world(org):
    return build_world(org)


def figures_of(world, *, sees_partners=True, programme=None, group=None):
    scope = Scope(world.org, programme=programme, group=group)
    report = build_report(Context(scope, QUARTER, sees_partners), today=LAST_DAY)
    values = {}
    for section in report.sections:
        for figure in section.figures:
            values[figure.key] = (
                (figure.value, figure.n) if figure.n is not None else figure.value
            )
    return report, values


def test_referrals(world):
    """Four referrals from the first to the last day; the day before and the
    day after are out. Screening took 1 working day and 2 (over a holiday)."""
    _report, f = figures_of(world)
    assert f["referrals.received"] == 4
    assert f["referrals.source.self"] == 1
    assert f["referrals.source.probation"] == 2
    assert f["referrals.source.police"] == 1
    assert "referrals.source.court" not in f  # a breakdown line of zero is left out
    assert f["referrals.screened"] == 2
    assert f["referrals.accepted"] == 1
    assert f["referrals.declined"] == 1
    assert f["referrals.declined.out_of_area"] == 1
    assert f["referrals.withdrawn"] == 1
    assert f["referrals.withdrawn.man_declined"] == 1
    assert f["referrals.open"] == 1
    assert f["referrals.median_working_days_to_screening"] == (1.5, 2)


def test_assessment_and_waiting_list(world):
    """a assessed suitable (joined the list in April, started on the last day:
    81 days waiting); b not suitable; f's move awaits approval (not counted);
    c joined in March and is still waiting."""
    _report, f = figures_of(world)
    assert f["moves.assessed"] == 2
    assert f["moves.suitable"] == 1
    assert f["moves.not_suitable"] == 1
    assert f["moves.not_suitable.denies_abuse"] == 1
    assert f["waiting.at_start"] == 1
    assert f["waiting.at_end"] == 1
    assert f["moves.joined_waiting_list"] == 1
    assert f["moves.left_waiting_list"] == 1
    assert f["moves.median_days_waiting"] == (81, 1)


def test_programme(world):
    """a started on the last day and h on the first; i the day after (out).
    g completed on the last day, h dropped out; e moved away on the last day,
    i the day after (out). Sessions: one held and one cancelled in April, one
    held in July (out); a one-to-one on the last day. Attendance at April's
    and May's sessions: g present, a late, j unexcused, h excused."""
    _report, f = figures_of(world)
    assert f["places.started"] == 2
    assert f["places.completed"] == 1
    assert f["places.completed.completed_some_goals"] == 1
    assert f["places.dropped_out"] == 1
    assert f["places.dropped_out.stopped_engaging"] == 1
    assert f["places.excluded"] == 0
    assert f["places.transferred"] == 0
    assert f["moves.moved_away"] == 1
    assert f["moves.moved_away.moved_out_of_area"] == 1
    assert f["sessions.group_held"] == 2
    assert f["sessions.group_cancelled"] == 1
    assert f["sessions.one_to_one_held"] == 1
    assert f["attendance.offered"] == 4
    assert f["attendance.attended"] == 2
    assert f["attendance.excused"] == 1
    assert f["attendance.unexcused"] == 1
    # Per man: g 100%, a 100%, j 0%, h 0%.
    assert f["attendance.median_rate"] == (50.0, 4)


def test_partners(world):
    """w and y linked in the period (y on the last day); w reached in April, x
    declined on the last day, v never reached. Days to the first attempt: w 3,
    y 1 (the day after); to the first conversation: w 5."""
    _report, f = figures_of(world)
    assert f["partners.identified"] == 2
    assert f["partners.offered"] == 3
    assert f["partners.engaged"] == 1
    assert f["partners.declined"] == 1
    assert f["partners.unreachable"] == 1
    assert f["partners.median_days_to_first_attempt"] == (2.0, 2)
    assert f["partners.median_days_to_first_conversation"] == (5.0, 1)
    assert f["safety_plans.made"] == 1
    assert f["safety_plans.updated"] == 1


def test_children(world):
    """Children of men in service in the period (g, h; not i, who starts the
    day after); a referral to child services on the last day, one the day after."""
    _report, f = figures_of(world)
    assert f["children.children"] == 3
    assert f["children.lives_with_him"] == 1
    assert f["children.protection.protection_plan"] == 1
    assert f["children.protection.unknown"] == 1
    assert f["children.protection.child_in_need"] == 1
    assert f["onward.child_services"] == 1


def test_risk(world):
    """Levels at intake (a high, h standard) and exit (g medium); one high
    assessment; a risk-conference referral; a separation and her disclosed
    threats (kept within partner support) in the period, threats the day
    after out; two alerts, one acknowledged after two hours."""
    _report, f = figures_of(world)
    assert f["places.intake.high"] == 1
    assert f["places.intake.standard"] == 1
    assert f["exits.reports"] == 1
    assert f["exits.level.medium"] == 1
    assert f["assessments.done"] == 1
    assert f["assessments.level.high"] == 1
    assert f["onward.marac"] == 1
    assert f["events.events"] == 2
    assert f["events.kind.separation"] == 1
    assert f["events.kind.threats"] == 1
    assert f["alerts.raised"] == 2
    assert f["alerts.acknowledged"] == 1
    assert f["alerts.unacknowledged"] == 1
    assert f["alerts.median_hours_to_acknowledgement"] == (2.0, 1)


def test_outside_the_firewall_no_partner_figures(world):
    """For a caseworker: no partner section, and what is kept within partner
    support (her disclosed threats, its alert) is not counted at all."""
    report, f = figures_of(world, sees_partners=False)
    assert "partners" not in [section.key for section in report.sections]
    assert not any(key.startswith(("partners.", "safety_plans.")) for key in f)
    assert f["events.events"] == 1
    assert "events.kind.threats" not in f
    assert f["alerts.raised"] == 1


def test_a_programme(world):
    """Programme two holds only h: his start, drop-out, session and child."""
    _report, f = figures_of(world, programme=world.programmes["two"])
    assert f["places.started"] == 1
    assert f["places.dropped_out"] == 1
    assert f["places.completed"] == 0
    assert f["sessions.group_held"] == 1
    assert f["attendance.offered"] == 1
    assert f["children.children"] == 1
    assert f["referrals.received"] == 0
    assert f["partners.identified"] == 0
    assert f["partners.unreachable"] == 1


def test_a_group(world):
    _report, f = figures_of(world, group=world.groups["one"])
    assert f["places.started"] == 1
    assert f["places.completed"] == 1
    assert f["sessions.group_held"] == 1
    assert f["sessions.one_to_one_held"] == 0


def test_outcomes_summary(world):
    report, _f = figures_of(world)
    intake = next(
        row
        for row in report.outcomes["status"]
        if row["respondent"] == "man" and row["kind"] == "intake"
    )
    # One completed questionnaire: fewer than the organisation's 5.
    assert intake["counts"]["completed"] == "fewer than 5"


@pytest.mark.parametrize(
    "key, expected",
    [
        ("referrals.received", 4),
        ("referrals.declined.out_of_area", 1),
        ("places.started", 2),
        ("moves.moved_away", 1),
        ("waiting.at_end", 1),
        ("children.children", 3),
        ("partners.unreachable", 1),
        ("alerts.raised", 2),
    ],
)
def test_the_records_behind_a_figure_are_as_many(world, key, expected):
    context = Context(Scope(world.org), QUARTER, True)
    base, part = find_part(key, context)
    assert records_behind(base, part, context).count() == expected


@pytest.mark.parametrize("sees_partners", [True, False])
@pytest.mark.parametrize("scope", ["organisation", "programme", "group"])
def test_the_outcomes_summaries_are_those_of_the_points(world, scope, sees_partners):
    """The change sums read the summaries by their own facts: the same rows as
    the summaries of the period's time points."""
    one = world.programmes["one"]
    scoped = {
        "organisation": Scope(world.org),
        "programme": Scope(world.org, programme=one),
        "group": Scope(world.org, group=one.groups.first()),
    }[scope]
    for period in (QUARTER, Period(START.replace(year=START.year - 2), LAST_DAY, "")):
        context = Context(scoped, period, sees_partners)
        points = ResponseSummary.objects.of_points(outcome_points(context))
        assert set(outcome_summaries(context).values_list("pk", flat=True)) == set(
            points.values_list("pk", flat=True)
        )
