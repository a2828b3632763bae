"""A caseworker's referral journey: receive, screen, accept, refer onward."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from participants.models import Participant
from referrals.models import Agency, InformationShare, OnwardReferral, Referral
from tests.referrals.factories import AgencyFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_caseworker_receives_screens_accepts_and_refers_to_the_conference(
    org, caseworker, page, sign_in
):
    court = AgencyFactory(
        organisation=org, kind=Agency.Kind.COURT, name="Demotown Court (fictional)"
    )
    AgencyFactory(
        organisation=org, kind=Agency.Kind.MARAC, name="Demoshire MARAC (fictional)"
    )
    sign_in(caseworker)

    # The inbox, through the navigation.
    page.get_by_role("button", name="Cases").click()
    page.get_by_role("link", name="Referrals in").click()
    page.get_by_role("link", name="Record a referral").click()

    # Receive it. (Bad input answers 400, which the page fixture counts as a
    # console error; tests/referrals/test_views.py covers it instead.)
    page.get_by_label("His first name").fill("Edward")
    page.get_by_label("His last name").fill("Testwell")
    page.get_by_label("Reason for the referral").fill("Assault on his partner.")
    page.get_by_label("Referring agency").select_option(label=f"{court.name} (Court)")
    page.get_by_label("Mandate").select_option("court_mandated")
    page.get_by_label("Date of birth").fill("1987-04-12")
    page.get_by_label("Phone").fill("07700 900777")
    page.get_by_label("Language").fill("Welsh")
    page.get_by_role("button", name="Save").click()
    assert "Referral of Edward Testwell received" in page.locator("main").inner_text()

    # Screen, then accept.
    page.get_by_role("button", name="Start screening").click()
    assert "Screening started" in page.locator("main").inner_text()
    page.locator("#id_accepted-reason").select_option("court_order")
    page.get_by_role("button", name="Accept the referral").click()
    main = page.locator("main").inner_text()
    assert "Referral accepted" in main
    assert "Edward Testwell's case is open as P26-" in main

    referral = Referral.objects.get()
    man = Participant.objects.get()
    assert referral.status == Referral.Status.ACCEPTED and referral.participant == man
    assert (man.first_name, man.last_name, man.phone, man.language) == (
        "Edward",
        "Testwell",
        "07700 900777",
        "Welsh",
    )
    assert man.date_of_birth == datetime.date(1987, 4, 12)
    assert man.caseworker == caseworker
    assert man.reference in main

    # His case file shows what the referral told us.
    page.get_by_role("link", name="Open Edward Testwell's case file").click()
    assert "Edward" in page.locator("main").inner_text()
    assert "07700 900777" in page.locator("main").inner_text()

    # Later: refer him to the multi-agency risk conference, with a legal basis,
    # from his case file.
    page.get_by_role("link", name="Refer to the risk conference").click()
    assert page.get_by_label("Agency").input_value() != ""
    page.get_by_label("Reason for the referral").fill("Threats to kill disclosed.")
    page.get_by_label("What was shared").fill("Risk summary and attendance.")
    page.get_by_label("Criterion").select_option("professional_judgement")
    page.get_by_label("Professional judgement").fill("Threats to kill in session.")
    page.get_by_label("Legal basis").select_option("vital_interests")
    page.get_by_label("Reason for sharing without consent").fill(
        "Asking him would raise the risk to her."
    )
    page.get_by_role("button", name="Make the referral").click()
    main = page.locator("main").inner_text()
    assert "Multi-agency risk conference referral" in main
    assert "added to the information-sharing log" in main

    onward = OnwardReferral.objects.get()
    assert (onward.participant, onward.kind, onward.legal_basis) == (
        man,
        "marac",
        "vital_interests",
    )
    assert InformationShare.objects.get().onward_referral == onward


def test_manager_filters_the_inbox_and_opens_the_funnel(org, manager, page, sign_in):
    from tests.referrals.factories import AcceptedReferralFactory, ReferralFactory

    ReferralFactory(
        organisation=org, first_name="Lateman", received_on=datetime.date(2026, 1, 5)
    )
    AcceptedReferralFactory(organisation=org, first_name="Doneman")
    sign_in(manager)
    page.goto(reverse("referrals:referral_list"))
    results = page.locator("#referral-results")
    assert "Lateman" in results.inner_text() and "Overdue" in results.inner_text()
    assert "Doneman" not in results.inner_text()
    # Changing a filter swaps the results in place (HTMX) and keeps the URL.
    page.get_by_label("Status").select_option("accepted")
    expect(results).to_contain_text("Doneman")
    expect(results).not_to_contain_text("Lateman")
    page.wait_for_url("**status=accepted**")
    page.goto(reverse("referrals:referral_funnel"))
    assert "Referral funnel" in page.locator("h1").inner_text()
