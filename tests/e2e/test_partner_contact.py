"""A partner-support worker's day in the browser: worklist, a contact, a
separation, and a sanitised risk note that the man's caseworker then sees without
anything that identifies her."""

import datetime

import pytest
from django.utils import timezone

from participants.models import Participant
from partner_contact.models import PartnerContact, Relationship
from tests.participants.factories import ParticipantFactory
from tests.partner_contact.factories import PartnerFactory, RelationshipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_worklist_log_a_contact_and_record_a_separation(
    org, partner_worker, page, sign_in
):
    man = ParticipantFactory(
        organisation=org, status=Participant.Status.REFERRED, reference="P26-00901"
    )
    partner = PartnerFactory(
        organisation=org,
        name="Journey Demoson",
        partner_support_worker=partner_worker,
        safe_channels=["phone"],
        safe_weekdays=[],
        phone="07700 900123",
    )
    relationship = RelationshipFactory(
        partner=partner,
        participant=man,
        linked_on=timezone.localdate() - datetime.timedelta(days=4),
    )
    sign_in(partner_worker)

    # The worklist, from the navigation: she is waiting for a first contact.
    page.get_by_role("button", name="Partners").click()
    page.get_by_role("link", name="Partner worklist").click()
    awaiting = page.locator(
        "section",
        has=page.get_by_role(
            "heading",
            name="Offer contact: newly linked, or he has started since her last "
            "contact (1)",
        ),
    )
    assert "Journey Demoson" in awaiting.inner_text()
    assert "4 days" in awaiting.inner_text()
    awaiting.get_by_role("link", name="Log contact").click()

    # One form: a proactive phone call in which she spoke.
    page.get_by_label("Outcome").select_option("spoke")
    page.get_by_label("Safety check done").check()
    page.get_by_label("Programme aims and limits").check()
    page.get_by_label("Summary").fill("Explained the programme; she will call back.")
    assert not page.get_by_label("Date of the separation (if ticked)").is_visible()
    page.get_by_role("button", name="Save contact").click()
    assert "Contact logged." in page.locator("main").inner_text()
    contact = PartnerContact.objects.get()
    assert contact.contact_made and contact.safety_check_done
    assert contact.relationship == relationship

    # Back on her page, the separation is recorded from the linked case.
    page.get_by_role("link", name="Back to Journey Demoson").click()
    page.get_by_role("link", name="Record separation from case P26-00901").click()
    page.get_by_label("Date").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Record separation").click()
    assert "Separation recorded" in page.locator("main").inner_text()
    assert "Separated since" in page.locator("main").inner_text()
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.SEPARATED

    # She is now in a period of increased risk, but was contacted this week.
    page.get_by_role("button", name="Partners").click()
    page.get_by_role("link", name="Partner worklist").click()
    assert (
        "Offer contact: newly linked, or he has started since her last contact (0)"
        in page.locator("main").inner_text()
    )

    # From the contact, she shares what the programme needs, in her own words.
    page.goto(contact.get_absolute_url())
    page.get_by_role("link", name="Share with the programme").click()
    page.get_by_label("Severity").select_option("concern")
    page.get_by_label("What the programme should know, in your words").fill(
        "Recent separation; please watch for anger about child contact."
    )
    page.get_by_role("button", name="Share as a risk note").click()
    assert "Shared with the programme" in page.locator("main").inner_text()

    # His caseworker reads the note on the case file, without her name or number.
    page.context.clear_cookies()
    sign_in(man.caseworker)
    page.goto(man.get_absolute_url())
    case_file = page.locator("main").inner_text()
    assert "please watch for anger about child contact" in case_file
    assert "Journey Demoson" not in page.content()
    assert "07700 900123" not in page.content()
