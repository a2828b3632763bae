import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participants.models import Participant
from referrals.models import Agency, Referral
from tests.participants.factories import ParticipantFactory
from tests.programmes.factories import EnrolmentFactory, GroupFactory
from tests.referrals.factories import (
    AcceptedReferralFactory,
    AgencyFactory,
    ReferralFactory,
    ScreeningReferralFactory,
)

pytestmark = pytest.mark.django_db
LONG_AGO = datetime.date(2026, 1, 5)


def _inbox(client, **params):
    return client.get(reverse("referrals:referral_list"), params)


@pytest.mark.parametrize(
    "role, status",
    [
        ("caseworker", 200),
        ("manager", 200),
        ("facilitator", 200),
        ("partner_support", 403),
        ("org_admin", 403),
    ],
)
def test_inbox_is_for_case_roles(role, status, make_user, login):
    assert _inbox(login(make_user(role))).status_code == status


def test_inbox_shows_open_referrals_with_overdue_marker(org, caseworker, login):
    ReferralFactory(organisation=org, received_on=LONG_AGO, first_name="Latecase")
    ReferralFactory(
        organisation=org, received_on=datetime.date.today(), first_name="Newcase"
    )
    AcceptedReferralFactory(organisation=org, first_name="Donecase")
    html = _inbox(login(caseworker)).content.decode()
    assert "Latecase" in html and "Newcase" in html
    assert "Donecase" not in html
    assert html.count(">Overdue<") == 1


def test_inbox_filters(org, caseworker, login):
    court = AgencyFactory(organisation=org, kind=Agency.Kind.COURT, name="Court X")
    ReferralFactory(
        organisation=org,
        agency=court,
        mandate=Referral.Mandate.COURT_MANDATED,
        first_name="Courtman",
        received_on=LONG_AGO,
    )
    ReferralFactory(
        organisation=org, first_name="Probationman", received_on=datetime.date.today()
    )
    client = login(caseworker)
    html = _inbox(client, agency=str(court.uuid)).content.decode()
    assert "Courtman" in html and "Probationman" not in html
    html = _inbox(client, mandate="court_mandated").content.decode()
    assert "Courtman" in html and "Probationman" not in html
    html = _inbox(client, overdue="on").content.decode()
    assert "Courtman" in html and "Probationman" not in html
    html = _inbox(client, status="all").content.decode()
    assert "Courtman" in html and "Probationman" in html


def test_inbox_with_a_foreign_agency_filter_is_a_400(org, other_org, caseworker, login):
    foreign = AgencyFactory(organisation=other_org)
    response = _inbox(login(caseworker), agency=str(foreign.uuid))
    assert response.status_code == 400
    assert "directory" in response.content.decode()


def test_inbox_htmx_returns_the_results_partial(org, caseworker, login):
    ReferralFactory(organisation=org, first_name="Partialman")
    response = login(caseworker).get(
        reverse("referrals:referral_list"), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Partialman" in html and "<html" not in html


def test_inbox_query_count_is_constant(org, caseworker, login):
    client = login(caseworker)
    ReferralFactory.create_batch(5, organisation=org, received_on=LONG_AGO)
    client.get(reverse("referrals:referral_list"))  # warm the session
    with CaptureQueriesContext(connection) as five:
        assert _inbox(client).status_code == 200
    ReferralFactory.create_batch(45, organisation=org, received_on=LONG_AGO)
    with CaptureQueriesContext(connection) as fifty:
        assert _inbox(client, status="all").status_code == 200
    assert len(five) == len(fifty)


def test_facilitator_sees_only_referrals_of_men_in_their_groups(org, login, make_user):
    facilitator = make_user("facilitator")
    mine = AcceptedReferralFactory(organisation=org, first_name="Groupman")
    other = AcceptedReferralFactory(organisation=org, first_name="Elsewhereman")
    group = GroupFactory(organisation=org, programme__organisation=org)
    group.facilitators.set([facilitator])
    EnrolmentFactory(organisation=org, group=group, participant=mine.participant)
    client = login(facilitator)
    html = _inbox(client, status="all").content.decode()
    assert "Groupman" in html and "Elsewhereman" not in html
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    # Read only: no decisions, and no partner details as the referrer told them.
    html = client.get(mine.get_absolute_url()).content.decode()
    assert "ex-partner" not in html


def test_another_organisations_referral_is_a_404(org, outsider, login):
    referral = ReferralFactory(organisation=org)
    client = login(outsider)
    assert client.get(referral.get_absolute_url()).status_code == 404
    response = client.post(
        reverse("referrals:referral_screen", args=[referral.uuid]), {}
    )
    assert response.status_code == 404


def _form_data(**overrides):
    data = {
        "agency": "",
        "referrer_name": "P. Officer",
        "received_on": "2026-11-20",
        "mandate": "voluntary",
        "reason": "Incident at home.",
        "first_name": "Brian",
        "last_name": "Sampleby",
        "language": "English",
    }
    data.update(overrides)
    return data


def test_referral_without_source_is_a_400_and_keeps_the_input(caseworker, login):
    url = reverse("referrals:referral_create")
    response = login(caseworker).post(url, _form_data())
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say where the referral came from" in html
    assert "Incident at home." in html  # nothing typed is lost
    assert not Referral.objects.exists()


def test_referral_from_a_foreign_agency_is_a_400(other_org, caseworker, login):
    foreign = AgencyFactory(organisation=other_org)
    response = login(caseworker).post(
        reverse("referrals:referral_create"), _form_data(agency=str(foreign.uuid))
    )
    assert response.status_code == 400
    assert not Referral.objects.exists()


def test_referral_dated_in_the_future_is_a_400(caseworker, login):
    response = login(caseworker).post(
        reverse("referrals:referral_create"),
        _form_data(is_self_referral="on", received_on="2099-01-01"),
    )
    assert response.status_code == 400
    assert "future" in response.content.decode()


def test_self_referral_is_received(caseworker, login):
    response = login(caseworker).post(
        reverse("referrals:referral_create"), _form_data(is_self_referral="on")
    )
    referral = Referral.objects.get()
    assert response.status_code == 302 and response.url == referral.get_absolute_url()
    assert referral.is_self_referral and referral.received_by == caseworker


def test_decision_without_reason_is_a_400(org, caseworker, login):
    referral = ScreeningReferralFactory(organisation=org)
    response = login(caseworker).post(
        reverse("referrals:referral_decline", args=[referral.uuid]),
        {"declined-decided_on": "2026-11-20", "declined-reason": ""},
    )
    assert response.status_code == 400
    assert "Choose a reason for this decision." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SCREENING


def test_accept_twice_is_a_409_with_a_clear_message(org, caseworker, login):
    referral = ScreeningReferralFactory(organisation=org, received_on=LONG_AGO)
    client = login(caseworker)
    url = reverse("referrals:referral_accept", args=[referral.uuid])
    data = {"accepted-decided_on": "2026-11-20", "accepted-reason": "meets_criteria"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 409
    assert "already accepted" in response.content.decode()
    assert Participant.objects.count() == 1


def test_accept_before_screening_is_a_409(org, caseworker, login):
    referral = ReferralFactory(organisation=org, received_on=LONG_AGO)
    response = login(caseworker).post(
        reverse("referrals:referral_accept", args=[referral.uuid]),
        {"accepted-decided_on": "2026-11-20", "accepted-reason": "meets_criteria"},
    )
    assert response.status_code == 409
    assert "Start screening" in response.content.decode()


def test_facilitator_cannot_decide(org, login, make_user):
    referral = ScreeningReferralFactory(organisation=org)
    response = login(make_user("facilitator")).post(
        reverse("referrals:referral_withdraw", args=[referral.uuid]), {}
    )
    assert response.status_code == 403


def test_agency_directory(org, other_org, caseworker, login):
    client = login(caseworker)
    response = client.post(
        reverse("referrals:agency_create"),
        {"kind": "marac", "name": "Demotown MARAC", "is_active": "on"},
    )
    assert response.status_code == 302
    agency = Agency.objects.get(name="Demotown MARAC")
    assert agency.organisation == org
    duplicate = client.post(
        reverse("referrals:agency_create"), {"kind": "court", "name": "demotown marac"}
    )
    assert duplicate.status_code == 400
    foreign = AgencyFactory(organisation=other_org)
    url = reverse("referrals:agency_update", args=[foreign.uuid])
    assert client.get(url).status_code == 404
    listing = client.get(reverse("referrals:agency_list")).content.decode()
    assert "Demotown MARAC" in listing


def _same_man_as(man, org):
    """A self-referral naming an open case's man, with his birth date and phone
    written differently."""
    return ScreeningReferralFactory(
        organisation=org,
        received_on=LONG_AGO,
        agency=None,
        is_self_referral=True,
        first_name=man.first_name.upper(),
        last_name=man.last_name,
        date_of_birth=man.date_of_birth,
        phone="+44 " + man.phone.lstrip("0"),
    )


def test_screening_shows_the_open_case_a_referral_may_duplicate(org, caseworker, login):
    """Issue 14 item 3: the referral's page searches like intake and shows him."""
    man = ParticipantFactory(organisation=org, phone="07700 900555")
    referral = _same_man_as(man, org)
    response = login(caseworker).get(referral.get_absolute_url())
    body = response.content.decode()
    assert "Is he already on record?" in body
    assert man.reference in body
    assert 'name="accepted-existing"' in body


def test_accepting_a_duplicate_without_a_choice_opens_no_second_case(
    org, caseworker, login
):
    man = ParticipantFactory(organisation=org, phone="07700 900555")
    referral = _same_man_as(man, org)
    response = login(caseworker).post(
        reverse("referrals:referral_accept", args=[referral.uuid]),
        {"accepted-decided_on": "2026-11-20", "accepted-reason": "meets_criteria"},
    )
    assert response.status_code == 400
    assert "Attach the referral to his open case" in response.content.decode()
    assert Participant.objects.count() == 1
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SCREENING


def test_a_re_referral_is_attached_to_his_open_case(org, caseworker, login):
    man = ParticipantFactory(organisation=org, phone="07700 900555")
    first = AcceptedReferralFactory(organisation=org, participant=man)
    referral = _same_man_as(man, org)
    response = login(caseworker).post(
        reverse("referrals:referral_accept", args=[referral.uuid]),
        {
            "accepted-decided_on": "2026-11-20",
            "accepted-reason": "meets_criteria",
            "accepted-existing": str(man.uuid),
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert referral.participant == man
    assert set(man.referrals.all()) == {first, referral}
    assert Participant.objects.count() == 1


def test_a_new_case_after_checking_the_matches(org, caseworker, login):
    man = ParticipantFactory(organisation=org, phone="07700 900555")
    referral = _same_man_as(man, org)
    response = login(caseworker).post(
        reverse("referrals:referral_accept", args=[referral.uuid]),
        {
            "accepted-decided_on": "2026-11-20",
            "accepted-reason": "meets_criteria",
            "accepted-not_a_duplicate": "on",
        },
    )
    assert response.status_code == 302
    assert Participant.objects.count() == 2


def test_a_case_reference_typed_at_screening_is_searched_too(org, caseworker, login):
    man = ParticipantFactory(organisation=org)
    referral = ScreeningReferralFactory(organisation=org, received_on=LONG_AGO)
    client = login(caseworker)
    assert man.reference not in client.get(referral.get_absolute_url()).content.decode()
    url = referral.get_absolute_url() + f"?reference={man.reference.lower()}"
    assert man.reference in client.get(url).content.decode()
