"""The words the system writes into a risk event are in its organisation's
language: a detector runs in a worker where no reader's language is active, and
an event a worker reports is read by colleagues who may not share that worker's
profile language (risk.words)."""

import datetime

import pytest
from django.utils import timezone, translation

from participants.models import Participant
from risk import services
from risk.events import status_move_detection
from risk.models import RiskEvent
from risk.outbox import record_events
from tests.accounts.factories import OrganisationFactory
from tests.participants.factories import ParticipantFactory
from tests.risk.factories import RiskAssessmentFactory

pytestmark = pytest.mark.django_db


def _overdue_review_in(organisation):
    man = ParticipantFactory(
        organisation=organisation, status=Participant.Status.ACTIVE
    )
    RiskAssessmentFactory(
        participant=man,
        assessed_on=datetime.date(2026, 8, 1),
        next_review_on=datetime.date(2026, 11, 3),
    )
    return man


def test_a_detector_writes_each_organisations_language():
    german = _overdue_review_in(OrganisationFactory(language="de"))
    spanish = _overdue_review_in(OrganisationFactory(language="es"))
    english = _overdue_review_in(OrganisationFactory(language="en-gb"))
    # As in a Celery worker: whatever language is active, the organisation's wins.
    with translation.override("fr"):
        services.run_detectors(
            today=datetime.date(2026, 11, 30),
            at=timezone.now(),
            names=["detect_overdue_reviews"],
            deliver=False,
        )
    summary = {
        e.participant_id: e.summary
        for e in RiskEvent.objects.filter(kind=RiskEvent.Kind.REVIEW_OVERDUE)
    }
    assert summary[german.pk] == "Die Überprüfung war am 3. November 2026 fällig."
    assert summary[spanish.pk] == "La revisión vencía el 3 de noviembre de 2026."
    assert summary[english.pk] == "Review was due on 3 Nov 2026."


def test_a_reported_event_is_written_in_the_organisations_language():
    man = ParticipantFactory(organisation=OrganisationFactory(language="de"))
    detection = status_move_detection(
        status_change_id=1,
        organisation_id=man.organisation_id,
        participant_id=man.pk,
        to_status=Participant.Status.SUSPENDED,
        effective_on=datetime.date(2026, 11, 30),
    )
    # The worker who made the move reads Italian; her German colleagues read it.
    with translation.override("it"):
        record_events([detection], deliver=False)
    event = RiskEvent.objects.get()
    assert event.summary.startswith("Fall nach „")
    assert event.summary.endswith("“ gewechselt.")
