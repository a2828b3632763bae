"""The demo's men and their calendar."""

from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from participants.models import Participant
from programmes.attendance import figures_for
from programmes.models import Attendance, Enrolment, ExitReport, Session


def test_demo_has_men_in_every_lifecycle_state(seeded):
    for organisation in seeded.organisations:
        states = set(
            Participant.objects.filter(organisation=organisation).values_list(
                "status", flat=True
            )
        )
        assert states == set(Participant.Status.values)


def test_every_demo_facilitator_has_a_session_today(seeded):
    today = timezone.localdate()
    for staff in seeded.staff:
        for facilitator in User.objects.filter(organisation=staff.organisation).filter(
            role="facilitator"
        ):
            todays = Session.objects.visible_to(facilitator).filter(date=today)
            assert todays.exists(), facilitator.username


def test_demo_calendar_has_held_sessions_attendance_and_exit_reports(seeded):
    assert Session.objects.filter(status=Session.Status.HELD).exists()
    assert Session.objects.filter(status=Session.Status.CANCELLED).exists()
    assert Attendance.objects.exists()
    ended = Enrolment.objects.filter(end_date__isnull=False)
    assert ended.exists()
    assert ExitReport.objects.count() == ended.count()
    active = Participant.objects.filter(status=Participant.Status.ACTIVE)
    figures = figures_for(active.values_list("pk", flat=True))
    assert any(f.offered for f in figures.values())


def test_demo_history_is_dated_from_the_records(seeded):
    """A man's first history row is as old as his case, not the seeding run."""
    man = Participant.objects.filter(status=Participant.Status.CLOSED).first()
    first = man.history.earliest("history_date")
    assert first.history_date == man.created_at
    assert (seeded.now - first.history_date).days > 300


def test_attendance_written_by_the_database_follows_the_rule(seeded):
    """The PostgreSQL path's attendance (demo.attendance): only held sessions of
    his group within his place, the engaged statuses, a participation only when
    he attended, a "+" history row each, and exit reports counting them."""
    group = Attendance.objects.filter(session__group__isnull=False)
    count = group.count()
    assert count > 1000
    assert not group.exclude(session__status=Session.Status.HELD).exists()
    statuses = dict(
        group.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    assert set(statuses) == set(Attendance.Status.values)
    # Roughly the engaged weights: three in four present.
    assert 0.6 < statuses[Attendance.Status.PRESENT] / count < 0.8
    attended = group.filter(status__in=Attendance.ATTENDED)
    assert not attended.filter(participation__isnull=True).exists()
    assert not attended.exclude(participation__range=(2, 5)).exists()
    assert (
        not group.exclude(status__in=Attendance.ATTENDED)
        .exclude(participation__isnull=True)
        .exists()
    )
    assert not group.filter(concern=True).filter(note="").exists()
    assert group.filter(recorded_by__role="facilitator").count() == count
    history = Attendance.history.model.objects
    assert history.filter(history_type="+").count() == Attendance.objects.count()
    assert Attendance.objects.values("uuid").distinct().count() == (
        Attendance.objects.count()
    )
    for report in ExitReport.objects.all():
        his = group.filter(
            participant_id=report.participant_id,
            session__group_id=report.enrolment.group_id,
        )
        assert report.sessions_offered == his.count()
        assert (
            report.sessions_attended
            == his.filter(status__in=Attendance.ATTENDED).count()
        )
        assert report.sessions_missed == (
            report.sessions_offered - report.sessions_attended
        )
        plus = report.history.get(history_type="+")
        assert plus.sessions_attended == report.sessions_attended
