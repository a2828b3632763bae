"""programmes.attendance.figures_for: the figures other apps rely on."""

import datetime

import pytest

from programmes.attendance import figures_for
from programmes.models import Attendance
from tests.participants.factories import ParticipantFactory
from tests.programmes.factories import (
    AttendanceFactory,
    CancelledSessionFactory,
    EnrolmentFactory,
    GroupFactory,
    HeldSessionFactory,
    ProgrammeFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
A = Attendance.Status


def week(n):
    return datetime.date(2026, 1, 6) + datetime.timedelta(weeks=n)


@pytest.fixture
def group(org):
    return GroupFactory(
        programme=ProgrammeFactory(organisation=org, minimum_attendance_percent=75)
    )


def attend(participant, group, statuses, first_week=0):
    for n, status in enumerate(statuses, start=first_week):
        session = HeldSessionFactory(group=group, date=week(n))
        if status is not None:
            AttendanceFactory(participant=participant, session=session, status=status)


def test_figures_count_offered_attended_missed_and_percent(group):
    enrolment = EnrolmentFactory(group=group, start_date=week(0))
    man = enrolment.participant
    attend(man, group, [A.PRESENT, A.LATE, A.LEFT_EARLY, A.EXCUSED])
    figures = figures_for([man.pk])[man.pk]
    assert figures.offered == 4
    assert figures.attended == 3
    assert figures.excused == 1
    assert figures.missed == 1
    assert figures.percent == 75
    assert figures.minimum_percent == 75
    assert figures.meets_minimum is True
    assert figures.missed_in_a_row == 0


def test_missed_in_a_row_counts_trailing_unexcused_absences(group):
    man = EnrolmentFactory(group=group, start_date=week(0)).participant
    # An unrecorded held session counts as missed.
    attend(man, group, [A.UNEXCUSED, A.PRESENT, A.UNEXCUSED, None, A.UNEXCUSED])
    figures = figures_for([man.pk])[man.pk]
    assert figures.missed_in_a_row == 3
    assert figures.attended == 1
    assert figures.percent == 20
    assert figures.meets_minimum is False


def test_an_excused_absence_ends_a_run(group):
    man = EnrolmentFactory(group=group, start_date=week(0)).participant
    attend(man, group, [A.UNEXCUSED, A.UNEXCUSED, A.EXCUSED, A.UNEXCUSED])
    assert figures_for([man.pk])[man.pk].missed_in_a_row == 1


def test_only_held_sessions_since_his_start_and_until_his_end_count(group):
    enrolment = EnrolmentFactory(
        group=group, start_date=week(2), end_date=week(4), outcome="completed"
    )
    man = enrolment.participant
    for n in range(7):
        HeldSessionFactory(group=group, date=week(n))
    SessionFactory(group=group, date=week(3))  # scheduled, not held
    CancelledSessionFactory(group=group, date=week(3))
    assert figures_for([man.pk])[man.pk].offered == 3  # weeks 2, 3 and 4


def test_a_man_never_enrolled_gets_empty_figures(org):
    man = ParticipantFactory(organisation=org)
    figures = figures_for([man.pk])[man.pk]
    assert (figures.offered, figures.attended, figures.percent) == (0, 0, None)
    assert figures.meets_minimum is None


def test_figures_span_his_groups_and_take_the_current_minimum(org, group):
    other = GroupFactory(
        programme=ProgrammeFactory(organisation=org, minimum_attendance_percent=60)
    )
    old = EnrolmentFactory(
        group=group, start_date=week(0), end_date=week(1), outcome="transferred"
    )
    man = old.participant
    EnrolmentFactory(group=other, participant=man, start_date=week(2))
    attend(man, group, [A.PRESENT, A.PRESENT])
    attend(man, other, [A.UNEXCUSED, A.UNEXCUSED], first_week=2)
    figures = figures_for([man.pk])[man.pk]
    assert figures.offered == 4
    assert figures.attended == 2
    assert figures.missed_in_a_row == 2
    assert figures.minimum_percent == 60


def test_figures_ignore_other_mens_attendance(group):
    first = EnrolmentFactory(group=group).participant
    second = EnrolmentFactory(group=group).participant
    session = HeldSessionFactory(group=group, date=week(1))
    AttendanceFactory(participant=first, session=session, status=A.PRESENT)
    AttendanceFactory(participant=second, session=session, status=A.UNEXCUSED)
    figures = figures_for([first.pk, second.pk])
    assert figures[first.pk].attended == 1
    assert figures[second.pk].attended == 0
    assert figures[second.pk].missed_in_a_row == 1


def test_figures_for_many_men_take_one_query(group, django_assert_num_queries):
    men = [EnrolmentFactory(group=group).participant for _ in range(30)]
    sessions = [HeldSessionFactory(group=group, date=week(n)) for n in range(5)]
    for man in men:
        for session in sessions:
            AttendanceFactory(participant=man, session=session)
    with django_assert_num_queries(1):
        figures = figures_for([m.pk for m in men])
    assert all(f.attended == 5 for f in figures.values())
    assert all(f.minimum_percent == 75 for f in figures.values())


def test_no_ids_no_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert figures_for([]) == {}
