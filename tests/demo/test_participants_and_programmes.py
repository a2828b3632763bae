"""The demo's men and their calendar."""

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
