"""The women's equality breakdowns in the period report's partners section:
managers only (never a caseworker or a facilitator), small numbers suppressed on
screen and in the exports, counted by hand."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from equality.models import Characteristic
from reports.bases import Context
from reports.monitoring import partner_equality_breakdowns
from reports.periods import Period, Scope
from tests.equality.factories import (
    EqualityAnswerFactory,
    MonitoringOptionFactory,
    PreferNotToSayAnswerFactory,
)
from tests.partner_contact.factories import PartnerContactFactory, RelationshipFactory

D = datetime.date
QUARTER = Period(D(2026, 4, 1), D(2026, 6, 30), "Q1")
REPORT = {"period": "quarter", "year": "2026", "quarter": "1"}


@pytest.fixture
def seven_women(org):
    """Seven women linked in the quarter (one on its last day): five answered
    "Women A", one "Women B", one would rather not say; one of the five was
    engaged in the quarter. An eighth, linked the day after, is out."""
    first = MonitoringOptionFactory(organisation=org, label="Women A")
    second = MonitoringOptionFactory(organisation=org, label="Women B")
    linked = [D(2026, 4, 1 + n) for n in range(6)] + [D(2026, 6, 30)]
    for n, day in enumerate(linked):
        woman = RelationshipFactory(partner__organisation=org, linked_on=day).partner
        if n == 6:
            PreferNotToSayAnswerFactory(partner=woman, organisation=org)
        else:
            EqualityAnswerFactory(
                partner=woman, organisation=org, option=second if n == 5 else first
            )
        if n == 0:
            PartnerContactFactory(
                partner=woman,
                occurred_at=datetime.datetime(2026, 5, 4, 10, tzinfo=datetime.UTC),
            )
    late = RelationshipFactory(partner__organisation=org, linked_on=D(2026, 7, 1))
    EqualityAnswerFactory(partner=late.partner, organisation=org, option=second)
    return org


def ethnicity(breakdowns):
    return next(
        q
        for q in breakdowns["questions"]
        if q.question == str(Characteristic.ETHNICITY.label)
    )


def test_her_answers_are_counted_by_hand_and_small_numbers_hidden(seven_women):
    """Identified: 5 "Women A", 1 "Women B", 1 "Prefer not to say"; the one
    engaged is "fewer than 5". Below 5 hidden; with two hidden cells in the
    identified column, five is shown."""
    context = Context(Scope(seven_women), QUARTER, True)
    breakdowns = partner_equality_breakdowns(context, 5)
    assert breakdowns["women"] is True
    assert [key for key, _label in breakdowns["columns"]] == [
        "identified",
        "offered",
        "engaged",
    ]
    question = ethnicity(breakdowns)
    identified = question.cells["identified"]
    assert identified["Women A"].value == 5
    assert str(identified["Women A"]) == "5"
    assert str(identified["Women B"]) == "fewer than 5"
    assert str(identified["Prefer not to say"]) == "fewer than 5"
    assert identified["Not asked"].value == 0
    engaged = question.cells["engaged"]
    assert engaged["Women A"].value == 1
    assert str(engaged["Women A"]) == "fewer than 5"
    # At the external threshold (10) the five are hidden as well.
    question = ethnicity(partner_equality_breakdowns(context, 10))
    assert str(question.cells["identified"]["Women A"]) == "fewer than 10"


def test_outside_the_firewall_nothing_is_computed(seven_women):
    context = Context(Scope(seven_women), QUARTER, False)
    assert partner_equality_breakdowns(context, 5) is None


def test_managers_see_it_in_the_partners_section(login, manager, seven_women):
    body = login(manager).get(reverse("reports:period_report"), REPORT)
    page = body.content.decode()
    assert 'id="section-partner-equality"' in page
    assert "Equality monitoring: partners" in page
    assert "Women B" in page
    # Right after the partners section, before the children's.
    assert (
        page.index('id="section-partners"')
        < page.index('id="section-partner-equality"')
        < page.index('id="section-children"')
    )


def test_a_caseworker_never_sees_it(login, caseworker, seven_women):
    response = login(caseworker).get(reverse("reports:period_report"), REPORT)
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["report"].partner_equality is None
    assert "section-partner-equality" not in page
    assert "Equality monitoring: partners" not in page
    assert "Women A" not in page and "Women B" not in page
    for name in ("reports:export_csv", "reports:export_xlsx", "reports:print"):
        assert login(caseworker).get(reverse(name), REPORT).status_code == 403


def test_a_facilitator_never_sees_it(login, facilitator, seven_women):
    response = login(facilitator).get(reverse("reports:period_report"), REPORT)
    assert response.status_code == 403
    assert "Women B" not in response.content.decode()


def test_exports_carry_it_under_the_external_rule(login, manager, seven_women):
    client = login(manager)
    csv_text = client.get(reverse("reports:export_csv"), REPORT).content.decode()
    assert "Equality monitoring: partners" in csv_text
    line = next(row for row in csv_text.splitlines() if "Women A" in row)
    assert "fewer than 10" in line
    assert "5" not in line.replace("fewer than 10", "")
    book = load_workbook(
        io.BytesIO(client.get(reverse("reports:export_xlsx"), REPORT).content)
    )
    title = "Equality monitoring  partners"
    assert title in book.sheetnames
    assert book.sheetnames.index("Partners") < book.sheetnames.index(title)
    cells = [
        str(cell) for row in book[title].iter_rows(values_only=True) for cell in row
    ]
    assert any("Women B" in cell for cell in cells)
    assert not any("Women A: 5" in cell for cell in cells)
    printed = client.get(reverse("reports:print"), REPORT).content.decode()
    assert "Equality monitoring: partners" in printed
