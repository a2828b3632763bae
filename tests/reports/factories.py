"""A hand-counted world for the period report: quarter 1 of the financial year
2026/27 (1 April to 30 June 2026), with records on its last day (in) and on the
next day (out), and a few before it began.

The expected figures are written out in tests/reports/test_figures.py beside
the records that make them.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.calendar import organisation_zone
from accounts.models import PublicHoliday
from participants.models import Child, Participant, RiskLevel, StatusChange
from partner_contact.models import PartnerContact, SafetyPlan
from programmes.models import Attendance, Enrolment, Session
from referrals.models import Agency, OnwardReferral, Referral
from risk.models import Alert, RiskEvent
from tests.outcomes.factories import ResponseFactory, TimePointFactory
from tests.participants.factories import (
    ChildFactory,
    ParticipantFactory,
    StatusChangeFactory,
)
from tests.partner_contact.factories import (
    FailedPartnerContactFactory,
    PartnerContactFactory,
    PartnerFactory,
    RelationshipFactory,
    SafetyPlanFactory,
)
from tests.programmes.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    ExitReportFactory,
    GroupFactory,
    OneToOneSessionFactory,
    SessionFactory,
)
from tests.referrals.factories import (
    AgencyFactory,
    OnwardReferralFactory,
    ReferralDecisionFactory,
    ReferralFactory,
)
from tests.risk.factories import (
    AlertFactory,
    HighRiskAssessmentFactory,
    RiskEventFactory,
)

D = datetime.date
START, LAST_DAY, NEXT_DAY = D(2026, 4, 1), D(2026, 6, 30), D(2026, 7, 1)
BEFORE = D(2026, 3, 31)


def at(organisation, day, hour=10):
    """A moment on the organisation's clocks."""
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=organisation_zone(organisation)
    )


@dataclass
class World:
    org: object
    men: dict = field(default_factory=dict)
    groups: dict = field(default_factory=dict)
    programmes: dict = field(default_factory=dict)


def build_world(org) -> World:
    world = World(org)
    _referrals(world)
    _men_and_places(world)
    _moves(world)
    _sessions(world)
    _children_and_onward(world)
    _risk(world)
    _partners(world)
    _outcomes(world)
    return world


def _referrals(world):
    org = world.org
    probation = AgencyFactory(organisation=org, kind=Agency.Kind.PROBATION)
    police = AgencyFactory(organisation=org, kind=Agency.Kind.POLICE)
    RS = Referral.Status
    # 1: a self-referral on the first day, still open.
    ReferralFactory(
        organisation=org, agency=None, is_self_referral=True, received_on=START
    )
    # 2: withdrawn (he declined) without screening.
    withdrawn = ReferralFactory(
        organisation=org,
        agency=probation,
        received_on=D(2026, 4, 15),
        status=RS.WITHDRAWN,
    )
    ReferralDecisionFactory(
        referral=withdrawn,
        to_status=RS.WITHDRAWN,
        reason="man_declined",
        decided_on=D(2026, 4, 16),
    )
    # 3: screened the next working day, then declined (out of area).
    declined = ReferralFactory(
        organisation=org, agency=police, received_on=D(2026, 5, 5), status=RS.DECLINED
    )
    ReferralDecisionFactory(
        referral=declined, to_status=RS.SCREENING, decided_on=D(2026, 5, 6)
    )
    ReferralDecisionFactory(
        referral=declined,
        to_status=RS.DECLINED,
        reason="out_of_area",
        decided_on=D(2026, 5, 7),
    )
    # 4: on the last day, accepted three days later over a public holiday:
    # two working days.
    man = ParticipantFactory(organisation=org)
    world.men["accepted"] = man
    accepted = ReferralFactory(
        organisation=org,
        agency=probation,
        received_on=LAST_DAY,
        status=RS.ACCEPTED,
        participant=man,
    )
    PublicHoliday.objects.get_or_create(
        organisation=org, date=D(2026, 7, 2), defaults={"name": "Test day"}
    )
    ReferralDecisionFactory(
        referral=accepted,
        to_status=RS.ACCEPTED,
        reason="meets_criteria",
        decided_on=D(2026, 7, 3),
    )
    # Out: the day before and the day after.
    ReferralFactory(organisation=org, agency=probation, received_on=BEFORE)
    ReferralFactory(organisation=org, agency=police, received_on=NEXT_DAY)


def _men_and_places(world):
    org = world.org
    one = GroupFactory(programme__organisation=org, organisation=org)
    two = GroupFactory(programme__organisation=org, organisation=org)
    world.groups = {"one": one, "two": two}
    world.programmes = {"one": one.programme, "two": two.programme}
    men = world.men
    for name in ("a", "b", "c", "e", "f", "g", "h", "i", "j"):
        men[name] = ParticipantFactory(
            organisation=org, first_name=f"Man{name.upper()}"
        )
    # a starts on the last day (in), high risk at intake.
    EnrolmentFactory(
        group=one,
        participant=men["a"],
        start_date=LAST_DAY,
        risk_level_at_start=RiskLevel.HIGH,
    )
    # g started in January and completed on the last day.
    world.completed_place = EnrolmentFactory(
        group=one,
        participant=men["g"],
        start_date=D(2026, 1, 6),
        end_date=LAST_DAY,
        outcome=Enrolment.Outcome.COMPLETED,
        outcome_reason="completed_some_goals",
    )
    # h started in group two on the first day and dropped out in May.
    EnrolmentFactory(
        group=two,
        participant=men["h"],
        start_date=START,
        end_date=D(2026, 5, 20),
        outcome=Enrolment.Outcome.DROPPED_OUT,
        outcome_reason="stopped_engaging",
        risk_level_at_start=RiskLevel.STANDARD,
    )
    # i starts the day after (out); j has a place in group one from January.
    EnrolmentFactory(group=one, participant=men["i"], start_date=NEXT_DAY)
    EnrolmentFactory(group=one, participant=men["j"], start_date=D(2026, 1, 6))


def _moves(world):
    men = world.men
    S = Participant.Status
    move = StatusChangeFactory
    move(
        participant=men["a"],
        from_status=S.ASSESSMENT,
        to_status=S.WAITING_LIST,
        reason="assessed_suitable",
        effective_on=D(2026, 4, 10),
    )
    move(
        participant=men["a"],
        from_status=S.WAITING_LIST,
        to_status=S.ACTIVE,
        reason="started_programme",
        effective_on=LAST_DAY,
    )
    move(
        participant=men["b"],
        from_status=S.ASSESSMENT,
        to_status=S.NOT_SUITABLE,
        reason="denies_abuse",
        effective_on=D(2026, 5, 1),
    )
    move(
        participant=men["c"],
        from_status=S.ASSESSMENT,
        to_status=S.WAITING_LIST,
        reason="assessed_suitable",
        effective_on=D(2026, 3, 1),
    )
    move(
        participant=men["e"],
        from_status=S.ACTIVE,
        to_status=S.MOVED_AWAY,
        reason="moved_out_of_area",
        effective_on=LAST_DAY,
    )
    move(
        participant=men["i"],
        from_status=S.ACTIVE,
        to_status=S.MOVED_AWAY,
        reason="moved_out_of_area",
        effective_on=NEXT_DAY,
    )
    # Waiting for a manager: not in effect, not counted.
    move(
        participant=men["f"],
        from_status=S.ASSESSMENT,
        to_status=S.NOT_SUITABLE,
        reason="denies_abuse",
        effective_on=D(2026, 5, 2),
        approval=StatusChange.Approval.PENDING,
    )


def _sessions(world):
    one, two = world.groups["one"], world.groups["two"]
    men = world.men
    held = SessionFactory(group=one, date=D(2026, 4, 7), status=Session.Status.HELD)
    SessionFactory(
        group=one,
        date=D(2026, 4, 14),
        status=Session.Status.CANCELLED,
        cancellation_reason="Venue closed (fictional)",
    )
    later = SessionFactory(group=one, date=D(2026, 7, 7), status=Session.Status.HELD)
    OneToOneSessionFactory(
        participant=men["a"], date=LAST_DAY, status=Session.Status.HELD
    )
    AS = Attendance.Status
    AttendanceFactory(session=held, participant=men["g"], status=AS.PRESENT)
    AttendanceFactory(session=held, participant=men["a"], status=AS.LATE)
    AttendanceFactory(session=held, participant=men["j"], status=AS.UNEXCUSED)
    AttendanceFactory(session=later, participant=men["j"], status=AS.PRESENT)
    other = SessionFactory(group=two, date=D(2026, 5, 5), status=Session.Status.HELD)
    AttendanceFactory(session=other, participant=men["h"], status=AS.EXCUSED)


def _children_and_onward(world):
    men = world.men
    PS = Child.ProtectionStatus
    ChildFactory(participant=men["g"], protection_status=PS.PROTECTION_PLAN)
    ChildFactory(participant=men["g"], protection_status=PS.UNKNOWN)
    ChildFactory(
        participant=men["h"],
        protection_status=PS.CHILD_IN_NEED,
        lives_with_participant=True,
    )
    # i is not in service in the period: his child is not counted.
    ChildFactory(participant=men["i"], protection_status=PS.PROTECTION_PLAN)
    OnwardReferralFactory(
        organisation=world.org, participant=men["g"], made_on=LAST_DAY
    )
    OnwardReferralFactory(
        organisation=world.org, participant=men["g"], made_on=NEXT_DAY
    )
    OnwardReferralFactory(
        organisation=world.org,
        participant=men["h"],
        made_on=D(2026, 5, 1),
        kind=OnwardReferral.Kind.MARAC,
        agency=AgencyFactory(organisation=world.org, kind=Agency.Kind.MARAC),
        marac_criterion=OnwardReferral.Criterion.HIGH_COUNT,
    )


def _risk(world):
    org, men = world.org, world.men
    HighRiskAssessmentFactory(participant=men["a"], assessed_on=D(2026, 4, 20))
    ExitReportFactory(
        enrolment=world.completed_place,
        ended_on=LAST_DAY,
        risk_level_at_intake=RiskLevel.HIGH,
        risk_level_at_exit=RiskLevel.MEDIUM,
        sessions_planned=22,
        sessions_offered=22,
        sessions_attended=20,
        sessions_missed=2,
        minimum_attendance_percent=75,
        created_by=men["g"].caseworker,
    )
    seen = RiskEventFactory(
        participant=men["a"], kind=RiskEvent.Kind.SEPARATION, occurred_on=D(2026, 5, 1)
    )
    hers = RiskEventFactory(
        participant=men["h"],
        kind=RiskEvent.Kind.THREATS,
        occurred_on=LAST_DAY,
        visibility="partner_support_only",
    )
    RiskEventFactory(
        participant=men["a"], kind=RiskEvent.Kind.THREATS, occurred_on=NEXT_DAY
    )
    acknowledged = AlertFactory(event=seen)
    Alert.objects.filter(pk=acknowledged.pk).update(
        created_at=at(org, D(2026, 5, 1), 9),
        acknowledged_at=at(org, D(2026, 5, 1), 11),
        status=Alert.Status.ACKNOWLEDGED,
    )
    open_alert = AlertFactory(event=hers)
    Alert.objects.filter(pk=open_alert.pk).update(created_at=at(org, LAST_DAY, 23))


def _partners(world):
    org, men = world.org, world.men
    woman = {}
    for name in ("w", "x", "y", "v"):
        woman[name] = PartnerFactory(
            organisation=org, name=f"Woman{name.upper()} Sampleby"
        )
    world.women = woman
    # w: linked in April to g (started in January): first attempt 3 days
    # later, first conversation 5 days later.
    RelationshipFactory(
        partner=woman["w"], participant=men["g"], linked_on=D(2026, 4, 5)
    )
    FailedPartnerContactFactory(partner=woman["w"], occurred_at=at(org, D(2026, 4, 8)))
    PartnerContactFactory(partner=woman["w"], occurred_at=at(org, D(2026, 4, 10)))
    # x: linked before; declined support on the last day.
    RelationshipFactory(
        partner=woman["x"], participant=men["h"], linked_on=D(2026, 1, 10)
    )
    PartnerContactFactory(
        partner=woman["x"],
        occurred_at=at(org, LAST_DAY, 20),
        outcome=PartnerContact.Outcome.DECLINED,
    )
    # y: linked on the last day; first attempt the next day (after the period).
    RelationshipFactory(partner=woman["y"], participant=men["g"], linked_on=LAST_DAY)
    FailedPartnerContactFactory(partner=woman["y"], occurred_at=at(org, NEXT_DAY))
    # v: linked before; never reached in the period.
    RelationshipFactory(
        partner=woman["v"], participant=men["h"], linked_on=D(2026, 2, 1)
    )
    FailedPartnerContactFactory(partner=woman["v"], occurred_at=at(org, D(2026, 5, 1)))
    made = SafetyPlanFactory(partner=woman["w"], version=1)
    updated = SafetyPlanFactory(partner=woman["w"], version=2)
    later = SafetyPlanFactory(partner=woman["x"], version=1)
    SafetyPlan.objects.filter(pk=made.pk).update(created_at=at(org, D(2026, 4, 10)))
    SafetyPlan.objects.filter(pk=updated.pk).update(created_at=at(org, LAST_DAY, 23))
    SafetyPlan.objects.filter(pk=later.pk).update(created_at=at(org, NEXT_DAY, 1))


def _outcomes(world):
    """His intake questionnaire due in the period, answered."""
    place = world.completed_place
    point = TimePointFactory(
        enrolment=place,
        kind="intake",
        opens_on=D(2026, 4, 10),
        due_on=D(2026, 4, 20),
        closes_on=D(2026, 5, 20),
        status="completed",
    )
    ResponseFactory(
        time_point=point,
        status="complete",
        completed_at=timezone.now(),
        domain_scores={"physical": 3.0},
        recorded_by=place.participant.caseworker,
    )
