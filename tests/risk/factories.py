import datetime
import uuid

import factory
from django.utils import timezone

from participants.models import RiskLevel
from risk.models import (
    Alert,
    MonitoringPeriod,
    RiskAssessment,
    RiskEvent,
    RiskInstrument,
    RiskNote,
    Visibility,
)
from tests.participants.factories import ParticipantFactory


def shipped_instrument():
    return RiskInstrument.objects.get(
        code="ric-24", is_active=True, organisation__isnull=True
    )


class RiskAssessmentFactory(factory.django.DjangoModelFactory):
    """An assessment row (without answers): enough for detectors and pages."""

    class Meta:
        model = RiskAssessment

    participant = factory.SubFactory(ParticipantFactory)
    organisation = factory.SelfAttribute("participant.organisation")
    instrument = factory.LazyFunction(shipped_instrument)
    assessed_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=7)
    )
    assessed_by = factory.SelfAttribute("participant.caseworker")
    sources = ["interview"]
    yes_count = 5
    score = factory.SelfAttribute("yes_count")
    medium_from = 10
    high_from = 14
    computed_level = RiskLevel.STANDARD
    level = factory.SelfAttribute("computed_level")
    next_review_on = factory.LazyAttribute(
        lambda a: a.assessed_on + datetime.timedelta(weeks=12)
    )


class MediumRiskAssessmentFactory(RiskAssessmentFactory):
    yes_count = 11
    computed_level = RiskLevel.MEDIUM


class HighRiskAssessmentFactory(RiskAssessmentFactory):
    yes_count = 15
    computed_level = RiskLevel.HIGH


class JudgedHighRiskAssessmentFactory(RiskAssessmentFactory):
    """Computed standard, raised to high by professional judgement."""

    judgement_level = RiskLevel.HIGH
    judgement_reason = "Threats to kill after she said she would leave."
    level = RiskLevel.HIGH


class RiskNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskNote

    participant = factory.SubFactory(ParticipantFactory)
    organisation = factory.SelfAttribute("participant.organisation")
    author = factory.SelfAttribute("participant.caseworker")
    severity = RiskNote.Severity.CONCERN
    category = RiskNote.Category.BEHAVIOUR
    text = "Spoke of her with contempt during the group."
    visibility = Visibility.PROGRAMME


class UrgentRiskNoteFactory(RiskNoteFactory):
    severity = RiskNote.Severity.URGENT


class PartnerSupportOnlyRiskNoteFactory(RiskNoteFactory):
    category = RiskNote.Category.PARTNER_SIGNAL
    visibility = Visibility.PARTNER_SUPPORT_ONLY
    text = "Partner-side signal: kept within partner support."


class RiskEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskEvent

    participant = factory.SubFactory(ParticipantFactory)
    organisation = factory.SelfAttribute("participant.organisation")
    kind = RiskEvent.Kind.POLICE_CALLOUT
    occurred_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=3)
    )
    source = RiskEvent.Source.PERSON
    reported_by = factory.SelfAttribute("participant.caseworker")
    dedup_key = factory.LazyFunction(lambda: f"person:{uuid.uuid4()}")


class PartnerSideRiskEventFactory(RiskEventFactory):
    kind = RiskEvent.Kind.THREATS
    visibility = Visibility.PARTNER_SUPPORT_ONLY


class MonitoringPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringPeriod

    event = factory.SubFactory(
        RiskEventFactory,
        kind=RiskEvent.Kind.SEPARATION,
        occurred_on=factory.LazyFunction(
            lambda: timezone.localdate() - datetime.timedelta(days=10)
        ),
    )
    participant = factory.SelfAttribute("event.participant")
    organisation = factory.SelfAttribute("event.organisation")
    reason = factory.SelfAttribute("event.kind")
    starts_on = factory.SelfAttribute("event.occurred_on")
    ends_on = factory.LazyAttribute(lambda p: p.starts_on + datetime.timedelta(days=90))


class AlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alert

    event = factory.SubFactory(RiskEventFactory)
    organisation = factory.SelfAttribute("event.organisation")
    recipient = factory.SelfAttribute("event.participant.caseworker")
    reason = Alert.Reason.CASEWORKER
    email_status = Alert.EmailStatus.PENDING


class AcknowledgedAlertFactory(AlertFactory):
    status = Alert.Status.ACKNOWLEDGED
    acknowledged_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # created_at is stamped on insert, after acknowledged_at was chosen: the
        # alert is taken on no earlier than it was raised (a CheckConstraint).
        acknowledged_at = kwargs.pop("acknowledged_at")
        kwargs["status"] = Alert.Status.OPEN
        alert = super()._create(model_class, *args, **kwargs)
        alert.status = Alert.Status.ACKNOWLEDGED
        alert.acknowledged_at = max(acknowledged_at, alert.created_at)
        model_class.objects.filter(pk=alert.pk).update(
            status=alert.status, acknowledged_at=alert.acknowledged_at
        )
        return alert
