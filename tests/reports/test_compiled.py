"""Queries compiled once per process (reports.compiled): the text kept for one
period gives every other period's figures, and a query whose text does not
follow from its key and the period is compiled on every request instead."""

from datetime import timedelta

import pytest
from django.db.models import Count

from referrals.models import Referral
from reports import compiled, figures
from reports.bases import BASES, Context, records_behind
from reports.figures import build_report
from reports.periods import Period, Scope
from reports.scope import count_expressions, count_parts
from reports.stats import median, median_of_column
from tests.reports.factories import LAST_DAY, START, build_world

QUARTER = Period(START, LAST_DAY, "Q1")


@pytest.fixture
def world(org):
    return build_world(org)


def _counts(context):
    return build_report(context, today=LAST_DAY).counts


@pytest.mark.parametrize("sees_partners", [True, False])
def test_a_text_kept_for_one_period_counts_another_as_compiled_afresh(
    world, sees_partners
):
    """Kept while counting a year, the texts count the quarter as the ORM does;
    every query of the report is kept (none compiled per request)."""
    compiled.forget()
    quarter = Context(Scope(world.org), QUARTER, sees_partners)
    fresh = _counts(quarter)
    compiled.forget()
    year = Period(START - timedelta(days=400), LAST_DAY + timedelta(days=30), "")
    _counts(Context(Scope(world.org), year, sees_partners))
    assert compiled.not_kept() == []
    assert _counts(quarter) == fresh
    assert fresh["referrals.received"] == 4


def test_the_scope_is_part_of_the_key(world):
    """A programme's report after the organisation's counts the programme."""
    compiled.forget()
    whole = _counts(Context(Scope(world.org), QUARTER, True))
    programme = Context(
        Scope(world.org, programme=world.programmes["one"]), QUARTER, True
    )
    kept = _counts(programme)
    compiled.forget()
    assert _counts(programme) == kept
    assert kept != whole


def test_a_parameter_not_of_the_period_is_not_kept(world):
    """A value that moves with the period but is none of its values (here 40
    days after its start) cannot be told from the period: such a query is
    compiled for every request, and still counts right."""
    compiled.forget()

    def build(context):
        since = context.period.start + timedelta(days=40)
        referrals = Referral.objects.filter(
            organisation=context.organisation, received_on__gte=since
        )
        return lambda: referrals.aggregate(n=Count("pk"))

    context = Context(Scope(world.org), QUARTER, True)
    rows = compiled.rows(("test",), context, build)
    assert compiled.not_kept() != []
    expected = Referral.objects.filter(
        organisation=world.org, received_on__gte=START + timedelta(days=40)
    ).count()
    assert rows == [(expected,)]
    assert compiled.rows(("test",), context, build) == rows


def test_a_query_the_orm_knows_is_empty_gives_no_rows(world):
    def build(context):
        nothing = Referral.objects.filter(pk__in=[])
        return lambda: list(nothing)

    context = Context(Scope(world.org), QUARTER, True)
    assert compiled.rows(("empty",), context, build) == []


@pytest.mark.parametrize("scope", ["organisation", "programme", "group"])
def test_every_base_counts_as_the_orm_does(world, scope):
    """Each base's kept text, run for a second period, gives the ORM's own
    aggregate of that period, part by part."""
    one = world.programmes["one"]
    scoped = {
        "organisation": Scope(world.org),
        "programme": Scope(world.org, programme=one),
        "group": Scope(world.org, group=one.groups.first()),
    }[scope]
    compiled.forget()
    for base in BASES.values():
        count_parts(base, Context(scoped, QUARTER, True))
    later = Period(START + timedelta(days=20), LAST_DAY + timedelta(days=90), "")
    context = Context(scoped, later, True)
    for base in BASES.values():
        parts = base.parts(context)
        kept = count_parts(base, context, parts)
        orm = (
            base.records(context).order_by().aggregate(**count_expressions(base, parts))
        )
        for index, part in enumerate(parts):
            if not part.grouped:
                key = f"{base.key}.{part.name}"
                assert kept[key] == orm[f"c{index}"], key
    assert compiled.not_kept() == []


@pytest.mark.parametrize("scope", ["organisation", "programme", "group"])
def test_every_grouped_part_counts_its_records(world, scope):
    """A part counted by its base's own query (the waiting list's, the
    decisions', her contacts') counts as many as the list behind it shows."""
    one = world.programmes["one"]
    scoped = {
        "organisation": Scope(world.org),
        "programme": Scope(world.org, programme=one),
        "group": Scope(world.org, group=one.groups.first()),
    }[scope]
    compiled.forget()
    for period in (QUARTER, Period(START - timedelta(days=200), LAST_DAY, "")):
        context = Context(scoped, period, True)
        for base in BASES.values():
            parts = base.parts(context)
            kept = count_parts(base, context, parts)
            for part in parts:
                if part.grouped:
                    key = f"{base.key}.{part.name}"
                    behind = records_behind(base, part, context).count()
                    assert kept[key] == behind, key


@pytest.mark.parametrize("scope", ["organisation", "programme", "group"])
def test_the_first_contacts_median_as_each_median_alone(world, scope):
    """Her two medians read together give what each gave in a query of its own."""
    one = world.programmes["one"]
    scoped = {
        "organisation": Scope(world.org),
        "programme": Scope(world.org, programme=one),
        "group": Scope(world.org, group=one.groups.first()),
    }[scope]
    compiled.forget()
    for period in (QUARTER, Period(START - timedelta(days=200), LAST_DAY, "")):
        context = Context(scoped, period, True)
        together = figures.days_to_first_contact(context)
        alone = [
            median(*figures._to_first_contact(context, **condition))
            for condition in ({}, {"contact_made": True})
        ]
        assert together == alone


@pytest.mark.parametrize("scope", ["organisation", "programme", "group"])
def test_a_median_read_with_its_counts_as_read_alone(world, scope):
    """The alerts' and the attendance's medians, read in their bases' own
    queries, are the medians each query of its own gave."""
    one = world.programmes["one"]
    scoped = {
        "organisation": Scope(world.org),
        "programme": Scope(world.org, programme=one),
        "group": Scope(world.org, group=one.groups.first()),
    }[scope]
    compiled.forget()
    for period in (QUARTER, Period(START - timedelta(days=200), LAST_DAY, "")):
        for sees_partners in (True, False):
            context = Context(scoped, period, sees_partners)
            extras = {}
            for key in ("alerts", "attendance"):
                count_parts(BASES[key], context, extras=extras)
            assert extras["alerts.acknowledgement"] == median(
                *figures._acknowledgement(context)
            )
            assert extras["attendance.median_rate"] == median_of_column(
                figures.rate_per_man(context), "rate"
            )
