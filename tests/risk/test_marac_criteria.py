"""The MARAC criteria, one detector each: what meets a criterion, what does not,
and keys that stay those of the single detector they replaced."""

from datetime import timedelta

from django.utils import timezone

from risk import services
from risk.models import RiskEvent, RiskSettings
from risk.rules.marac_criteria import (
    detect_marac_escalation,
    detect_marac_high_count,
    detect_marac_judgement,
    detect_marac_repeat,
)
from risk.rules.safety_nets import detect_urgent_notes
from tests.participants.factories import ParticipantFactory
from tests.referrals.factories import MaracOnwardReferralFactory
from tests.risk.factories import (
    HighRiskAssessmentFactory,
    JudgedHighRiskAssessmentFactory,
    RiskEventFactory,
    UrgentRiskNoteFactory,
)

Kind = RiskEvent.Kind


def today():
    return timezone.localdate()


def run(detector):
    """Run one detector through the outbox; the new events it recorded."""
    return services.run_detectors(names=[detector.__name__])[detector.__name__].events


def run_marac():
    """Every MARAC criterion's detector in one run: the new events of all four."""
    names = [
        detector.__name__
        for detector in (
            detect_marac_high_count,
            detect_marac_judgement,
            detect_marac_escalation,
            detect_marac_repeat,
        )
    ]
    results = services.run_detectors(names=names)
    return [event for name in names for event in results[name].events]


# MARAC criteria ------------------------------------------------------------------


def test_high_count_and_judgement_meet_a_marac_criterion(man):
    HighRiskAssessmentFactory(participant=man)
    JudgedHighRiskAssessmentFactory(
        participant=ParticipantFactory(organisation=man.organisation)
    )
    events = run_marac()
    keys = sorted(e.dedup_key.split(":")[2] for e in events)
    assert keys == ["high_count", "professional_judgement"]


def test_organisation_threshold_applies_to_marac(man, org):
    RiskSettings.objects.create(organisation=org, marac_threshold=17)
    HighRiskAssessmentFactory(participant=man, yes_count=15)
    assert run_marac() == []


def test_escalation_third_incident_in_a_year_meets_a_criterion(man):
    for days in (300, 100, 10):
        RiskEventFactory(participant=man, occurred_on=today() - timedelta(days=days))
    events = run_marac()
    assert [e.dedup_key.split(":")[2] for e in events] == ["escalation"]


def test_two_incidents_or_old_ones_do_not_meet_escalation(man):
    for days in (500, 100, 10):
        RiskEventFactory(participant=man, occurred_on=today() - timedelta(days=days))
    assert run_marac() == []


def test_a_man_already_referred_is_not_offered_again(man):
    HighRiskAssessmentFactory(participant=man, assessed_on=today() - timedelta(days=20))
    MaracOnwardReferralFactory(
        participant=man, organisation=man.organisation, made_on=today()
    )
    assert run_marac() == []


def test_new_incident_within_a_year_of_a_referral_is_a_repeat(man):
    MaracOnwardReferralFactory(
        participant=man,
        organisation=man.organisation,
        made_on=today() - timedelta(days=100),
    )
    RiskEventFactory(participant=man, occurred_on=today() - timedelta(days=5))
    events = run_marac()
    assert [e.dedup_key.split(":")[2] for e in events] == ["repeat"]


def test_alerts_of_another_organisation_stay_there(man, other_org):
    HighRiskAssessmentFactory(participant=ParticipantFactory(organisation=other_org))
    events = run_marac()
    assert {a.organisation_id for e in events for a in e.alerts.all()} == {other_org.pk}


def test_marac_events_of_the_single_detector_before_the_split_are_not_doubled(man):
    """The four criteria detectors kept the keys of the one detector before them,
    so an event it recorded before the deploy is recognised."""
    assessment = HighRiskAssessmentFactory(participant=man)
    RiskEventFactory(
        participant=man,
        kind=Kind.MARAC_CRITERION,
        source=RiskEvent.Source.DETECTOR,
        detector="detect_marac_criteria",
        dedup_key=f"marac:{man.pk}:high_count:{assessment.pk}",
    )
    assert run_marac() == []


def test_each_event_names_the_detector_that_found_it(man):
    HighRiskAssessmentFactory(participant=man)
    UrgentRiskNoteFactory(participant=man)
    events = run_marac() + run(detect_urgent_notes)
    # An urgent note's event is the note's own (written with it): no detector.
    assert sorted(e.detector for e in events) == ["", "detect_marac_high_count"]
