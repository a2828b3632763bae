"""Session pages beyond the register: what may not be recorded, scoping, query
counts, one-to-ones, cancelling, and a facilitator's own sessions."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programmes.models import Attendance, Session
from tests.participants.factories import ParticipantFactory
from tests.programmes.factories import (
    AttendanceFactory,
    CancelledSessionFactory,
    EnrolmentFactory,
    GroupFactory,
    OneToOneSessionFactory,
    ProgrammeFactory,
    SessionFactory,
)
from tests.programmes.registers import enrol, form_data, row_values, today_session

pytestmark = pytest.mark.django_db
A = Attendance.Status


def test_cancelled_or_future_sessions_take_no_attendance(login, facilitator, group):
    man = enrol(group, 1)[0]
    client = login(facilitator)
    for session in [
        CancelledSessionFactory(group=group, date=timezone.localdate()),
        SessionFactory(
            group=group, date=timezone.localdate() + datetime.timedelta(days=7)
        ),
    ]:
        response = client.post(
            session.get_absolute_url(),
            form_data(session, [man], {man: row_values(A.PRESENT)}),
        )
        assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_facilitator_cannot_open_another_groups_session(login, facilitator, org):
    other = GroupFactory(programme=ProgrammeFactory(organisation=org))
    session = today_session(other)
    client = login(facilitator)
    assert client.get(session.get_absolute_url()).status_code == 404
    assert client.post(session.get_absolute_url(), {}).status_code == 404


def test_another_organisations_session_is_a_404(login, outsider, group):
    session = today_session(group)
    assert login(outsider).get(session.get_absolute_url()).status_code == 404


def test_a_partner_support_worker_cannot_open_sessions(login, partner_worker, group):
    session = today_session(group)
    assert login(partner_worker).get(session.get_absolute_url()).status_code == 403


def test_session_visibility_has_no_duplicate_rows(facilitator, make_user, group):
    """A facilitator listed on the session and on its group sees it once."""
    colleague = make_user("facilitator")
    group.facilitators.add(colleague)
    session = today_session(group, facilitators=[facilitator, colleague])
    visible = Session.objects.visible_to(facilitator)
    assert list(visible) == [session]
    assert visible.count() == 1


def test_attendance_visibility_follows_sessions(facilitator, org, group):
    mine = AttendanceFactory(session=today_session(group))
    other_group = GroupFactory(programme=group.programme)
    AttendanceFactory(session=today_session(other_group))
    assert list(Attendance.objects.visible_to(facilitator)) == [mine]


def _session_page_with(group, men):
    session = today_session(group)
    for participant in enrol(group, men):
        AttendanceFactory(session=session, participant=participant)
    return session


def test_session_page_queries_do_not_grow_with_the_group(login, facilitator, org):
    client = login(facilitator)
    small_group = GroupFactory(programme=ProgrammeFactory(organisation=org))
    small_group.facilitators.set([facilitator])
    large_group = GroupFactory(programme=small_group.programme)
    large_group.facilitators.set([facilitator])
    small = _session_page_with(small_group, 5)
    large = _session_page_with(large_group, 50)
    client.get(small.get_absolute_url())
    with CaptureQueriesContext(connection) as five:
        assert client.get(small.get_absolute_url()).status_code == 200
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(large.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["rows"]) == 50
    assert len(five) == len(fifty)


def test_one_to_one_session_records_his_attendance(login, caseworker, org):
    man = ParticipantFactory(organisation=org)
    client = login(caseworker)
    response = client.post(
        reverse("programmes:one_to_one_create", args=[man.uuid]),
        {
            "date": timezone.localdate(),
            # Started already: attendance is recorded from the start time.
            "start_time": "00:00",
            "facilitators": [caseworker.pk],
        },
    )
    session = Session.objects.get()
    assert response.status_code == 302
    assert session.is_one_to_one
    response = client.post(
        session.get_absolute_url(),
        form_data(session, [man], {man: row_values(A.PRESENT, 5)}),
    )
    assert response.status_code == 302
    assert Attendance.objects.get().participant == man


def test_cancel_a_session_with_a_reason(login, facilitator, group):
    session = today_session(group)
    client = login(facilitator)
    url = reverse("programmes:session_cancel", args=[session.uuid])
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "Venue flooded"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    assert session.cancellation_reason == "Venue flooded"


def test_a_held_session_cannot_be_cancelled(login, facilitator, group):
    session = today_session(group, status=Session.Status.HELD)
    response = login(facilitator).post(
        reverse("programmes:session_cancel", args=[session.uuid]), {"reason": "Oops"}
    )
    assert response.status_code == 400
    session.refresh_from_db()
    assert session.status == Session.Status.HELD


def test_my_sessions_shows_today_week_and_overdue(login, facilitator, group):
    today = timezone.localdate()
    todays = today_session(group)
    overdue = SessionFactory(group=group, date=today - datetime.timedelta(days=7))
    other_group = GroupFactory(programme=group.programme)
    not_mine = SessionFactory(group=other_group, date=today)
    response = login(facilitator).get(reverse("programmes:my_sessions"))
    assert list(response.context["today_sessions"]) == [todays]
    assert list(response.context["overdue"]) == [overdue]
    assert not_mine not in response.context["today_sessions"]


def test_facilitator_home_lists_todays_sessions(login, facilitator, group):
    today_session(group)
    body = login(facilitator).get(reverse("home")).content.decode()
    assert "Today's sessions" in body
    assert group.name in body


def test_a_one_to_one_at_the_same_hour_for_the_same_worker_warns(
    login, caseworker, org
):
    """Issue 14: two one-to-ones for one worker at one hour raised no warning."""
    earlier = OneToOneSessionFactory(
        participant=ParticipantFactory(organisation=org, last_name="Otherman"),
        start_time=datetime.time(10),
    )
    earlier.facilitators.set([caseworker])
    man = ParticipantFactory(organisation=org)
    url = reverse("programmes:one_to_one_create", args=[man.uuid])
    data = {
        "date": earlier.date,
        "start_time": "10:30",
        "facilitators": [caseworker.pk],
    }
    client = login(caseworker)
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Clash: a one-to-one session is booked at 10:00" in page
    assert "Otherman" not in page
    assert Session.objects.count() == 1
    # An hour later is free; ticking "book anyway" books the clash knowingly.
    assert client.post(url, {**data, "start_time": "11:00"}).status_code == 302
    assert client.post(url, {**data, "book_anyway": "on"}).status_code == 302
    assert Session.objects.count() == 3


def test_session_register_caption_counts_one_man_in_the_singular(
    login, facilitator, group
):
    session = today_session(group)
    EnrolmentFactory(group=group)
    page = login(facilitator).get(session.get_absolute_url()).content.decode()
    assert "Attendance of 1 man</caption>" in page
