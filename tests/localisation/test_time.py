"""Each organisation in its own time: dates, detectors, the time zone page."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from accounts.calendar import organisations_by_local_date
from accounts.models import PublicHoliday, User
from localisation.middleware import OrganisationTimeZoneMiddleware
from risk import services
from risk.models import RiskEvent
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.participants.factories import ParticipantFactory
from tests.referrals.factories import ReferralFactory
from tests.risk.factories import HighRiskAssessmentFactory

# 23:30 in London on 10 March is already 12:30 on 11 March in Auckland.
LATE_EVENING = datetime.datetime(2026, 3, 10, 23, 30, tzinfo=datetime.UTC)


@pytest.fixture
def london(db):
    return OrganisationFactory(
        name="London Programme (fictional)", time_zone="Europe/London"
    )


@pytest.fixture
def auckland(db):
    return OrganisationFactory(
        name="Auckland Programme (fictional)", time_zone="Pacific/Auckland"
    )


def test_each_organisation_is_on_its_own_date_at_half_past_eleven(london, auckland):
    days = organisations_by_local_date(LATE_EVENING)
    assert london.pk in days[datetime.date(2026, 3, 10)]
    assert auckland.pk in days[datetime.date(2026, 3, 11)]


def test_a_detector_run_at_midnight_sees_each_organisations_today(london, auckland):
    """A review due on 10 March is overdue in Auckland (already the 11th) and not
    yet in London (still the 10th), in one run at 23:30 UTC."""
    due = datetime.date(2026, 3, 10)
    in_london = HighRiskAssessmentFactory(
        participant=ParticipantFactory(organisation=london),
        assessed_on=datetime.date(2026, 2, 10),
        next_review_on=due,
    )
    in_auckland = HighRiskAssessmentFactory(
        participant=ParticipantFactory(organisation=auckland),
        assessed_on=datetime.date(2026, 2, 10),
        next_review_on=due,
    )
    services.run_detectors(
        at=LATE_EVENING, names={"detect_overdue_reviews"}, deliver=False
    )
    overdue = RiskEvent.objects.filter(kind=RiskEvent.Kind.REVIEW_OVERDUE)
    assert overdue.filter(participant=in_auckland.participant).count() == 1
    assert not overdue.filter(participant=in_london.participant).exists()
    # An hour later London's day has turned too; Auckland's event is not doubled.
    services.run_detectors(
        at=LATE_EVENING + datetime.timedelta(hours=1),
        names={"detect_overdue_reviews"},
        deliver=False,
    )
    assert overdue.filter(participant=in_london.participant).count() == 1
    assert overdue.filter(participant=in_auckland.participant).count() == 1


def test_the_middleware_puts_the_organisations_clock_on_the_request(auckland):
    user = UserFactory(role=User.Role.CASEWORKER, organisation=auckland)
    request = RequestFactory().get("/")
    request.user = user
    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()
        return None

    OrganisationTimeZoneMiddleware(view)(request)
    assert seen["zone"] == "Pacific/Auckland"
    # Not carried into the next request of the same thread.
    assert timezone.get_current_timezone_name() != "Pacific/Auckland"


def test_referral_screening_skips_the_organisations_holidays(london):
    """Received on Thursday 2 April with two working days to screen: Good Friday
    and Easter Monday are holidays, so it is due on Wednesday 8 April (Monday 6
    without them), and overdue only from Thursday 9."""
    london.referral_screening_days = 2
    london.save()
    for day in (datetime.date(2026, 4, 3), datetime.date(2026, 4, 6)):
        PublicHoliday.objects.create(organisation=london, date=day, name="Holiday")
    referral = ReferralFactory(
        organisation=london, received_on=datetime.date(2026, 4, 2)
    )
    queryset = type(referral).objects.filter(pk=referral.pk)
    assert not queryset.overdue(datetime.date(2026, 4, 8)).exists()
    assert queryset.overdue(datetime.date(2026, 4, 9)).exists()


# The page --------------------------------------------------------------------


def test_the_administrator_sets_the_time_zone(login, org_admin):
    response = login(org_admin).post(
        "/organisation/time/", {"time_zone": "Pacific/Auckland"}
    )
    assert response.status_code == 302
    org_admin.organisation.refresh_from_db()
    assert org_admin.organisation.time_zone == "Pacific/Auckland"


def test_an_unknown_time_zone_is_refused_with_a_message(login, manager):
    response = login(manager).post(
        "/organisation/time/", {"time_zone": "Europe/Atlantis"}
    )
    assert response.status_code == 400
    assert "is not a known time zone" in response.content.decode()
    manager.organisation.refresh_from_db()
    assert manager.organisation.time_zone == "Europe/London"


def test_holidays_are_added_once_and_removed(login, manager):
    client = login(manager)
    data = {"date": "2026-12-25", "name": "Christmas Day"}
    assert client.post("/organisation/time/holidays/", data).status_code == 302
    again = client.post("/organisation/time/holidays/", data)
    assert again.status_code == 400
    assert "already a public holiday" in again.content.decode()
    assert PublicHoliday.objects.filter(organisation=manager.organisation).count() == 1
    page = client.get("/organisation/time/")
    assert "Christmas Day" in page.content.decode()
    removed = client.post("/organisation/time/holidays/remove/", {"date": "2026-12-25"})
    assert removed.status_code == 302
    assert not PublicHoliday.objects.filter(organisation=manager.organisation).exists()


def test_a_bad_holiday_date_is_refused(login, manager):
    client = login(manager)
    response = client.post(
        "/organisation/time/holidays/", {"date": "31/02", "name": "x"}
    )
    assert response.status_code == 400
    gone = client.post("/organisation/time/holidays/remove/", {"date": "not-a-date"})
    assert gone.status_code == 404


def test_another_organisations_holiday_cannot_be_removed(login, manager, other_org):
    PublicHoliday.objects.create(
        organisation=other_org, date=datetime.date(2026, 5, 1), name="Theirs"
    )
    response = login(manager).post(
        "/organisation/time/holidays/remove/", {"date": "2026-05-01"}
    )
    assert response.status_code == 404
    assert PublicHoliday.objects.filter(organisation=other_org).exists()


@pytest.mark.parametrize("role", ["facilitator", "caseworker", "partner_support"])
def test_case_workers_cannot_change_the_time(login, make_user, role):
    user = make_user(role)
    assert login(user).get("/organisation/time/").status_code == 403
