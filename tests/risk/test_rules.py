"""Every detector: it finds what it should, not what it should not, and never twice."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from participants.models import Participant, StatusChange
from programmes.models import Attendance
from risk import services
from risk.models import Alert, MonitoringPeriod, RiskEvent, Visibility
from risk.rules.case_events import (
    detect_hearings_soon,
    detect_missed_sessions,
    detect_separations,
    detect_status_moves,
)
from risk.rules.monitoring import (
    detect_expiring_consents,
    detect_missing_partner_contact,
    detect_overdue_reviews,
    detect_pregnancy_or_birth,
)
from risk.rules.safety_nets import detect_level_rises, detect_urgent_notes
from tests.complaints.factories import ComplaintFactory
from tests.enquiries.factories import EnquiryFactory  # enquiries
from tests.participants.factories import ChildFactory, ParticipantFactory
from tests.partner_contact.factories import (
    ConsentFactory,
    FailedPartnerContactFactory,
    MetCriteriaChecklistFactory,  # partner_side
    RelationshipFactory,
    SeparatedRelationshipFactory,
    WithdrawnConsentFactory,
)
from tests.programmes.factories import AttendanceFactory, HeldSessionFactory
from tests.referrals.factories import MaracOnwardReferralFactory
from tests.risk.factories import (
    AlertFactory,
    HighRiskAssessmentFactory,
    JudgedHighRiskAssessmentFactory,
    MediumRiskAssessmentFactory,
    MonitoringPeriodFactory,
    RiskAssessmentFactory,
    RiskEventFactory,
    RiskNoteFactory,
    UrgentRiskNoteFactory,
)

Kind = RiskEvent.Kind


def today():
    return timezone.localdate()


def run(detector):
    """Run one detector through the outbox; the new events it recorded."""
    return services.run_detectors(names=[detector.__name__])[detector.__name__].events


def kinds(events):
    return sorted(e.kind for e in events)


# Separation ---------------------------------------------------------------------


def test_separation_is_detected_once(man):
    relationship = SeparatedRelationshipFactory(
        participant=man, partner__organisation=man.organisation
    )
    events = run(detect_separations)
    assert kinds(events) == [Kind.SEPARATION]
    assert events[0].occurred_on == relationship.separated_on
    assert MonitoringPeriod.objects.filter(event=events[0]).exists()
    assert run(detect_separations) == []


def test_announced_separation_is_detected(man):
    RelationshipFactory(
        participant=man,
        partner__organisation=man.organisation,
        status="separation_announced",
        separation_announced_on=today() - timedelta(days=2),
    )
    assert kinds(run(detect_separations)) == [Kind.ANNOUNCED_SEPARATION]


def test_old_separation_and_couples_together_are_not_detected(man):
    SeparatedRelationshipFactory(
        participant=man,
        partner__organisation=man.organisation,
        separated_on=today() - timedelta(days=400),
    )
    RelationshipFactory(participant=man, partner__organisation=man.organisation)
    assert run(detect_separations) == []


# Missed sessions -----------------------------------------------------------------


def _attend(man, status, days_ago):
    session = HeldSessionFactory(
        organisation=man.organisation,
        group__organisation=man.organisation,
        date=today() - timedelta(days=days_ago),
    )
    return AttendanceFactory(
        session=session, participant=man, status=status, recorded_by=man.caseworker
    )


def test_two_unexcused_absences_in_a_row_are_detected(man):
    _attend(man, Attendance.Status.PRESENT, 21)
    _attend(man, Attendance.Status.UNEXCUSED, 14)
    second = _attend(man, Attendance.Status.UNEXCUSED, 7)
    events = run(detect_missed_sessions)
    assert kinds(events) == [Kind.MISSED_SESSIONS]
    assert events[0].dedup_key == f"absences:{second.pk}"


def test_absences_broken_by_attendance_or_excuse_are_not_detected(man):
    _attend(man, Attendance.Status.UNEXCUSED, 21)
    _attend(man, Attendance.Status.EXCUSED, 14)
    _attend(man, Attendance.Status.UNEXCUSED, 7)
    other = ParticipantFactory(organisation=man.organisation)
    _attend(other, Attendance.Status.UNEXCUSED, 14)
    _attend(other, Attendance.Status.PRESENT, 7)
    assert run(detect_missed_sessions) == []


# Status moves -------------------------------------------------------------------


def _move(man, to_status, days_ago=1, approval=StatusChange.Approval.NOT_NEEDED):
    return StatusChange.objects.create(
        organisation=man.organisation,
        participant=man,
        from_status=Participant.Status.ACTIVE,
        to_status=to_status,
        effective_on=today() - timedelta(days=days_ago),
        reason="test",
        changed_by=man.caseworker,
        approval=approval,
    )


def test_drop_out_and_exclusion_are_detected(man):
    _move(man, Participant.Status.DROPPED_OUT)
    _move(ParticipantFactory(organisation=man.organisation), "excluded")
    assert kinds(run(detect_status_moves)) == [Kind.DROP_OUT, Kind.EXCLUSION]


def test_pending_or_old_moves_are_not_detected(man):
    _move(man, "excluded", approval=StatusChange.Approval.PENDING)
    _move(man, "dropped_out", days_ago=60)
    _move(man, "waiting_list")
    assert run(detect_status_moves) == []


# Hearings and releases -------------------------------------------------------------


def test_hearing_within_14_days_is_detected(man):
    RiskEventFactory(
        participant=man, kind=Kind.COURT, occurred_on=today() + timedelta(5)
    )
    RiskEventFactory(
        participant=man,
        kind=Kind.RELEASE_FROM_CUSTODY,
        occurred_on=today() + timedelta(14),
    )
    assert kinds(run(detect_hearings_soon)) == [Kind.HEARING_SOON] * 2


def test_hearing_far_ahead_or_past_is_not_detected(man):
    RiskEventFactory(
        participant=man, kind=Kind.COURT, occurred_on=today() + timedelta(30)
    )
    RiskEventFactory(
        participant=man, kind=Kind.COURT, occurred_on=today() - timedelta(1)
    )
    RiskEventFactory(participant=man, kind=Kind.POLICE_CALLOUT)
    assert run(detect_hearings_soon) == []


# Overdue reviews ----------------------------------------------------------------


def test_overdue_review_of_the_latest_assessment_is_detected(man):
    RiskAssessmentFactory(
        participant=man,
        assessed_on=today() - timedelta(weeks=13),
        next_review_on=today() - timedelta(weeks=1),
    )
    assert kinds(run(detect_overdue_reviews)) == [Kind.REVIEW_OVERDUE]


def test_review_not_overdue_when_a_newer_assessment_exists(man):
    RiskAssessmentFactory(
        participant=man,
        assessed_on=today() - timedelta(weeks=13),
        next_review_on=today() - timedelta(weeks=1),
    )
    RiskAssessmentFactory(participant=man, assessed_on=today() - timedelta(days=2))
    closed = ParticipantFactory(organisation=man.organisation, status="closed")
    RiskAssessmentFactory(
        participant=closed,
        assessed_on=today() - timedelta(weeks=13),
        next_review_on=today() - timedelta(weeks=1),
    )
    assert run(detect_overdue_reviews) == []


def test_no_review_within_two_weeks_of_a_monitoring_period_is_detected(man):
    MonitoringPeriodFactory(
        event__participant=man, event__occurred_on=today() - timedelta(days=20)
    )
    events = run(detect_overdue_reviews)
    assert kinds(events) == [Kind.REVIEW_OVERDUE]
    assert events[0].dedup_key.startswith("period-review:")


def test_reviewed_monitoring_period_is_not_overdue(man):
    MonitoringPeriodFactory(
        event__participant=man, event__occurred_on=today() - timedelta(days=20)
    )
    RiskAssessmentFactory(participant=man, assessed_on=today() - timedelta(days=5))
    assert run(detect_overdue_reviews) == []


# No partner contact in a monitoring period --------------------------------------


def test_no_contact_attempt_for_7_days_in_a_period_is_detected(man):
    relationship = RelationshipFactory(
        participant=man, partner__organisation=man.organisation
    )
    MonitoringPeriodFactory(
        event__participant=man, event__occurred_on=today() - timedelta(days=20)
    )
    FailedPartnerContactFactory(
        partner=relationship.partner, occurred_at=timezone.now() - timedelta(days=9)
    )
    events = run(detect_missing_partner_contact)
    assert kinds(events) == [Kind.NO_PARTNER_CONTACT]
    assert events[0].visibility == Visibility.PARTNER_SUPPORT_ONLY
    # The partner-support worker is alerted, never the man's caseworker.
    recipients = set(events[0].alerts.values_list("recipient", flat=True))
    assert relationship.partner.partner_support_worker_id in recipients
    assert man.caseworker_id not in recipients


def test_a_recent_attempt_or_no_partner_means_no_detection(man):
    relationship = RelationshipFactory(
        participant=man, partner__organisation=man.organisation
    )
    MonitoringPeriodFactory(
        event__participant=man, event__occurred_on=today() - timedelta(days=20)
    )
    FailedPartnerContactFactory(
        partner=relationship.partner, occurred_at=timezone.now() - timedelta(days=3)
    )
    alone = ParticipantFactory(organisation=man.organisation)
    MonitoringPeriodFactory(
        event__participant=alone, event__occurred_on=today() - timedelta(days=20)
    )
    assert run(detect_missing_partner_contact) == []


# Urgent notes and level rises ----------------------------------------------------


def test_urgent_note_is_an_event_once(man):
    note = UrgentRiskNoteFactory(participant=man)
    RiskNoteFactory(participant=man)
    events = run(detect_urgent_notes)
    assert [e.dedup_key for e in events] == [f"urgent-note:{note.pk}"]
    assert run(detect_urgent_notes) == []


def test_urgent_note_written_through_the_service_is_not_detected_again(man, caseworker):
    services.add_risk_note(
        participant=man,
        author=caseworker,
        severity="urgent",
        category="behaviour",
        text="He said he would go to her house tonight.",
    )
    assert RiskEvent.objects.filter(kind=Kind.URGENT_NOTE).count() == 1
    assert run(detect_urgent_notes) == []


def test_rise_of_the_assessed_level_is_detected(man):
    RiskAssessmentFactory(participant=man, assessed_on=today() - timedelta(days=30))
    MediumRiskAssessmentFactory(participant=man, assessed_on=today() - timedelta(1))
    assert kinds(run(detect_level_rises)) == [Kind.LEVEL_RAISED]


def test_a_rise_over_an_assessment_recorded_long_ago_is_detected(man):
    # The level before the rise was recorded months ago: only the new one is
    # recent, yet his whole history is compared.
    earlier = RiskAssessmentFactory(
        participant=man, assessed_on=today() - timedelta(days=200)
    )
    type(earlier).objects.filter(pk=earlier.pk).update(
        created_at=timezone.now() - timedelta(days=200)
    )
    rise = HighRiskAssessmentFactory(participant=man, assessed_on=today())
    long_ago = ParticipantFactory(organisation=man.organisation)
    for days in (300, 200):
        old = MediumRiskAssessmentFactory(
            participant=long_ago, assessed_on=today() - timedelta(days=days)
        )
        type(old).objects.filter(pk=old.pk).update(
            created_at=timezone.now() - timedelta(days=days)
        )
    HighRiskAssessmentFactory(
        participant=long_ago, assessed_on=today() - timedelta(days=100)
    )
    type(old).objects.filter(participant=long_ago, level="high").update(
        created_at=timezone.now() - timedelta(days=100)
    )
    events = run(detect_level_rises)
    assert [e.dedup_key for e in events] == [f"level-rise:{rise.pk}"]


def test_same_or_lower_level_is_not_a_rise(man):
    HighRiskAssessmentFactory(participant=man, assessed_on=today() - timedelta(days=30))
    MediumRiskAssessmentFactory(participant=man, assessed_on=today() - timedelta(1))
    RiskAssessmentFactory(participant=ParticipantFactory(organisation=man.organisation))
    assert run(detect_level_rises) == []


# Pregnancy or birth ------------------------------------------------------------


def test_pregnancy_answer_opens_an_18_month_period(man, instrument):
    assessment = RiskAssessmentFactory(participant=man)
    item = instrument.items.get(marks_pregnancy=True)
    assessment.answers.create(item=item, answer="yes")
    events = run(detect_pregnancy_or_birth)
    assert kinds(events) == [Kind.PREGNANCY]
    period = MonitoringPeriod.objects.get(event=events[0])
    assert (period.ends_on - period.starts_on).days == 548


def test_baby_recorded_among_children_is_detected_once(man):
    ChildFactory(
        participant=man, organisation=man.organisation, birth_year=today().year
    )
    ChildFactory(
        participant=man, organisation=man.organisation, birth_year=today().year
    )
    # One event covers the window: the second baby adds nothing.
    assert kinds(run(detect_pregnancy_or_birth)) == [Kind.PREGNANCY]


def test_older_children_and_no_answers_are_not_a_pregnancy(man, instrument):
    ChildFactory(participant=man, organisation=man.organisation, birth_year=2015)
    assessment = RiskAssessmentFactory(participant=man)
    item = instrument.items.get(marks_pregnancy=True)
    assessment.answers.create(item=item, answer="no")
    assert run(detect_pregnancy_or_birth) == []


# Consents ------------------------------------------------------------------------


def test_consent_about_to_expire_is_a_partner_side_event(man):
    relationship = RelationshipFactory(
        participant=man, partner__organisation=man.organisation
    )
    ConsentFactory(partner=relationship.partner, expires_on=today() + timedelta(10))
    events = run(detect_expiring_consents)
    assert kinds(events) == [Kind.CONSENT_EXPIRING]
    assert events[0].visibility == Visibility.PARTNER_SUPPORT_ONLY
    assert set(events[0].alerts.values_list("recipient", flat=True)) == {
        relationship.partner.partner_support_worker_id
    }


def test_far_or_withdrawn_consents_are_not_detected(man):
    relationship = RelationshipFactory(
        participant=man, partner__organisation=man.organisation
    )
    ConsentFactory(partner=relationship.partner, expires_on=today() + timedelta(60))
    WithdrawnConsentFactory(
        partner=relationship.partner, expires_on=today() + timedelta(5)
    )
    assert run(detect_expiring_consents) == []


# Every detector, twice ------------------------------------------------------------


@pytest.fixture
def everything(man, instrument):
    """At least one detection for every detector."""
    org = man.organisation
    SeparatedRelationshipFactory(participant=man, partner__organisation=org)
    relationship = RelationshipFactory(
        participant=ParticipantFactory(organisation=org), partner__organisation=org
    )
    ConsentFactory(partner=relationship.partner, expires_on=today() + timedelta(3))
    _attend(man, Attendance.Status.UNEXCUSED, 14)
    _attend(man, Attendance.Status.UNEXCUSED, 7)
    _move(man, Participant.Status.SUSPENDED)
    RiskEventFactory(
        participant=man, kind=Kind.COURT, occurred_on=today() + timedelta(3)
    )
    RiskAssessmentFactory(
        participant=man,
        assessed_on=today() - timedelta(weeks=20),
        next_review_on=today() - timedelta(weeks=8),
    )
    assessment = HighRiskAssessmentFactory(participant=man, assessed_on=today())
    assessment.answers.create(
        item=instrument.items.get(marks_pregnancy=True), answer="yes"
    )
    UrgentRiskNoteFactory(participant=man)
    MonitoringPeriodFactory(
        event__participant=relationship.participant,
        event__occurred_on=today() - timedelta(days=30),
    )
    # Her checklist met the criteria: his case hears it (partner_side).
    MetCriteriaChecklistFactory(partner=relationship.partner)
    # One MARAC criterion per detector: judgement for one man; escalation (three
    # incidents in the year) and a repeat (one after his referral) for another.
    JudgedHighRiskAssessmentFactory(participant=ParticipantFactory(organisation=org))
    incidents = ParticipantFactory(organisation=org)
    MaracOnwardReferralFactory(
        participant=incidents, organisation=org, made_on=today() - timedelta(200)
    )
    for days in (150, 100, 10):
        RiskEventFactory(participant=incidents, occurred_on=today() - timedelta(days))
    EnquiryFactory(
        organisation=org, first_contact_due=today() - timedelta(2)
    )  # enquiries
    # A complaint received two months ago and never answered: past its deadline.
    ComplaintFactory(organisation=org, received_on=today() - timedelta(60))
    return man


def test_every_detector_finds_something_and_a_second_run_creates_nothing(everything):
    first = services.run_detectors()
    assert all(result.events for result in first.values()), {
        name: len(result.events) for name, result in first.items()
    }
    counts = (
        RiskEvent.objects.count(),
        Alert.objects.count(),
        MonitoringPeriod.objects.count(),
        RiskEvent.history.count(),
    )
    second = services.run_detectors()
    assert all(not result.events for result in second.values())
    assert counts == (
        RiskEvent.objects.count(),
        Alert.objects.count(),
        MonitoringPeriod.objects.count(),
        RiskEvent.history.count(),
    )


def _queries_for_new_high_risk_men(org, count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(count):
        man = ParticipantFactory(organisation=org)
        HighRiskAssessmentFactory(participant=man, assessed_on=today() - timedelta(n))
    with CaptureQueriesContext(connection) as queries:
        results = services.run_detectors()
    assert len(results["detect_marac_high_count"].events) == count
    return len(queries)


def test_detector_queries_do_not_grow_with_the_number_of_men(everything):
    services.run_detectors()
    few = _queries_for_new_high_risk_men(everything.organisation, 3)
    many = _queries_for_new_high_risk_men(everything.organisation, 30)
    assert few == many


def test_detection_dates_are_real_dates(everything):
    for result in services.run_detectors().values():
        for event in result.events:
            assert isinstance(event.occurred_on, datetime.date)


def test_alert_factory_is_usable(man):
    assert AlertFactory(event__participant=man).recipient == man.caseworker
