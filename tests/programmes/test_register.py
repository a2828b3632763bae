"""The register's rules beyond one save (issue 14): who a session expects, when it
may be recorded, "mark everyone present", long notes and concerns that alert."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from programmes import registers, services
from programmes.attendance import figures_for
from programmes.models import Attendance, Session
from risk.models import Alert, RiskEvent, RiskNote
from risk.rules.safety_nets import detect_urgent_notes
from tests.participants.factories import ParticipantFactory
from tests.programmes.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    GroupFactory,
    HeldSessionFactory,
    ProgrammeFactory,
    SessionFactory,
)
from tests.programmes.registers import form_data, row_values

pytestmark = pytest.mark.django_db
A = Attendance.Status
LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def group(org, facilitator):
    group = GroupFactory(programme=ProgrammeFactory(organisation=org))
    group.facilitators.set([facilitator])
    return group


def test_a_session_is_recorded_from_its_start_time_not_its_date(
    login, facilitator, group
):
    """Before the session starts (in the organisation's time zone) the page says
    when it can be recorded and a save is refused with that message."""
    man = EnrolmentFactory(group=group).participant
    evening = datetime.date(2026, 11, 24)
    session = SessionFactory(
        group=group, date=evening, start_time=datetime.time(18, 30)
    )
    client = login(facilitator)
    data = form_data(session, [man], {man: row_values(A.PRESENT)})
    with time_machine.travel(datetime.datetime(2026, 11, 24, 18, 29, tzinfo=LONDON)):
        page = client.get(session.get_absolute_url())
        assert "once the session has started, from 18:30" in page.content.decode()
        assert page.context["can_record"] is False
        refused = client.post(session.get_absolute_url(), data)
    assert refused.status_code == 400
    assert "has not started yet: record it from 18:30" in refused.content.decode()
    assert not Attendance.objects.exists()
    # 18:30 in London is 18:30 UTC in November but 17:30 UTC in June: the clock
    # of the organisation decides, not the server's.
    with time_machine.travel(datetime.datetime(2026, 11, 24, 18, 31, tzinfo=LONDON)):
        assert client.post(session.get_absolute_url(), data).status_code == 302
    assert Attendance.objects.get().status == A.PRESENT


def test_session_has_started_uses_the_organisations_time_zone():
    session = Session(date=datetime.date(2026, 6, 2), start_time=datetime.time(18, 30))
    utc = datetime.UTC

    def started_at(*moment):
        local = timezone.localtime(datetime.datetime(*moment, tzinfo=utc))
        return session.has_started(local)

    # 17:45 UTC is 18:45 in London (summer time): started; 17:15 UTC is not.
    assert started_at(2026, 6, 2, 17, 45)
    assert not started_at(2026, 6, 2, 17, 15)
    assert not started_at(2026, 6, 1, 23, 0)


def test_a_man_enrolled_today_is_not_expected_at_an_earlier_session(
    login, facilitator, caseworker, group
):
    """A place entered today, even with an earlier start date, neither appears in
    nor blocks the register of a session held before it was entered, nor counts
    that session as missed."""
    regular = EnrolmentFactory(group=group, start_date=datetime.date(2026, 1, 6))
    today = timezone.localdate()
    last_week = HeldSessionFactory(group=group, date=today - datetime.timedelta(7))
    AttendanceFactory(session=last_week, participant=regular.participant)
    newcomer = ParticipantFactory(organisation=group.organisation, status="assessment")
    services.enrol_participant(
        participant=newcomer,
        group=group,
        start_date=today - datetime.timedelta(days=14),
        actor=caseworker,
    )
    client = login(facilitator)
    page = client.get(last_week.get_absolute_url())
    assert [row["participant"] for row in page.context["rows"]] == [regular.participant]
    last_week.refresh_from_db()
    again = form_data(
        last_week,
        [regular.participant],
        {regular.participant: row_values(A.LATE)},
        seen={regular.participant: row_values(A.PRESENT)},
    )
    assert client.post(last_week.get_absolute_url(), again).status_code == 302
    assert registers.expected_participant_ids(last_week) == {regular.participant_id}
    assert figures_for([newcomer.pk])[newcomer.pk].offered == 0
    # From today on he is expected like everyone else.
    today_session = SessionFactory(group=group, date=today)
    assert registers.expected_participant_ids(today_session) == {
        regular.participant_id,
        newcomer.pk,
    }


def test_a_man_whose_place_ended_before_a_session_is_not_expected(group):
    ended = EnrolmentFactory(
        group=group,
        start_date=datetime.date(2026, 1, 6),
        end_date=datetime.date(2026, 2, 1),
        outcome="completed",
    )
    staying = EnrolmentFactory(group=group, start_date=datetime.date(2026, 1, 6))
    session = SessionFactory(group=group, date=datetime.date(2026, 3, 3))
    assert registers.expected_participant_ids(session) == {staying.participant_id}
    assert ended.participant_id not in registers.expected_participant_ids(session)


def test_mark_everyone_present_works_without_javascript(login, facilitator, group):
    """The button posts the form; the register comes back unsaved with every man
    not yet marked marked present, and what was typed kept."""
    men = [EnrolmentFactory(group=group).participant for _ in range(3)]
    session = SessionFactory(group=group, date=timezone.localdate())
    values = {men[0]: row_values(A.LATE, note="Bus was late")}
    data = {**form_data(session, men, values), "everyone_present": "1"}
    response = login(facilitator).post(session.get_absolute_url(), data)
    assert response.status_code == 200
    assert not Attendance.objects.exists()
    body = response.content.decode()
    assert "2 men not yet marked are now marked present" in body
    assert 'name="form-0-status" value="late" class="form-check-input"' in body
    for index in (1, 2):
        assert (
            f'value="present" class="form-check-input" '
            f'id="id_form-{index}-status_0" checked>'
        ) in body
    assert "Bus was late" in body


def test_a_note_over_the_limit_is_refused_with_a_message_not_cut(
    login, facilitator, group
):
    man = EnrolmentFactory(group=group).participant
    session = SessionFactory(group=group, date=timezone.localdate())
    client = login(facilitator)
    page = client.get(session.get_absolute_url()).content.decode()
    # A browser's maxlength would cut a pasted note without a word.
    assert "maxlength" not in page
    long_note = "x" * 4001
    response = client.post(
        session.get_absolute_url(),
        form_data(session, [man], {man: row_values(A.PRESENT, note=long_note)}),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "This note is 4001 characters long; the limit is 4000" in body
    assert long_note in body
    assert not Attendance.objects.exists()


@pytest.fixture
def worried_register(login, facilitator, caseworker, group):
    """post(values): the facilitator saves a register of one man whose
    caseworker is the `caseworker` fixture; returns the man."""
    man = EnrolmentFactory(
        group=group,
        participant=ParticipantFactory(
            organisation=group.organisation, caseworker=caseworker
        ),
    ).participant
    session = SessionFactory(group=group, date=timezone.localdate())
    client = login(facilitator)
    seen = {}

    def post(values):
        session.refresh_from_db()
        response = client.post(
            session.get_absolute_url(),
            form_data(session, [man], {man: values}, seen=dict(seen)),
        )
        assert response.status_code == 302
        seen[man] = values
        return man

    return post


def test_a_concern_from_a_session_alerts_his_caseworker_once(
    worried_register, caseworker, facilitator, manager
):
    """The issue's case: "This worried me" with the words reaches his caseworker
    as an alert (through the outbox: e-mail pending), once per session and man."""
    said = "Said he would 'sort her out'"
    worried_register(row_values(A.PRESENT, note=said, concern=True))
    # Unticked and ticked again: still one event and one alert.
    worried_register(row_values(A.PRESENT, note=said))
    worried_register(row_values(A.PRESENT, note=said, concern=True))
    event = RiskEvent.objects.get()
    assert event.kind == RiskEvent.Kind.SESSION_CONCERN
    assert said in event.summary
    alert = Alert.objects.get()
    assert (alert.recipient, alert.reason) == (caseworker, Alert.Reason.CASEWORKER)
    assert alert.email_status == Alert.EmailStatus.PENDING
    assert not Alert.objects.filter(recipient__in=[facilitator, manager]).exists()
    assert RiskNote.objects.filter(severity=RiskNote.Severity.CONCERN).exists()


def test_an_urgent_concern_alerts_a_manager_too(worried_register, caseworker, manager):
    said = "Said he would 'sort her out'"
    man = worried_register(row_values(A.PRESENT, note=said, urgent=True))
    event = RiskEvent.objects.get()
    assert event.kind == RiskEvent.Kind.URGENT_SESSION_CONCERN
    assert set(Alert.objects.values_list("recipient", flat=True)) == {
        caseworker.pk,
        manager.pk,
    }
    attendance = Attendance.objects.get(participant=man)
    assert attendance.concern and attendance.urgent
    note = RiskNote.objects.get()
    assert note.severity == RiskNote.Severity.URGENT
    # The urgent-note safety net finds it again under the same key: no double.
    now = timezone.now()
    (found,) = detect_urgent_notes(today=timezone.localdate(), now=now)
    assert found.dedup_key == event.dedup_key


def test_a_concern_marked_urgent_later_tells_a_manager(
    worried_register, caseworker, manager
):
    said = "Said he would 'sort her out'"
    worried_register(row_values(A.PRESENT, note=said, concern=True))
    assert not Alert.objects.filter(recipient=manager).exists()
    worried_register(row_values(A.PRESENT, note=said, concern=True, urgent=True))
    assert Alert.objects.filter(recipient=manager).count() == 1
    assert sorted(RiskEvent.objects.values_list("kind", flat=True)) == [
        RiskEvent.Kind.SESSION_CONCERN,
        RiskEvent.Kind.URGENT_SESSION_CONCERN,
    ]
