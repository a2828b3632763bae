"""The session page: the whole group's attendance in one form, scoping, merging."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programmes.models import Attendance, Session
from programmes.signals import attendance_concern_raised
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

pytestmark = pytest.mark.django_db
A = Attendance.Status


@pytest.fixture
def group(org, facilitator):
    group = GroupFactory(programme=ProgrammeFactory(organisation=org))
    group.facilitators.set([facilitator])
    return group


def today_session(group, **kwargs):
    return SessionFactory(group=group, date=timezone.localdate(), **kwargs)


def enrol(group, count):
    return [EnrolmentFactory(group=group).participant for _ in range(count)]


def row_values(status="", participation="", note="", concern=False, urgent=False):
    return {
        "status": status,
        "participation": participation,
        "note": note,
        "concern": concern,
        "urgent": urgent,
    }


def form_data(session, men, values, seen=None, version=None):
    """What the browser posts: every man's row, and what the worker saw."""
    seen = seen or {}
    data = {
        "version": session.version if version is None else version,
        "module": "",
        "form-TOTAL_FORMS": len(men),
        "form-INITIAL_FORMS": len(men),
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 200,
    }
    for i, man in enumerate(men):
        data[f"form-{i}-participant"] = str(man.uuid)
        row = values.get(man, row_values())
        before = seen.get(man, row_values())
        for name in ("status", "participation", "note"):
            data[f"form-{i}-{name}"] = row[name]
            data[f"initial-form-{i}-{name}"] = before[name]
        for name in ("concern", "urgent"):
            if row[name]:
                data[f"form-{i}-{name}"] = "on"
            data[f"initial-form-{i}-{name}"] = str(bool(before[name]))
    return data


def test_facilitator_records_the_whole_group_in_one_submit(login, facilitator, group):
    men = enrol(group, 3)
    session = today_session(group)
    client = login(facilitator)
    page = client.get(session.get_absolute_url())
    assert page.status_code == 200
    assert len(page.context["rows"]) == 3
    values = {
        men[0]: row_values(A.PRESENT, 4),
        men[1]: row_values(A.LATE, 3, "Arrived 20 minutes late"),
        men[2]: row_values(A.UNEXCUSED),
    }
    response = client.post(session.get_absolute_url(), form_data(session, men, values))
    assert response.status_code == 302
    saved = {a.participant: a for a in Attendance.objects.filter(session=session)}
    assert saved[men[0]].status == A.PRESENT
    assert saved[men[0]].participation == 4
    assert saved[men[1]].note == "Arrived 20 minutes late"
    assert saved[men[2]].status == A.UNEXCUSED
    session.refresh_from_db()
    assert session.status == Session.Status.HELD
    assert session.version == 1
    assert session.logged_by == facilitator
    assert facilitator in session.facilitators.all()


def test_the_page_is_keyboard_and_screen_reader_friendly(login, facilitator, group):
    man = enrol(group, 1)[0]
    session = today_session(group)
    body = login(facilitator).get(session.get_absolute_url()).content.decode()
    assert f"Attendance of {man.full_name}</legend>" in body
    assert f"Participation of {man.full_name}</label>" in body
    assert 'type="radio"' in body
    assert "<caption>" in body


def test_a_correction_keeps_the_history(login, facilitator, group):
    man = enrol(group, 1)[0]
    session = today_session(group)
    client = login(facilitator)
    client.post(
        session.get_absolute_url(),
        form_data(session, [man], {man: row_values(A.UNEXCUSED)}),
    )
    session.refresh_from_db()
    response = client.post(
        session.get_absolute_url(),
        form_data(
            session,
            [man],
            {man: row_values(A.EXCUSED, note="He phoned in sick")},
            seen={man: row_values(A.UNEXCUSED)},
        ),
    )
    assert response.status_code == 302
    attendance = Attendance.objects.get()
    assert attendance.status == A.EXCUSED
    statuses = list(
        attendance.history.order_by("history_date").values_list("status", flat=True)
    )
    assert statuses == [A.UNEXCUSED, A.EXCUSED]
    assert attendance.history.first().history_user == facilitator


def test_a_correction_of_many_lines_saves_each_in_at_most_two_updates(
    login, facilitator, group
):
    """Lines sharing new values and lines differing are each saved as sent, only
    changed lines get a history row, and the register takes two UPDATEs at most."""
    men = enrol(group, 4)
    session = today_session(group)
    client = login(facilitator)
    missed = {man: row_values(A.UNEXCUSED) for man in men}
    client.post(session.get_absolute_url(), form_data(session, men, missed))
    session.refresh_from_db()
    corrected = {
        men[0]: row_values(A.PRESENT, 4),
        men[1]: row_values(A.PRESENT, 2, "Quiet today"),
        men[2]: row_values(A.PRESENT, 4),
        men[3]: row_values(A.UNEXCUSED),
    }
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            session.get_absolute_url(),
            form_data(session, men, corrected, seen=missed),
        )
    assert response.status_code == 302
    updates = [
        q["sql"]
        for q in queries
        if q["sql"].startswith('UPDATE "programmes_attendance"')
    ]
    assert len(updates) == 2
    saved = {a.participant: a for a in Attendance.objects.filter(session=session)}
    for man, values in corrected.items():
        line = saved[man]
        assert (line.status, line.participation, line.note) == (
            values["status"],
            values["participation"] or None,
            values["note"],
        )
    assert saved[men[1]].note == "Quiet today"
    history = {
        man: list(
            saved[man]
            .history.order_by("history_date")
            .values_list("status", "participation")
        )
        for man in men
    }
    assert history[men[0]] == [(A.UNEXCUSED, None), (A.PRESENT, 4)]
    assert history[men[1]] == [(A.UNEXCUSED, None), (A.PRESENT, 2)]
    assert history[men[3]] == [(A.UNEXCUSED, None)]


def test_a_second_save_of_other_rows_merges_without_losing_the_first(
    login, facilitator, make_user, group
):
    """Two facilitators opened the page at version 0. The first saves everyone;
    the second changed only one man: the others stay as the first saved them."""
    colleague = make_user("facilitator")
    group.facilitators.add(colleague)
    men = enrol(group, 3)
    session = today_session(group)
    first = login(facilitator)
    first.post(
        session.get_absolute_url(),
        form_data(session, men, {m: row_values(A.PRESENT, 4) for m in men}),
    )
    second = Client()
    second.force_login(colleague)
    # She saw the empty form (version 0) and marked only the second man late.
    response = second.post(
        session.get_absolute_url(),
        form_data(
            session,
            men,
            {men[1]: row_values(A.LATE, 2, "Came in late")},
            version=0,
        ),
    )
    # Unchanged rows were empty when she opened the page: her form is invalid
    # for them, so nothing is saved and she is told (never a 500, nothing lost).
    assert response.status_code == 400
    assert Attendance.objects.filter(status=A.PRESENT).count() == 3

    # Had she marked every man, her untouched rows keep the first worker's values.
    values = {m: row_values(A.PRESENT, 4) for m in men}
    seen = dict(values)
    values[men[1]] = row_values(A.LATE, 2, "Came in late")
    session.refresh_from_db()
    third_client = Client()
    third_client.force_login(colleague)
    stale = form_data(session, men, values, seen=seen, version=0)
    # Meanwhile the first worker corrected the third man.
    first.post(
        session.get_absolute_url(),
        form_data(
            session,
            men,
            {**seen, men[2]: row_values(A.LEFT_EARLY, 3)},
            seen=seen,
        ),
    )
    response = third_client.post(session.get_absolute_url(), stale)
    assert response.status_code == 302
    saved = {a.participant: a for a in Attendance.objects.filter(session=session)}
    assert saved[men[0]].status == A.PRESENT
    assert saved[men[1]].status == A.LATE
    assert saved[men[2]].status == A.LEFT_EARLY  # the first worker's correction stays


def test_both_changing_the_same_man_differently_is_a_409_and_saves_nothing(
    login, facilitator, make_user, group
):
    colleague = make_user("facilitator")
    group.facilitators.add(colleague)
    men = enrol(group, 2)
    session = today_session(group)
    seen = {m: row_values(A.PRESENT) for m in men}
    first = login(facilitator)
    first.post(session.get_absolute_url(), form_data(session, men, seen))
    session.refresh_from_db()
    stale_version = session.version

    first.post(
        session.get_absolute_url(),
        form_data(session, men, {**seen, men[0]: row_values(A.EXCUSED)}, seen=seen),
    )
    second = Client()
    second.force_login(colleague)
    response = second.post(
        session.get_absolute_url(),
        form_data(
            session,
            men,
            {**seen, men[0]: row_values(A.UNEXCUSED)},
            seen=seen,
            version=stale_version,
        ),
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else saved this session" in body
    assert "Saved meanwhile: Excused absence" in body
    assert Attendance.objects.get(participant=men[0]).status == A.EXCUSED
    # Her entry is still in the form, re-based on the latest save: saving again
    # applies it knowingly.
    rows = response.context["rows"]
    assert rows[0]["form"]["status"].value() == A.UNEXCUSED
    session.refresh_from_db()
    assert response.context["log_form"]["version"].value() == str(session.version)
    data = response.context["formset"].data.copy()
    again = second.post(session.get_absolute_url(), data)
    assert again.status_code == 302
    assert Attendance.objects.get(participant=men[0]).status == A.UNEXCUSED


@pytest.mark.django_db(transaction=True)
def test_two_facilitators_saving_at_the_same_moment_lose_nothing(make_user, org):
    """Real concurrent requests: the row lock serialises them; both men's rows
    are saved whichever comes first, and neither gets a 500."""
    one = make_user("facilitator", username="f-one")
    two = make_user("facilitator", username="f-two")
    group = GroupFactory(programme=ProgrammeFactory(organisation=org))
    group.facilitators.set([one, two])
    men = enrol(group, 2)
    session = today_session(group)
    everyone_present = {m: row_values(A.PRESENT) for m in men}
    posts = {
        one: form_data(session, men, everyone_present),
        two: form_data(
            session,
            men,
            {**everyone_present, men[1]: row_values(A.LATE, 3)},
            seen={men[0]: row_values(A.PRESENT)},
        ),
    }
    results = {}
    barrier = threading.Barrier(2)

    def save(user):
        client = Client()
        client.force_login(user)
        barrier.wait()
        results[user] = client.post(session.get_absolute_url(), posts[user]).status_code
        connection.close()

    threads = [threading.Thread(target=save, args=(u,)) for u in (one, two)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(results.values()) <= {302, 409}
    assert 302 in results.values()
    saved = {a.participant_id: a.status for a in Attendance.objects.all()}
    assert set(saved) == {m.pk for m in men}
    assert saved[men[0].pk] == A.PRESENT


def test_a_concern_sends_the_signal_once(login, facilitator, group):
    man = enrol(group, 1)[0]
    session = today_session(group)
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    attendance_concern_raised.connect(receiver, dispatch_uid="test-concern")
    try:
        client = login(facilitator)
        worried = row_values(A.PRESENT, 2, "Spoke of 'teaching her a lesson'", True)
        client.post(
            session.get_absolute_url(), form_data(session, [man], {man: worried})
        )
        session.refresh_from_db()
        client.post(
            session.get_absolute_url(),
            form_data(session, [man], {man: worried}, seen={man: worried}),
        )
    finally:
        attendance_concern_raised.disconnect(dispatch_uid="test-concern")
    assert len(calls) == 1
    assert calls[0]["attendance"].participant == man
    assert calls[0]["text"] == "Spoke of 'teaching her a lesson'"
    assert calls[0]["actor"] == facilitator


def test_a_concern_without_words_is_a_400(login, facilitator, group):
    man = enrol(group, 1)[0]
    session = today_session(group)
    response = login(facilitator).post(
        session.get_absolute_url(),
        form_data(session, [man], {man: row_values(A.PRESENT, concern=True)}),
    )
    assert response.status_code == 400
    assert "what worried you" in response.content.decode()
    assert not Attendance.objects.exists()


def test_attendance_for_a_man_not_in_the_group_is_a_400(login, facilitator, group, org):
    man = enrol(group, 1)[0]
    stranger = ParticipantFactory(organisation=org)
    session = today_session(group)
    response = login(facilitator).post(
        session.get_absolute_url(),
        form_data(
            session,
            [man, stranger],
            {man: row_values(A.PRESENT), stranger: row_values(A.PRESENT)},
        ),
    )
    assert response.status_code == 400
    assert "not in the group" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_man_twice_in_the_form_is_a_400(login, facilitator, group):
    man = enrol(group, 1)[0]
    session = today_session(group)
    response = login(facilitator).post(
        session.get_absolute_url(),
        form_data(session, [man, man], {man: row_values(A.PRESENT)}),
    )
    assert response.status_code == 400
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    "broken",
    [
        {"form-0-status": "asleep"},
        {"form-0-participation": "9"},
        {"form-0-participant": "not-a-uuid"},
        {"version": "-1"},
        {"version": ""},
        {"form-TOTAL_FORMS": ""},
    ],
)
def test_bad_input_is_a_400_and_saves_nothing(login, facilitator, group, broken):
    man = enrol(group, 1)[0]
    session = today_session(group)
    data = {**form_data(session, [man], {man: row_values(A.PRESENT)}), **broken}
    response = login(facilitator).post(session.get_absolute_url(), data)
    assert response.status_code == 400
    assert not Attendance.objects.exists()


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
