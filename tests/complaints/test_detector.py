"""The overdue-complaint detector: an alert to the managers the day after the
deadline, once, with none of the complaint's words; firewalled ones stay so."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import PublicHoliday
from risk.models import Alert, RiskEvent, Visibility
from risk.rules.complaints import detect_overdue_complaints
from risk.services import escalate_unacknowledged_alerts, run_detectors
from tests.complaints.factories import ComplaintFactory, PartnerServiceComplaintFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_days(org):
    org.complaint_response_working_days = 5
    org.save()
    return org


def _run(today):
    return detect_overdue_complaints(today=today, now=timezone.now())


def test_found_only_after_the_deadline_counting_holidays(five_days):
    """Received Monday 2 Nov, five working days, a holiday on Wednesday 4 Nov:
    due Tuesday 10 Nov, overdue from Wednesday 11 Nov."""
    PublicHoliday.objects.create(
        organisation=five_days, date=datetime.date(2026, 11, 4), name="Holiday"
    )
    complaint = ComplaintFactory(organisation=five_days)
    assert _run(datetime.date(2026, 11, 10)) == []
    found = _run(datetime.date(2026, 11, 11))
    assert [d.complaint_id for d in found] == [complaint.pk]
    assert found[0].participant_id is None
    assert found[0].dedup_key == f"complaint:{complaint.pk}:overdue"
    assert complaint.summary not in str(found[0].summary)


def test_answered_complaints_and_compliments_are_not_found(five_days):
    ComplaintFactory(organisation=five_days, responded_on=datetime.date(2026, 11, 6))
    ComplaintFactory(organisation=five_days, kind="compliment")
    assert _run(datetime.date(2026, 12, 1)) == []


def test_alerts_managers_once_however_often_it_runs(five_days, manager, caseworker):
    complaint = ComplaintFactory(organisation=five_days, handled_by=caseworker)
    at = timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 0))
    for _ in range(2):
        run_detectors(today=datetime.date(2026, 11, 20), at=at)
    event = RiskEvent.objects.get(complaint=complaint)
    assert event.kind == RiskEvent.Kind.COMPLAINT_OVERDUE
    assert list(
        Alert.objects.filter(event=event).values_list("recipient", flat=True)
    ) == [manager.pk]


def test_partner_service_complaint_event_is_firewalled(five_days, manager):
    complaint = PartnerServiceComplaintFactory(organisation=five_days)
    found = _run(datetime.date(2026, 12, 1))
    assert found[0].visibility == Visibility.PARTNER_SUPPORT_ONLY
    assert complaint.summary not in str(found[0].summary)


def test_an_unanswered_overdue_complaint_alert_escalates(five_days, manager):
    """The escalation of an alert about a complaint names the complaint: the
    event is about no man, and an escalation about nobody would be refused by
    the database and stop the whole detector run."""
    complaint = ComplaintFactory(organisation=five_days)
    at = timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 0))
    run_detectors(today=datetime.date(2026, 11, 20), at=at)
    later = timezone.now() + datetime.timedelta(
        hours=five_days.alert_acknowledge_hours + 1
    )
    escalation = escalate_unacknowledged_alerts(at=later)
    assert [e.kind for e in escalation.events] == [RiskEvent.Kind.UNACKNOWLEDGED_ALERT]
    assert escalation.events[0].complaint_id == complaint.pk
    assert [a.recipient_id for a in escalation.alerts] == [manager.pk]
