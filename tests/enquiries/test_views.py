"""The enquiries queue: who sees it, recording, editing, first contact, linking,
bad input, the worklist panel, and query counts that stay flat."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessLog
from enquiries.models import Enquiry
from partner_contact.models import Partner
from tests.enquiries.factories import (
    ClosedEnquiryFactory,
    ContactedEnquiryFactory,
    EnquiryFactory,
)
from tests.participants.factories import ParticipantFactory
from tests.partner_contact.factories import PartnerFactory


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def enquiry(org, partner_worker):
    return EnquiryFactory(
        organisation=org,
        assigned_to=partner_worker,
        received_at=timezone.now() - datetime.timedelta(hours=2),
        name="Viewname (fictional)",
    )


@pytest.mark.parametrize("role", ["facilitator", "caseworker", "org_admin"])
def test_outside_the_firewall_every_page_is_a_404(login, request, enquiry, role):
    client = login(request.getfixturevalue(role))
    for url in (
        reverse("enquiries:list"),
        reverse("enquiries:create"),
        reverse("enquiries:detail", args=[enquiry.uuid]),
        reverse("enquiries:update", args=[enquiry.uuid]),
        reverse("enquiries:link", args=[enquiry.uuid]),
    ):
        assert client.get(url).status_code == 404, url


def test_another_organisations_enquiry_is_a_404(login, outsider, enquiry):
    response = login(outsider).get(reverse("enquiries:detail", args=[enquiry.uuid]))
    assert response.status_code == 404


def test_the_queue_lists_the_longest_waiting_first(login, partner_worker, org):
    late = EnquiryFactory(
        organisation=org,
        name="Latecomer (fictional)",
        first_contact_due=timezone.localdate() - datetime.timedelta(days=2),
    )
    EnquiryFactory(organisation=org, name="Newcomer (fictional)")
    ClosedEnquiryFactory(organisation=org, name="Closedone (fictional)")
    response = login(partner_worker).get(reverse("enquiries:list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index(late.name) < body.index("Newcomer")
    assert "Closedone" not in body
    assert "overdue" in body
    # Her words are never on the list.
    assert "ENQUIRY-WORDS" not in body
    closed = login(partner_worker).get(reverse("enquiries:list") + "?show=closed")
    assert "Closedone" in closed.content.decode()


def test_a_bad_list_filter_is_a_400(login, manager):
    response = login(manager).get(reverse("enquiries:list") + "?show=nonsense")
    assert response.status_code == 400


def test_the_queue_costs_the_same_queries_as_enquiries_grow(login, partner_worker, org):
    client = login(partner_worker)
    client.get(reverse("enquiries:list"))  # the session and permissions, once

    def count(n):
        EnquiryFactory.create_batch(n, organisation=org, assigned_to=partner_worker)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("enquiries:list")).status_code == 200
        return len(queries)

    assert count(2) == count(30)


def test_recording_an_enquiry(login, partner_worker, org):
    response = login(partner_worker).post(
        reverse("enquiries:create"),
        {
            "received_at": local(timezone.now() - datetime.timedelta(minutes=30)),
            "contacted": "on",
            "channel": "phone",
            "name": "Recorded (fictional)",
            "reach_by": "phone",
            "phone": "07700 900555",
            "safe_times": "Tuesdays",
            "concerns": "He checks her phone (fictional)",
            "offered_information": "on",
            "offered_programme_for_him": "on",
            "assigned_to": partner_worker.pk,
        },
    )
    enquiry = Enquiry.objects.get(name="Recorded (fictional)")
    assert response.status_code == 302
    assert response["Location"] == enquiry.get_absolute_url()
    assert enquiry.first_contact_at is not None
    assert enquiry.offered_information and enquiry.offered_programme_for_him
    assert enquiry.organisation == org


def test_bad_input_is_a_400_and_saves_nothing(login, partner_worker):
    response = login(partner_worker).post(
        reverse("enquiries:create"),
        {
            "received_at": local(timezone.now() + datetime.timedelta(days=2)),
            "channel": "public_page",
            "name": "",
            "phone": "not a number",
            "follow_up_on": "2001-01-01",
        },
    )
    assert response.status_code == 400
    assert not Enquiry.objects.exists()


def test_managers_read_but_do_not_write(login, manager, enquiry):
    client = login(manager)
    assert client.get(enquiry.get_absolute_url()).status_code == 200
    assert client.get(reverse("enquiries:create")).status_code == 403
    assert (
        client.get(reverse("enquiries:update", args=[enquiry.uuid])).status_code == 403
    )


def test_reading_an_enquiry_is_logged(login, partner_worker, enquiry):
    response = login(partner_worker).get(enquiry.get_absolute_url())
    assert "ENQUIRY-WORDS" in response.content.decode()
    assert AccessLog.objects.filter(
        user=partner_worker, object_uuid=enquiry.uuid, action="view"
    ).exists()


def test_recording_the_first_contact(login, partner_worker, enquiry):
    response = login(partner_worker).post(
        reverse("enquiries:first_contact", args=[enquiry.uuid]),
        {"at": local(timezone.now() - datetime.timedelta(minutes=5))},
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.first_contact_at is not None


def test_a_first_contact_in_the_future_is_refused(login, partner_worker, enquiry):
    response = login(partner_worker).post(
        reverse("enquiries:first_contact", args=[enquiry.uuid]),
        {"at": local(timezone.now() + datetime.timedelta(days=1))},
    )
    assert response.status_code == 400
    enquiry.refresh_from_db()
    assert enquiry.first_contact_at is None


def test_closing_without_an_outcome_is_refused_then_done(
    login, partner_worker, enquiry
):
    client = login(partner_worker)
    url = reverse("enquiries:update", args=[enquiry.uuid])
    data = {"channel": "phone", "name": enquiry.name, "close": "on"}
    assert client.post(url, data).status_code == 400
    enquiry.refresh_from_db()
    assert enquiry.closed_at is None
    # A refused form loses nothing already saved.
    assert enquiry.concerns.startswith("ENQUIRY-WORDS")
    response = client.post(url, {**data, "outcome": "declined"})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.closed_at is not None
    reopened = client.post(reverse("enquiries:reopen", args=[enquiry.uuid]))
    assert reopened.status_code == 302
    assert (
        client.post(reverse("enquiries:reopen", args=[enquiry.uuid])).status_code == 409
    )


def test_linking_to_his_case_opens_her_record(login, partner_worker, org, enquiry):
    man = ParticipantFactory(organisation=org, reference="T26-77777")
    response = login(partner_worker).post(
        reverse("enquiries:link", args=[enquiry.uuid]),
        {"reference": "t26-77777", "kind": "ex_partner", "existing": ""},
    )
    partner = Partner.objects.get(name="Viewname (fictional)")
    assert response.status_code == 302
    assert response["Location"] == partner.get_absolute_url()
    assert partner.relationships.get().participant == man


def test_linking_offers_women_of_the_same_name(login, partner_worker, org, enquiry):
    same = PartnerFactory(organisation=org, name="Viewname (fictional)", area="Town")
    client = login(partner_worker)
    page = client.get(reverse("enquiries:link", args=[enquiry.uuid]))
    assert "Viewname (fictional), Town" in page.content.decode()
    response = client.post(
        reverse("enquiries:link", args=[enquiry.uuid]),
        {"reference": "", "kind": "current_partner", "existing": str(same.uuid)},
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.partner == same


def test_an_unknown_case_reference_is_a_400(login, partner_worker, enquiry):
    response = login(partner_worker).post(
        reverse("enquiries:link", args=[enquiry.uuid]),
        {"reference": "NOPE-1", "kind": "current_partner"},
    )
    assert response.status_code == 400
    assert not Partner.objects.exists()


def test_the_worklist_shows_the_enquiries_panel(login, partner_worker, org):
    EnquiryFactory(
        organisation=org,
        name="Panelname (fictional)",
        first_contact_due=timezone.localdate() - datetime.timedelta(days=1),
    )
    ContactedEnquiryFactory(organisation=org, name="Contacted (fictional)")
    body = (
        login(partner_worker).get(reverse("partner_contact:worklist")).content.decode()
    )
    assert "Panelname" in body
    assert "Contacted (fictional)" not in body
    assert "1 past its first-contact deadline" in body


def test_the_worklist_panel_costs_the_same_queries_as_enquiries_grow(
    login, partner_worker, org
):
    client = login(partner_worker)
    client.get(reverse("partner_contact:worklist"))  # the session, permissions

    def count(n):
        EnquiryFactory.create_batch(n, organisation=org)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("partner_contact:worklist")).status_code == 200
        return len(queries)

    assert count(2) == count(25)


def test_the_organisation_administrator_turns_the_public_page_on(login, org_admin):
    client = login(org_admin)
    url = reverse("accounts:organisation_settings")
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.pop("require_two_factor", None)
    data.update(public_contact_slug="our-contact", enquiry_first_contact_working_days=0)
    assert client.post(url, data).status_code == 400
    data["enquiry_first_contact_working_days"] = 2
    assert client.post(url, data).status_code == 302
    org_admin.organisation.refresh_from_db()
    assert org_admin.organisation.public_contact_slug == "our-contact"
    assert org_admin.organisation.enquiry_first_contact_working_days == 2
    page = client.get(reverse("enquiries:public_contact", args=["our-contact"]))
    assert page.status_code == 200
