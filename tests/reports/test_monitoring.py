"""The report's equality breakdowns (small numbers suppressed on screen) and its
complaints and compliments, counted by hand."""

import datetime

import pytest
from django.urls import reverse

from equality.figures import breakdown_of_women
from equality.models import Characteristic, EqualityAnswer
from participants.models import Participant
from partner_contact.models import Partner
from reports.bases import Context
from reports.figures import build_report
from reports.monitoring import (
    complaints_section,
    equality_breakdowns,
    equality_groups,
    men_columns,
    monitoring_options,
    partner_equality_breakdowns,
    tallies,
    women_columns,
    women_groups,
)
from reports.periods import Period, Scope
from tests.complaints.factories import (
    ComplaintFactory,
    ComplimentFactory,
    PartnerServiceComplaintFactory,
)
from tests.equality.factories import (
    EqualityAnswerFactory,
    MonitoringOptionFactory,
    PreferNotToSayAnswerFactory,
)
from tests.partner_contact.factories import PartnerContactFactory, RelationshipFactory
from tests.programmes.factories import EnrolmentFactory, GroupFactory

D = datetime.date
QUARTER = Period(D(2026, 4, 1), D(2026, 6, 30), "Q1")


@pytest.fixture
def seven_starters(org):
    """Seven men start in the quarter: six answered "Group A", one "Group B"."""
    group = GroupFactory(programme__organisation=org, organisation=org)
    first = MonitoringOptionFactory(organisation=org, label="Group A")
    second = MonitoringOptionFactory(organisation=org, label="Group B")
    for n in range(7):
        place = EnrolmentFactory(group=group, start_date=D(2026, 4, 1 + n))
        EqualityAnswerFactory(
            participant=place.participant, option=second if n == 0 else first
        )
    return org


def ethnicity(breakdowns):
    return next(
        q
        for q in breakdowns["questions"]
        if q.question == str(Characteristic.ETHNICITY.label)
    )


def test_a_small_answer_and_its_complement_are_hidden(seven_starters):
    """One man in Group B: "fewer than 5"; the six in Group A would give him
    away beside the seven who started, so they are "not shown"."""
    context = Context(Scope(seven_starters), QUARTER, True)
    question = ethnicity(equality_breakdowns(context, 5))
    started = question.cells["started"]
    assert str(started["Group B"]) == "fewer than 5"
    assert str(started["Group A"]) == "not shown"
    assert str(started["Not asked"]) == "0"
    # At the external threshold (10) the same holds.
    question = ethnicity(equality_breakdowns(context, 10))
    assert str(question.cells["started"]["Group B"]) == "fewer than 10"


def test_the_breakdown_shows_on_the_report_without_links(
    login, manager, seven_starters
):
    response = login(manager).get(
        reverse("reports:period_report"),
        {"period": "quarter", "year": "2026", "quarter": "1"},
    )
    body = response.content.decode()
    assert 'id="section-equality"' in body
    assert "Group B" in body and "fewer than 5" in body
    assert "figure=equality" not in body


def test_the_groups_together_count_as_each_group_alone(seven_starters, other_org):
    """`tallies` counts the men of every column (and the women) in two queries,
    exactly as the equality app's breakdown counts one group: a retired answer
    only where given, "Prefer not to say", "Not asked", an empty column with no
    options, and nobody of another organisation."""
    org = seven_starters
    group = GroupFactory(programme__organisation=org, organisation=org)
    retired = MonitoringOptionFactory(organisation=org, label="Old", retired=True)
    MonitoringOptionFactory(organisation=org, label="Never given", retired=True)
    gave_old = EnrolmentFactory(group=group, start_date=D(2026, 5, 1)).participant
    EqualityAnswerFactory(participant=gave_old, option=retired)
    refused = EnrolmentFactory(group=group, start_date=D(2026, 5, 2)).participant
    PreferNotToSayAnswerFactory(participant=refused, organisation=org)
    EnrolmentFactory(group=group, start_date=D(2026, 5, 3))  # never asked
    stranger = GroupFactory(programme__organisation=other_org, organisation=other_org)
    EnrolmentFactory(group=stranger, start_date=D(2026, 5, 1))
    for n in range(3):
        woman = RelationshipFactory(
            partner__organisation=org, linked_on=D(2026, 4, 2 + n)
        ).partner
        EqualityAnswerFactory(partner=woman, organisation=org, option=retired)
        if n == 0:
            PartnerContactFactory(
                partner=woman,
                occurred_at=datetime.datetime(2026, 5, 4, 10, tzinfo=datetime.UTC),
            )
    context = Context(Scope(org), QUARTER, True)
    options = monitoring_options(context)

    men = {key: group for key, (_l, group) in equality_groups(context).items()}
    assert men["started"].count() == 10 and men["completed"].count() == 0
    alone = {key: EqualityAnswer.objects.breakdown(group) for key, group in men.items()}
    assert (
        tallies(men_columns, tuple(men), Participant, "participant", options, context)
        == alone
    )

    women = {key: group for key, (_l, group) in women_groups(context).items()}
    alone = {key: breakdown_of_women(group) for key, group in women.items()}
    assert (
        tallies(women_columns, tuple(women), Partner, "partner", options, context)
        == alone
    )
    # The partners section's counts are the women's columns' sizes.
    counts = build_report(context).counts
    assert partner_equality_breakdowns(context, 5, options, counts) == (
        partner_equality_breakdowns(context, 5, options)
    )
    assert counts["partners.identified"] == 3
    assert equality_breakdowns(context, 5, options)["columns"][1][0] == "started"


def test_complaints_by_source_and_outcome(org):
    """Two complaints from men (one on the last day), one about partner
    support, one the day after (out), and a compliment from an agency."""
    ComplaintFactory(organisation=org, received_on=D(2026, 4, 1))
    ComplaintFactory(organisation=org, received_on=D(2026, 6, 30), outcome="upheld")
    ComplaintFactory(organisation=org, received_on=D(2026, 7, 1))
    PartnerServiceComplaintFactory(organisation=org, received_on=D(2026, 5, 1))
    ComplimentFactory(organisation=org, received_on=D(2026, 5, 2))
    inside = {
        f.key: f.value
        for f in complaints_section(Context(Scope(org), QUARTER, True)).figures
    }
    assert inside["complaints.received"] == 3
    assert inside["complaints.source.man"] == 2
    assert inside["complaints.source.public"] == 1
    assert inside["complaints.outcome.upheld"] == 1
    assert inside["complaints.outcome.open"] == 2
    assert inside["compliments.received"] == 1
    assert inside["compliments.source.agency"] == 1
    # Outside the firewall the complaint about partner support is not counted.
    outside = {
        f.key: f.value
        for f in complaints_section(Context(Scope(org), QUARTER, False)).figures
    }
    assert outside["complaints.received"] == 2
    assert "complaints.source.public" not in outside


def test_complaint_figures_link_to_the_filtered_complaints_list(login, manager, org):
    ComplaintFactory(organisation=org, received_on=D(2026, 4, 1))
    body = (
        login(manager)
        .get(
            reverse("reports:period_report"),
            {"period": "quarter", "year": "2026", "quarter": "1"},
        )
        .content.decode()
    )
    assert (
        reverse("complaints:complaint_list")
        + "?kind=complaint&amp;received_from=2026-04-01&amp;received_to=2026-06-30"
        "&amp;source=man"
    ) in body
