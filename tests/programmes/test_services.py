"""Calendars, enrolments, endings and exit reports."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from participants.models import Participant, StatusChange
from participants.services import approve_status_change, move_participant
from programmes import services
from programmes.models import Attendance, Enrolment, ExitReport, Session
from tests.participants.factories import ParticipantFactory
from tests.programmes.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    GroupFactory,
    HeldSessionFactory,
    ModuleFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db
S = Participant.Status


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 24, 12, 0), tick=False):
        yield


@pytest.fixture
def programme(org):
    programme = ProgrammeFactory(organisation=org, minimum_attendance_percent=75)
    for order in range(1, 4):
        ModuleFactory(programme=programme, order=order)
    return programme


@pytest.fixture
def group(programme):
    return GroupFactory(
        programme=programme,
        weekday=1,  # Tuesday
        start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2026, 12, 15),
        capacity=2,
    )


def test_generate_sessions_makes_a_weekly_calendar_once(group, manager):
    created = services.generate_sessions(group=group, actor=manager)
    dates = [s.date for s in created]
    assert dates[0] == datetime.date(2026, 9, 1)
    assert dates[-1] == datetime.date(2026, 12, 15)
    assert all(d.weekday() == 1 for d in dates)
    assert len(dates) == 16
    # Modules follow the curriculum in order.
    assert [s.module.order for s in created[:4]] == [1, 2, 3, 1]
    assert services.generate_sessions(group=group, actor=manager) == []
    assert Session.objects.count() == 16
    assert Session.history.count() == 16


def test_generate_sessions_refuses_an_impossible_range(group, manager):
    with pytest.raises(ValidationError):
        services.generate_sessions(
            group=group,
            actor=manager,
            start=datetime.date(2026, 10, 1),
            end=datetime.date(2026, 9, 1),
        )
    with pytest.raises(ValidationError):
        services.generate_sessions(
            group=group,
            actor=manager,
            start=datetime.date(2026, 1, 1),
            end=datetime.date(2029, 1, 1),
        )


def test_enrolling_a_waiting_man_makes_him_active(group, caseworker, org):
    man = ParticipantFactory(
        organisation=org,
        status=S.WAITING_LIST,
        risk_level="high",
        status_changed_on=datetime.date(2026, 10, 1),
    )
    enrolment = services.enrol_participant(
        participant=man,
        group=group,
        start_date=datetime.date(2026, 11, 24),
        actor=caseworker,
    )
    man.refresh_from_db()
    assert man.status == S.ACTIVE
    assert enrolment.risk_level_at_start == "high"
    assert man.status_changes.get().reason == "started_programme"


@pytest.mark.parametrize("status", [S.REFERRED, S.NOT_SUITABLE, S.CLOSED, S.EXCLUDED])
def test_a_man_not_ready_cannot_be_enrolled(group, caseworker, org, status):
    man = ParticipantFactory(organisation=org, status=status)
    with pytest.raises(ValidationError):
        services.enrol_participant(
            participant=man,
            group=group,
            start_date=datetime.date(2026, 11, 24),
            actor=caseworker,
        )
    assert not Enrolment.objects.exists()


def test_a_full_group_or_a_second_place_is_refused(group, caseworker, org):
    first, second, third = ParticipantFactory.create_batch(3, organisation=org)
    for man in (first, second):
        services.enrol_participant(
            participant=man,
            group=group,
            start_date=datetime.date(2026, 11, 24),
            actor=caseworker,
        )
    with pytest.raises(ValidationError, match="already has a place"):
        services.enrol_participant(
            participant=first,
            group=group,
            start_date=datetime.date(2026, 11, 24),
            actor=caseworker,
        )
    with pytest.raises(ValidationError, match="full"):
        services.enrol_participant(
            participant=third,
            group=group,
            start_date=datetime.date(2026, 11, 24),
            actor=caseworker,
        )


def test_a_group_of_another_organisation_is_refused(group, caseworker, other_org):
    man = ParticipantFactory(organisation=other_org)
    with pytest.raises(ValidationError, match="another organisation"):
        services.enrol_participant(
            participant=man,
            group=group,
            start_date=datetime.date(2026, 11, 24),
            actor=caseworker,
        )


def _with_attendance(group, org, statuses, risk="medium"):
    enrolment = EnrolmentFactory(
        group=group,
        participant=ParticipantFactory(
            organisation=org, status_changed_on=datetime.date(2026, 9, 1)
        ),
        start_date=datetime.date(2026, 9, 1),
        risk_level_at_start=risk,
    )
    modules = list(group.programme.modules.all())
    for n, status in enumerate(statuses):
        session = HeldSessionFactory(
            group=group,
            date=datetime.date(2026, 9, 1) + datetime.timedelta(weeks=n),
            module=modules[n % len(modules)],
        )
        AttendanceFactory(
            participant=enrolment.participant, session=session, status=status
        )
    return enrolment


def test_completing_writes_an_exit_report_and_moves_his_case(group, org, caseworker):
    A = Attendance.Status
    enrolment = _with_attendance(
        group, org, [A.PRESENT, A.PRESENT, A.LATE, A.UNEXCUSED], risk="medium"
    )
    man = enrolment.participant
    man.risk_level = "standard"
    man.save()
    services.end_enrolment(
        enrolment=enrolment,
        outcome=Enrolment.Outcome.COMPLETED,
        reason="completed_some_goals",
        end_date=datetime.date(2026, 11, 24),
        actor=caseworker,
    )
    report = ExitReport.objects.get()
    assert report.sessions_offered == 4
    assert report.sessions_attended == 3
    assert report.sessions_missed == 1
    assert report.attendance_percent == 75
    assert report.modules_covered == 3
    assert report.modules_total == 3
    assert report.risk_level_at_intake == "medium"
    assert report.risk_level_at_exit == "standard"
    assert report.notify_marac  # the risk level changed
    assert report.notify_partner_support
    assert report.notify_referrer
    man.refresh_from_db()
    assert man.status == S.COMPLETED
    assert man.status_changes.get().reason == "completed_some_goals"


def test_transfer_to_another_group_keeps_him_active(group, org, caseworker):
    enrolment = _with_attendance(group, org, [])
    services.end_enrolment(
        enrolment=enrolment,
        outcome=Enrolment.Outcome.TRANSFERRED,
        reason="another_group",
        end_date=datetime.date(2026, 11, 24),
        actor=caseworker,
    )
    enrolment.participant.refresh_from_db()
    assert enrolment.participant.status == S.ACTIVE
    assert ExitReport.objects.count() == 1


def test_a_caseworker_cannot_exclude_through_an_ending(group, org, caseworker):
    enrolment = _with_attendance(group, org, [])
    with pytest.raises(ValidationError, match="manager"):
        services.end_enrolment(
            enrolment=enrolment,
            outcome=Enrolment.Outcome.EXCLUDED,
            reason="breach_of_agreement",
            end_date=datetime.date(2026, 11, 24),
            actor=caseworker,
        )
    enrolment.refresh_from_db()
    assert enrolment.is_current


def test_an_approved_exclusion_ends_his_places_with_exit_reports(
    group, org, caseworker, manager
):
    enrolment = _with_attendance(group, org, [Attendance.Status.PRESENT])
    change = move_participant(
        participant=enrolment.participant,
        to_status=S.EXCLUDED,
        reason="breach_of_agreement",
        actor=caseworker,
    )
    enrolment.refresh_from_db()
    assert enrolment.is_current  # waiting for the manager
    approve_status_change(status_change=change, actor=manager)
    enrolment.refresh_from_db()
    assert enrolment.outcome == Enrolment.Outcome.EXCLUDED
    assert enrolment.outcome_reason == "breach_of_agreement"
    assert enrolment.end_date == datetime.date(2026, 11, 24)
    assert enrolment.exit_report.sessions_attended == 1
    assert StatusChange.objects.count() == 1  # no second move from the ending


def test_moving_away_ends_places_as_a_drop_out(group, org, caseworker):
    enrolment = _with_attendance(group, org, [])
    move_participant(
        participant=enrolment.participant,
        to_status=S.MOVED_AWAY,
        reason="moved_out_of_area",
        actor=caseworker,
    )
    enrolment.refresh_from_db()
    assert enrolment.outcome == Enrolment.Outcome.DROPPED_OUT
    assert enrolment.outcome_reason == "moved_out_of_area"


@pytest.mark.parametrize(
    ("outcome", "reason", "end_date", "message"),
    [
        ("completed", "breach_of_agreement", datetime.date(2026, 11, 24), "reason"),
        ("finished", "x", datetime.date(2026, 11, 24), "outcome"),
        ("completed", "completed_some_goals", datetime.date(2026, 8, 1), "before"),
        ("completed", "completed_some_goals", datetime.date(2026, 12, 1), "future"),
    ],
)
def test_a_bad_ending_is_refused(
    group, org, caseworker, outcome, reason, end_date, message
):
    enrolment = _with_attendance(group, org, [])
    with pytest.raises(ValidationError, match=message):
        services.end_enrolment(
            enrolment=enrolment,
            outcome=outcome,
            reason=reason,
            end_date=end_date,
            actor=caseworker,
        )
    assert not ExitReport.objects.exists()


def test_an_ended_place_cannot_end_twice(group, org, manager):
    enrolment = _with_attendance(group, org, [])
    kwargs = {
        "outcome": "dropped_out",
        "reason": "stopped_engaging",
        "end_date": datetime.date(2026, 11, 24),
        "actor": manager,
    }
    services.end_enrolment(enrolment=enrolment, **kwargs)
    with pytest.raises(ValidationError, match="already ended"):
        services.end_enrolment(enrolment=enrolment, **kwargs)
