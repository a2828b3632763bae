"""In the browser: a caseworker records a complaint and a manager answers it;
a caseworker accepts a referral, then previews, edits and sends the drafted
letter to the referrer; a manager edits a letter template with its preview."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from complaints.models import Complaint
from referrals.models import Agency, ReferrerLetter
from tests.referrals.factories import AgencyFactory, ScreeningReferralFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_caseworker_records_a_complaint_and_a_manager_answers_it(
    org, caseworker, manager, page, sign_in
):
    sign_in(caseworker)
    page.get_by_role("button", name="Cases").click()
    page.get_by_role("link", name="Complaints and compliments").click()
    page.get_by_role("link", name="Record a complaint or compliment").click()
    page.get_by_label("Kind").select_option("complaint")
    page.locator("#id_source").select_option("public")
    page.get_by_label("Name of the person or agency").fill("A. Neighbour (fictional)")
    page.get_by_label("Summary").fill("Noise in the car park after group")
    page.get_by_label("What was said").fill("Cars idling late at night.")
    page.get_by_role("button", name="Save").click()
    main = page.locator("main")
    expect(main).to_contain_text("Recorded.")
    expect(main).to_contain_text("Awaiting a response")
    complaint = Complaint.objects.get()
    assert complaint.response_due_on is not None

    page.context.clear_cookies()
    sign_in(manager)
    page.goto(complaint.get_absolute_url())
    page.get_by_role("link", name="Edit, answer or close").click()
    page.get_by_label("Acknowledged on").fill(complaint.received_on.isoformat())
    page.get_by_label("Response sent on").fill(complaint.received_on.isoformat())
    page.get_by_label("Outcome").select_option("upheld")
    page.get_by_label("What we learnt").fill("Ask the group to leave quietly.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Upheld")
    page.goto("/complaints/?status=answered")
    expect(page.locator("main")).to_contain_text("Noise in the car park")


def test_referral_letter_is_previewed_edited_and_sent(org, caseworker, page, sign_in):
    probation = AgencyFactory(
        organisation=org,
        kind=Agency.Kind.PROBATION,
        name="Demotown Probation (fictional)",
        email="officer@probation.example.org",
    )
    referral = ScreeningReferralFactory(
        organisation=org,
        agency=probation,
        received_by=caseworker,
        referrer_name="P. Officer",
        first_name="Edwin",
        last_name="Testwell",
    )
    sign_in(caseworker)
    page.goto(referral.get_absolute_url())
    page.locator("#id_accepted-reason").select_option("meets_criteria")
    page.get_by_role("button", name="Accept the referral").click()
    main = page.locator("main")
    expect(main).to_contain_text(
        "A letter to the referrer (Referral accepted) is drafted"
    )
    page.get_by_role("link", name="Check and send").click()

    # The preview shows the letter as it will go, placeholders filled in.
    preview = page.locator("[data-letter-body]")
    expect(preview).to_contain_text("Dear P. Officer,")
    expect(preview).to_contain_text("Edwin Testwell")
    expect(preview).not_to_contain_text("{{")

    body = page.get_by_label("Letter")
    body.fill(body.input_value() + "\n\nHis first session is on Tuesday.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("[data-letter-body]")).to_contain_text(
        "His first session is on Tuesday."
    )
    page.get_by_role("button", name="Send by e-mail").click()
    expect(page.locator("main")).to_contain_text(
        "Letter e-mailed to officer@probation.example.org"
    )
    letter = ReferrerLetter.objects.get()
    assert letter.status == ReferrerLetter.Status.SENT
    assert "His first session is on Tuesday." in mail.outbox[0].body
    # What was sent, when and to whom, on the referral.
    expect(page.locator("main")).to_contain_text("officer@probation.example.org")


def test_manager_previews_a_letter_template(org, manager, page, sign_in):
    sign_in(manager)
    page.get_by_role("button", name="Cases").click()
    page.get_by_role("link", name="Letters to referrers").click()
    page.get_by_role("link", name="Referral declined").click()
    page.get_by_label("Letter").fill("Dear {{ referrer_name }}, not {{ man_name }}.")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("[data-preview-body]")).to_contain_text(
        "Dear A. Referrer, not Sample Person."
    )
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Letter template saved.")
