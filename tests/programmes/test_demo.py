"""The demo seeders of participants and programmes."""

import random

import pytest
from django.utils import timezone

from accounts import demo as accounts_demo
from participants import demo as participants_demo
from participants.models import Participant
from programmes import demo as programmes_demo
from programmes.attendance import figures_for
from programmes.models import Attendance, Enrolment, ExitReport, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    ctx = accounts_demo.DemoContext(
        rng=random.Random(7),
        today=timezone.localdate(),
        participants_per_organisation=60,
    )
    accounts_demo.seed(ctx, 2)
    participants_demo.seed(ctx)
    programmes_demo.seed(ctx)
    return ctx


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
    for organisation in seeded.organisations:
        for facilitator in seeded.users(organisation, "facilitator"):
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
