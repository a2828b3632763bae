"""The missed-questionnaire detector: what its events say, and whose points it
marks."""

import datetime

from django.utils import timezone

from outcomes.detectors import DETECTOR_NAME, detect_missed_time_points
from outcomes.models import TimePoint
from risk.models import RiskEvent
from tests.outcomes.factories import ClosedTimePointFactory, PartnerTimePointFactory


def closed_for_her(**fields):
    today = timezone.localdate()
    return PartnerTimePointFactory(
        opens_on=today - datetime.timedelta(days=40),
        due_on=today - datetime.timedelta(days=30),
        closes_on=today - datetime.timedelta(days=2),
        **fields,
    )


def test_each_missed_point_is_one_event_saying_whose_and_which(db):
    """His and her missed points: the event's key, date, kind, detector and
    words; the points are settled at the run's time."""
    his = ClosedTimePointFactory(kind="end")
    hers = closed_for_her(kind="intake")
    now = timezone.now()
    recorded = detect_missed_time_points(today=timezone.localdate(), now=now)
    events = {e.dedup_key: e for e in recorded.events}
    assert set(events) == {f"outcome-missed:{his.pk}", f"outcome-missed:{hers.pk}"}
    mine = events[f"outcome-missed:{his.pk}"]
    her_event = events[f"outcome-missed:{hers.pk}"]
    assert mine.summary == (
        "His outcome questionnaire (End (completed or stopped attending)) was "
        "missed: its window closed."
    )
    assert her_event.summary == (
        "Her outcome questionnaire (Intake) was missed: its window closed."
    )
    assert mine.occurred_on == his.closes_on
    assert mine.participant_id == his.participant_id
    assert mine.kind == RiskEvent.Kind.HIS_QUESTIONNAIRE_MISSED
    assert her_event.kind == RiskEvent.Kind.HER_QUESTIONNAIRE_MISSED
    assert (mine.partner_id, her_event.partner_id) == (None, hers.partner_id)
    assert {e.detector for e in events.values()} == {DETECTOR_NAME}
    for point in (his, hers):
        point.refresh_from_db()
        assert (point.status, point.settled_at) == (TimePoint.Status.MISSED, now)


def test_a_run_for_some_organisations_leaves_the_others(db, org, other_org):
    ours = ClosedTimePointFactory(enrolment__organisation=org)
    theirs = ClosedTimePointFactory(enrolment__organisation=other_org)
    today = timezone.localdate()
    assert (
        detect_missed_time_points(
            today=today, now=timezone.now(), organisation_ids=set()
        ).events
        == []
    )
    recorded = detect_missed_time_points(
        today=today, now=timezone.now(), organisation_ids={org.pk}
    )
    assert [e.dedup_key for e in recorded.events] == [f"outcome-missed:{ours.pk}"]
    theirs.refresh_from_db()
    assert theirs.status == TimePoint.Status.PENDING
