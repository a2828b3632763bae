"""Her own case in the browser: a partner-support worker moves her status,
completes her risk checklist with her and writes a safety plan in sections; the
man's caseworker then sees on his case file only that the conference criteria are
met from the partner side."""

import pytest

from partner_contact import checklist_data
from partner_contact.models import SafetyPlan
from tests.participants.factories import ActiveParticipantFactory
from tests.partner_contact.factories import PartnerFactory, RelationshipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HER_WORDS = "Moved to a flat in Fictionville (fictional)."


def test_move_her_case_complete_her_checklist_and_write_her_plan(
    org, partner_worker, caseworker, page, sign_in
):
    man = ActiveParticipantFactory(
        organisation=org, caseworker=caseworker, reference="P26-00951"
    )
    partner = PartnerFactory(
        organisation=org, name="Browser Demoson", partner_support_worker=partner_worker
    )
    RelationshipFactory(partner=partner, participant=man)
    sign_in(partner_worker)

    # Her status: identified, moved to "in contact" with a reason from the list.
    page.goto(partner.get_absolute_url())
    assert "Identified" in page.locator(".pc-status").inner_text()
    page.get_by_role("link", name="Move her case").click()
    page.get_by_label("New status").select_option("in_contact")
    page.get_by_label("Reason").select_option("first_conversation")
    page.get_by_role("button", name="Move her case").click()
    assert "In contact" in page.locator(".pc-status").inner_text()
    assert "Spoke with her for the first time" in page.content()

    # Her checklist: 14 "yes" meet the conference criteria.
    page.get_by_role("link", name="Complete the checklist with her").click()
    for code, _topic, _text in checklist_data.QUESTIONS[:14]:
        page.locator(f"input[name='q_{code}'][value='yes']").check()
    page.get_by_label("Notes").fill(HER_WORDS)
    page.get_by_role("button", name="Save the checklist").click()
    assert "Conference criteria met" in page.content()
    assert "Level High" in page.locator("main").inner_text().replace("\n", " ")
    page.get_by_role("link", name="Back to her page").click()

    # Her safety plan, in sections; the review date is set.
    page.get_by_role("link", name="Make a plan").click()
    page.get_by_label("Safe contacts").fill("Her sister, code name Aunt May.")
    page.get_by_label("What to do in an emergency").fill("Call 999; go to number 3.")
    page.get_by_label("Digital and phone safety").fill("Location sharing off.")
    page.get_by_role("button", name="Save safety plan").click()
    plan_panel = page.locator(
        "section", has=page.get_by_role("heading", name="Safety plan")
    )
    text = plan_panel.inner_text()
    assert "Safe contacts" in text and "Aunt May" in text
    assert "Digital and phone safety" in text
    assert (
        SafetyPlan.objects.get(partner=partner).emergency == "Call 999; go to number 3."
    )

    # His caseworker sees that the criteria are met, and nothing of hers.
    page.context.clear_cookies()
    sign_in(caseworker)
    page.goto(man.get_absolute_url())
    body = page.content()
    assert "Conference criteria met from the partner side" in body
    for secret in (HER_WORDS, "Browser Demoson", "Aunt May", "Were you physically"):
        assert secret not in body
