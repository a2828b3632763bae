import datetime

import factory
from django.utils import timezone

from programmes.models import (
    Attendance,
    Enrolment,
    ExitReport,
    Group,
    Module,
    Programme,
    Session,
)
from tests.accounts.factories import OrganisationFactory
from tests.participants.factories import ParticipantFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Change Programme {n}")
    planned_sessions = 22
    minimum_attendance_percent = 75
    duration_weeks = 22


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SelfAttribute("programme.organisation")
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Module {n}")


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SelfAttribute("programme.organisation")
    name = factory.Sequence(lambda n: f"Tuesday group {n}")
    weekday = Group.Weekday.TUESDAY
    start_time = datetime.time(18, 30)
    venue = "Community room (fictional)"
    capacity = 12
    start_date = datetime.date(2026, 1, 6)

    @factory.post_generation
    def facilitators(self, create, extracted, **kwargs):
        if create and extracted:
            self.facilitators.set(extracted)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    group = factory.SubFactory(GroupFactory)
    organisation = factory.SelfAttribute("group.organisation")
    date = datetime.date(2026, 3, 3)
    # Distinct times, so that many sessions of one group on one day stay unique;
    # all in the first hour of the day, so that a session of today has started
    # (attendance is recorded from the start time: Session.has_started).
    start_time = factory.Sequence(lambda n: datetime.time(0, n // 60 % 60, n % 60))
    status = Session.Status.SCHEDULED

    @factory.post_generation
    def facilitators(self, create, extracted, **kwargs):
        if create and extracted:
            self.facilitators.set(extracted)


class HeldSessionFactory(SessionFactory):
    status = Session.Status.HELD


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment
        skip_postgeneration_save = True

    group = factory.SubFactory(GroupFactory)
    organisation = factory.SelfAttribute("group.organisation")
    participant = factory.SubFactory(
        ParticipantFactory, organisation=factory.SelfAttribute("..organisation")
    )
    start_date = datetime.date(2026, 1, 6)

    @factory.post_generation
    def recorded_on(self, create, extracted, **kwargs):
        """Recorded on his start date (or the date given), as a place entered in
        time is: registers expect a man from the day his place was recorded."""
        if not create:
            return
        day = extracted or self.start_date
        self.created_at = min(
            timezone.make_aware(datetime.datetime.combine(day, datetime.time(0, 0))),
            timezone.now(),
        )
        Enrolment.objects.filter(pk=self.pk).update(created_at=self.created_at)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(HeldSessionFactory)
    organisation = factory.SelfAttribute("session.organisation")
    participant = factory.SubFactory(
        ParticipantFactory, organisation=factory.SelfAttribute("..organisation")
    )
    status = Attendance.Status.PRESENT
    participation = 3
    recorded_by = factory.SelfAttribute("participant.caseworker")


class CancelledSessionFactory(SessionFactory):
    status = Session.Status.CANCELLED
    cancellation_reason = "Venue closed (fictional)"


class OneToOneSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    participant = factory.SubFactory(ParticipantFactory)
    organisation = factory.SelfAttribute("participant.organisation")
    group = None
    date = datetime.date(2026, 3, 4)
    start_time = datetime.time(10, 0)

    @factory.post_generation
    def facilitators(self, create, extracted, **kwargs):
        if create and extracted:
            self.facilitators.set(extracted)


class EndedEnrolmentFactory(EnrolmentFactory):
    end_date = datetime.date(2026, 5, 26)
    outcome = Enrolment.Outcome.COMPLETED
    outcome_reason = "completed_some_goals"


class ExitReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExitReport

    enrolment = factory.SubFactory(EndedEnrolmentFactory)
    organisation = factory.SelfAttribute("enrolment.organisation")
    participant = factory.SelfAttribute("enrolment.participant")
    outcome = factory.SelfAttribute("enrolment.outcome")
    outcome_reason = factory.SelfAttribute("enrolment.outcome_reason")
    ended_on = factory.SelfAttribute("enrolment.end_date")
    sessions_planned = 22
    sessions_offered = 20
    sessions_attended = 17
    sessions_missed = 3
    minimum_attendance_percent = 75
    risk_level_at_intake = "medium"
    risk_level_at_exit = "standard"
    created_by = factory.SelfAttribute("participant.caseworker")
