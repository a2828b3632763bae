"""Complaints and compliments: the deadline in working days with holidays, the
firewall for complaints about partner support or from her, the pages, counts."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import AccessLog, PublicHoliday
from complaints.models import Complaint
from tests.complaints.factories import (
    ComplaintFactory,
    ComplimentFactory,
    PartnerServiceComplaintFactory,
)
from tests.participants.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

LIST = reverse("complaints:complaint_list")
CREATE = reverse("complaints:complaint_create")


def test_deadline_counts_working_days_and_skips_holidays(org):
    """Received Monday 2 Nov 2026 with 5 working days: due Monday 9 Nov; a
    holiday on Wednesday 4 Nov moves it to Tuesday 10 Nov."""
    org.complaint_response_working_days = 5
    org.save()
    assert ComplaintFactory(organisation=org).response_due_on == datetime.date(
        2026, 11, 9
    )
    PublicHoliday.objects.create(
        organisation=org, date=datetime.date(2026, 11, 4), name="Founders' day"
    )
    complaint = ComplaintFactory(organisation=org)
    assert complaint.response_due_on == datetime.date(2026, 11, 10)
    assert not complaint.is_overdue_on(datetime.date(2026, 11, 10))
    assert complaint.is_overdue_on(datetime.date(2026, 11, 11))
    assert Complaint.objects.overdue(datetime.date(2026, 11, 10)).count() == 1
    assert Complaint.objects.overdue(datetime.date(2026, 11, 11)).count() == 2


def test_compliment_has_no_deadline(org):
    assert ComplimentFactory(organisation=org).response_due_on is None
    assert not Complaint.objects.overdue(datetime.date(2027, 1, 1)).exists()


def test_answered_complaint_is_not_overdue(org):
    complaint = ComplaintFactory(
        organisation=org, responded_on=datetime.date(2026, 11, 20)
    )
    assert not complaint.is_overdue_on(datetime.date(2027, 1, 1))
    assert not Complaint.objects.overdue(datetime.date(2027, 1, 1)).exists()


def test_caseworker_records_a_complaint(login, caseworker, org):
    org.complaint_response_working_days = 20
    org.save()
    man = ParticipantFactory(organisation=org, caseworker=caseworker)
    response = login(caseworker).post(
        CREATE,
        {
            "kind": "complaint",
            "source": "man",
            "summary": "Facilitator was late twice",
            "details": "He waited outside both times.",
            "received_on": "2026-11-02",
            "reference": man.reference,
        },
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.participant == man
    assert complaint.recorded_by == caseworker
    assert complaint.response_due_on == datetime.date(2026, 11, 30)
    assert response.url == complaint.get_absolute_url()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"received_on": "2099-01-01"}, "received_on"),
        ({"acknowledged_on": "2026-10-01"}, "acknowledged_on"),
        ({"outcome": "upheld"}, "responded_on"),
        ({"reference": "NOPE-1"}, "reference"),
        ({"source": "agency"}, "agency"),
        ({"received_on": "not a date"}, "received_on"),
    ],
)
def test_bad_input_is_refused_with_a_message(login, caseworker, data, field):
    base = {
        "kind": "complaint",
        "source": "public",
        "summary": "Noise",
        "received_on": "2026-11-02",
    }
    response = login(caseworker).post(CREATE, {**base, **data})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Complaint.objects.exists()


def test_partner_service_complaints_stay_behind_the_firewall(
    login, caseworker, facilitator, partner_worker, manager, org
):
    hidden = PartnerServiceComplaintFactory(organisation=org)
    from_her = ComplaintFactory(organisation=org, source=Complaint.Source.WOMAN)
    open_one = ComplaintFactory(organisation=org)
    caseworker_list = login(caseworker).get(LIST).content.decode()
    assert open_one.summary in caseworker_list
    assert hidden.summary not in caseworker_list
    assert from_her.summary not in caseworker_list
    for complaint in (hidden, from_her):
        url = reverse("complaints:complaint_detail", args=[complaint.uuid])
        assert login(caseworker).get(url).status_code == 404
        assert login(facilitator).get(url).status_code == 403
        assert login(partner_worker).get(url).status_code == 200
        assert login(manager).get(url).status_code == 200
    assert AccessLog.objects.filter(object_uuid=hidden.uuid).exists()
    assert hidden.summary in login(partner_worker).get(LIST).content.decode()


def test_caseworker_recording_a_partner_service_complaint_is_told(login, caseworker):
    response = login(caseworker).post(
        CREATE,
        {
            "kind": "complaint",
            "source": "public",
            "about_partner_service": "on",
            "summary": "About the partner line",
            "received_on": "2026-11-02",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "only partner-support workers and managers" in response.content.decode()
    assert Complaint.objects.get().is_behind_firewall


def test_outsider_gets_404(login, outsider, org):
    complaint = ComplaintFactory(organisation=org)
    client = login(outsider)
    assert (
        client.get(
            reverse("complaints:complaint_detail", args=[complaint.uuid])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("complaints:complaint_update", args=[complaint.uuid])
        ).status_code
        == 404
    )
    assert complaint.summary not in client.get(LIST).content.decode()


def test_answering_a_complaint(login, manager, org):
    complaint = ComplaintFactory(organisation=org)
    response = login(manager).post(
        reverse("complaints:complaint_update", args=[complaint.uuid]),
        {
            "kind": "complaint",
            "source": "man",
            "summary": complaint.summary,
            "received_on": "2026-11-02",
            "acknowledged_on": "2026-11-03",
            "responded_on": "2026-11-12",
            "outcome": "partly_upheld",
            "learning": "Tell the group of room changes a week ahead.",
            "handled_by": str(manager.uuid),
        },
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.outcome == "partly_upheld"
    assert complaint.handled_by == manager
    assert not complaint.is_open


def test_list_filters(login, manager, org):
    late = ComplaintFactory(
        organisation=org, summary="Late one", received_on=datetime.date(2026, 9, 1)
    )
    ComplaintFactory(
        organisation=org,
        summary="Answered one",
        responded_on=datetime.date(2026, 11, 5),
        outcome="upheld",
    )
    ComplimentFactory(organisation=org, summary="Kind words")
    client = login(manager)
    page = client.get(LIST, {"status": "overdue"}).content.decode()
    assert late.summary in page
    assert "Answered one" not in page
    assert "Kind words" not in page
    page = client.get(LIST, {"kind": "compliment"}).content.decode()
    assert "Kind words" in page and "Late one" not in page
    page = client.get(LIST, {"outcome": "upheld"}).content.decode()
    assert "Answered one" in page and "Late one" not in page
    bad = client.get(LIST, {"received_from": "2026-12-01", "received_to": "2026-11-01"})
    assert bad.status_code == 400
    assert client.get(LIST, {"received_from": "yesterday"}).status_code == 400


def test_list_query_count_is_constant(
    login, manager, org, django_assert_max_num_queries
):
    client = login(manager)
    ComplaintFactory(organisation=org, handled_by=manager)
    client.get(LIST)
    with django_assert_max_num_queries(12) as few:
        client.get(LIST)
    before = len(few.captured_queries)
    ComplaintFactory.create_batch(8, organisation=org, handled_by=manager)
    PartnerServiceComplaintFactory.create_batch(3, organisation=org)
    with django_assert_max_num_queries(before):
        client.get(LIST)


def test_counts_for_the_report(org, other_org):
    """Received between two dates, both included; by source and by outcome."""
    ComplaintFactory(organisation=org, received_on=datetime.date(2026, 9, 30))
    ComplaintFactory(
        organisation=org,
        received_on=datetime.date(2026, 7, 1),
        responded_on=datetime.date(2026, 7, 10),
        outcome="upheld",
    )
    ComplimentFactory(organisation=org, received_on=datetime.date(2026, 8, 15))
    ComplaintFactory(organisation=org, received_on=datetime.date(2026, 10, 1))
    ComplaintFactory(organisation=other_org, received_on=datetime.date(2026, 8, 1))
    quarter = Complaint.objects.filter(organisation=org).received_between(
        datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)
    )
    assert quarter.count() == 3
    assert quarter.complaints().counts_by_source() == {"man": 2}
    assert quarter.compliments().counts_by_source() == {"agency": 1}
    assert quarter.complaints().counts_by_outcome() == {"": 1, "upheld": 1}
