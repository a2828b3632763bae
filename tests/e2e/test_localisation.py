"""A manager edits a list (adds, renames, retires an entry) and publishes a new
version of the risk instrument, in the browser (issue 18, item 7)."""

import re

import pytest
from playwright.sync_api import expect

from localisation import lists
from risk.models import RiskInstrument
from risk.models.records import NOTE_CATEGORIES

# The add form's field; crispy marks it required with an asterisk.
NAME = re.compile(r"^\s*Name\s*\*?\s*$")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_manager_edits_a_list_and_publishes_an_instrument_version(
    org, manager, page, sign_in
):
    page.goto("/accounts/login/", timeout=60_000)
    sign_in(manager)

    # The list of risk note categories, from the menu.
    page.get_by_role("button", name="Admin", exact=True).click()
    page.get_by_role("link", name="Lists").click()
    page.get_by_role("link", name="Risk note categories").click()
    page.get_by_label(NAME).fill("Firearms (fictional entry)")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#entries")).to_contain_text("Firearms (fictional entry)")
    # A name already on the list is refused with a message.
    page.get_by_label(NAME).fill("Children")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("body")).to_contain_text("already has an entry called")
    # Rename one, retire another.
    page.get_by_label("New name for Children", exact=True).fill(
        "Children and young people"
    )
    row = page.get_by_role("row").filter(
        has=page.get_by_label("New name for Children", exact=True)
    )
    row.get_by_role("button", name="Rename").click()
    expect(page.locator("#entries")).to_contain_text("Children and young people")
    page.get_by_role("button", name="Retire Alcohol or drugs").click()
    retired = page.get_by_role("row").filter(has_text="Alcohol or drugs")
    expect(retired).to_contain_text("retired")
    offered = dict(lists.choices(org.pk, NOTE_CATEGORIES))
    assert "substances" not in offered
    assert offered["children"] == "Children and young people"

    # A new version of the instrument: start, edit a band, preview, publish.
    page.get_by_role("button", name="Risk", exact=True).click()
    page.get_by_role("link", name="Risk instruments").click()
    page.get_by_role("button", name="Start a new version").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("draft of version")
    # A weight out of range is refused beside its input; nothing typed is lost.
    page.get_by_label("Medium risk from (score)").fill("9")
    page.locator("#id_form-0-weight").fill("100")
    page.get_by_role("button", name="Save the draft and preview it").click()
    weight = page.locator("#id_form-0-weight")
    expect(weight).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_form-0-weight_error")).to_contain_text("99")
    expect(page.get_by_label("Medium risk from (score)")).to_have_value("9")
    weight.fill("1")
    page.get_by_role("button", name="Save the draft and preview it").click()
    expect(page.locator("body")).to_contain_text("Medium risk from a score of 9")
    page.get_by_role("button", name="Publish this version").click()
    expect(page.locator("#messages")).to_contain_text("is published")
    mine = RiskInstrument.objects.get(organisation=org, is_active=True)
    assert mine.medium_from == 9 and not mine.is_draft
    assert RiskInstrument.objects.offered_to(org.pk).get() == mine
