"""The public contact page in a browser: the quick exit (button and Escape) leaves
for a neutral page and replaces the page in the tab's history; the form works
with JavaScript off and leaves no cookie but CSRF's."""

import pytest
from django.utils import timezone

from enquiries.models import Enquiry
from tests.participants.factories import ParticipantFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SLUG = "e2e-contact"
NEUTRAL = "https://www.bbc.co.uk/weather"


@pytest.fixture
def contact_page(org):
    org.public_contact_slug = SLUG
    org.emergency_numbers = "Police: 999 (test)"
    org.save()
    return f"/contact/{SLUG}/"


def as_a_person_would(page):
    """Wait as long as a person takes to fill the form in: a faster answer is a
    robot's (ENQUIRIES_PUBLIC_MIN_FILL_SECONDS, 3), discarded silently. The live
    server's thread does not see the `settings` fixture's changes reliably."""
    page.wait_for_timeout(3200)


def offline_neutral_page(page):
    """The neutral page, answered inside the browser (the tests have no internet)."""
    page.route(
        f"{NEUTRAL}**",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            body="<!doctype html><title>Weather</title><p>Sunny spells.</p>",
        ),
    )


def visit_contact_after_another_page(page, contact_page):
    page.goto("/accounts/login/", wait_until="domcontentloaded")
    page.goto(contact_page)
    assert page.title() == "Contact"


@pytest.mark.parametrize("how", ["button", "escape"])
def test_quick_exit_leaves_and_replaces_the_history_entry(page, contact_page, how):
    offline_neutral_page(page)
    visit_contact_after_another_page(page, contact_page)
    if how == "button":
        page.get_by_role("link", name="Leave this page quickly").click()
    else:
        page.get_by_label("Your first name, or any name you choose").fill("Test")
        page.keyboard.press("Escape")
    page.wait_for_url(f"{NEUTRAL}**")
    assert page.title() == "Weather"
    # "Back" goes to the page before the contact page: it left no entry.
    page.go_back()
    page.wait_for_load_state()
    assert "/contact/" not in page.url
    assert "/accounts/login/" in page.url


def test_the_form_works_without_javascript(browser, live_server, contact_page):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(contact_page)
        exit_link = page.get_by_role("link", name="Leave this page quickly")
        assert exit_link.get_attribute("href") == NEUTRAL
        page.get_by_label("Your first name, or any name you choose").fill("Nojs")
        page.get_by_label("Phone call").check()
        page.get_by_label("Safe phone number").fill("07700 900123")
        page.get_by_label("When is it safe to contact you?").fill("Mornings")
        as_a_person_would(page)
        page.get_by_role("button", name="Send").click()
        page.wait_for_load_state()
        assert "Thank you" in page.locator("main").inner_text()
        assert page.title() == "Contact"
        names = {cookie["name"] for cookie in context.cookies()}
        assert names <= {"csrftoken"}
    finally:
        context.close()
    enquiry = Enquiry.objects.get()
    assert enquiry.name == "Nojs"
    assert enquiry.channel == Enquiry.Channel.PUBLIC_PAGE


def test_a_missing_phone_is_shown_plainly_and_kept_out_of_the_queue(page, contact_page):
    page.goto(contact_page)
    page.get_by_label("Your first name, or any name you choose").fill("Nophone")
    page.get_by_label("Phone call").check()
    as_a_person_would(page)
    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state()
    assert "Give a safe phone number" in page.locator("main").inner_text()
    assert not Enquiry.objects.exists()


def test_a_request_reaches_the_worker_who_links_it_to_his_case(
    org, partner_worker, contact_page, browser, live_server, page, sign_in
):
    """From her request on the public page to her record, linked to his case,
    without typing her details again."""
    ParticipantFactory(organisation=org, reference="P26-00777")
    # She asks from her own browser, which keeps nothing afterwards.
    hers = browser.new_context(base_url=live_server.url)
    her_page = hers.new_page()
    try:
        her_page.goto(contact_page)
        her_page.get_by_label("Your first name, or any name you choose").fill("Rowan")
        her_page.get_by_label("Text message").check()
        her_page.get_by_label("Safe phone number").fill("07700 900321")
        as_a_person_would(her_page)
        her_page.get_by_role("button", name="Send").click()
        her_page.wait_for_load_state()
        assert "Thank you" in her_page.locator("main").inner_text()
    finally:
        hers.close()

    # The worker sees it on her worklist and in the menu's enquiries queue.
    sign_in(partner_worker)
    page.get_by_role("button", name="Partners").click()
    page.get_by_role("link", name="Partner worklist").click()
    panel = page.locator(
        "section", has=page.get_by_role("heading", name="Enquiries: women asking")
    )
    assert "Rowan" in panel.inner_text()
    panel.get_by_role("link", name="Rowan").click()
    page.get_by_label("When").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="I tried to contact her").click()
    page.wait_for_load_state()
    assert "First contact attempt recorded" in page.locator("main").inner_text()
    page.get_by_role("link", name="Link to a man's case").click()
    page.get_by_label("His case reference").fill("P26-00777")
    page.get_by_role("button", name="Link").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "Rowan" in main and "P26-00777" in main
