"""Recording a request: its due date, bad input, who may record and see it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from data_rights.models import RightsRequest
from data_rights.services import one_month_after
from tests.data_rights.factories import RightsRequestFactory
from tests.participants.factories import ParticipantFactory
from tests.partner_contact.factories import PartnerFactory


def test_one_month_is_the_same_day_next_month_or_its_last_day():
    assert one_month_after(datetime.date(2026, 3, 14)) == datetime.date(2026, 4, 14)
    assert one_month_after(datetime.date(2026, 1, 31)) == datetime.date(2026, 2, 28)
    assert one_month_after(datetime.date(2028, 1, 31)) == datetime.date(2028, 2, 29)
    assert one_month_after(datetime.date(2026, 12, 5)) == datetime.date(2027, 1, 5)


def _create_url(man):
    return reverse("data_rights:request_create", args=["man", man.uuid])


def test_a_manager_records_a_request_due_in_one_month(login, manager, man):
    today = datetime.date.today()
    response = login(manager).post(
        _create_url(man),
        {"kind": "access", "received_on": today.isoformat(), "identity_checked": "on"},
    )
    request = RightsRequest.objects.get()
    assert response.status_code == 302
    assert response.url == request.get_absolute_url()
    assert request.due_on == one_month_after(today)
    assert request.identity_checked and request.identity_checked_by == manager
    assert request.recorded_by == manager
    assert request.status == RightsRequest.Status.RECEIVED


def test_a_due_date_in_the_past_is_refused_with_a_message(login, manager, man):
    today = datetime.date.today()
    response = login(manager).post(
        _create_url(man),
        {
            "kind": "access",
            "received_on": (today - datetime.timedelta(days=3)).isoformat(),
            "due_on": (today - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "which has passed" in response.content.decode()
    assert not RightsRequest.objects.exists()


def test_a_request_received_long_ago_would_be_overdue_and_is_refused(
    login, manager, man
):
    received = datetime.date.today() - datetime.timedelta(days=60)
    response = login(manager).post(
        _create_url(man), {"kind": "erasure", "received_on": received.isoformat()}
    )
    assert response.status_code == 400
    assert not RightsRequest.objects.exists()


def test_a_request_received_in_the_future_is_refused(login, manager, man):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = login(manager).post(
        _create_url(man), {"kind": "access", "received_on": tomorrow.isoformat()}
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()


def test_a_person_of_another_organisation_is_not_found(login, outsider, man):
    response = login(outsider).post(
        _create_url(man),
        {"kind": "access", "received_on": datetime.date.today().isoformat()},
    )
    assert response.status_code == 404
    assert not RightsRequest.objects.exists()


def test_a_subject_other_than_a_man_or_a_woman_is_not_found(login, manager, man):
    url = reverse("data_rights:request_create", args=["child", man.uuid])
    assert login(manager).get(url).status_code == 404


def test_a_woman_of_another_organisation_is_not_found(login, outsider, org):
    woman = PartnerFactory(organisation=org)
    response = login(outsider).get(
        reverse("data_rights:request_create", args=["woman", woman.uuid])
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "role", ["facilitator", "caseworker", "partner_worker", "org_admin"]
)
def test_only_managers_record_and_see_requests(request, login, man, role):
    user = request.getfixturevalue(role)
    rights_request = RightsRequestFactory(participant=man)
    client = login(user)
    assert client.get(_create_url(man)).status_code == 403
    assert client.get(rights_request.get_absolute_url()).status_code == 403
    assert client.get(reverse("data_rights:request_list")).status_code == 403


def test_another_organisations_request_is_not_found(login, outsider, man):
    rights_request = RightsRequestFactory(participant=man)
    assert login(outsider).get(rights_request.get_absolute_url()).status_code == 404


def test_the_list_shows_open_requests_by_due_date_and_flags_the_late(
    login, manager, man, org
):
    today = datetime.date.today()
    late = RightsRequestFactory(
        participant=man,
        received_on=today - datetime.timedelta(days=40),
        due_on=today - datetime.timedelta(days=1),
    )
    RightsRequestFactory(participant=ParticipantFactory(organisation=org))
    body = login(manager).get(reverse("data_rights:request_list")).content.decode()
    assert late.reference in body
    assert "overdue" in body


def test_the_list_costs_the_same_queries_with_more_requests(login, manager, org):
    client = login(manager)
    RightsRequestFactory(participant=ParticipantFactory(organisation=org))
    client.get(reverse("data_rights:request_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("data_rights:request_list"))
    for _ in range(8):
        RightsRequestFactory(participant=ParticipantFactory(organisation=org))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("data_rights:request_list"))
    assert len(many) == len(few)
