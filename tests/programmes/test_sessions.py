"""The session register: the whole group's attendance in one form, corrections,
merging two saves, concerns and bad input."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from programmes.models import Attendance, Session
from programmes.signals import attendance_concern_raised
from tests.participants.factories import ParticipantFactory
from tests.programmes.factories import (
    GroupFactory,
    ProgrammeFactory,
)
from tests.programmes.registers import enrol, form_data, row_values, today_session

pytestmark = pytest.mark.django_db
A = Attendance.Status


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
