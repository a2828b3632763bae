import datetime

import factory
from django.utils import timezone

from outcomes.models import (
    OutcomeSettings,
    Questionnaire,
    Respondent,
    Response,
    TimePoint,
    TimePointKind,
)
from outcomes.summaries import refresh_summaries
from partner_contact.models import Consent
from tests.partner_contact.factories import ConsentFactory, RelationshipFactory
from tests.programmes.factories import EnrolmentFactory


def shipped(respondent: str) -> Questionnaire:
    return Questionnaire.objects.active().get(respondent=respondent)


def today():
    return timezone.localdate()


class TimePointFactory(factory.django.DjangoModelFactory):
    """His time point, open today."""

    class Meta:
        model = TimePoint

    enrolment = factory.SubFactory(
        EnrolmentFactory,
        start_date=factory.LazyFunction(lambda: today() - datetime.timedelta(days=3)),
    )
    organisation = factory.SelfAttribute("enrolment.organisation")
    participant = factory.SelfAttribute("enrolment.participant")
    respondent = Respondent.MAN
    kind = TimePointKind.INTAKE
    opens_on = factory.LazyFunction(lambda: today() - datetime.timedelta(days=10))
    due_on = factory.LazyFunction(today)
    closes_on = factory.LazyFunction(lambda: today() + datetime.timedelta(days=20))


class PartnerTimePointFactory(TimePointFactory):
    """Her time point, open today; her relationship to him is created with it."""

    respondent = Respondent.PARTNER
    partner = factory.LazyAttribute(
        lambda tp: (
            RelationshipFactory(
                organisation=tp.organisation,
                participant=tp.participant,
                partner__organisation=tp.organisation,
            ).partner
        )
    )


class ClosedTimePointFactory(TimePointFactory):
    opens_on = factory.LazyFunction(lambda: today() - datetime.timedelta(days=40))
    due_on = factory.LazyFunction(lambda: today() - datetime.timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: today() - datetime.timedelta(days=1))


class OutcomeConsentFactory(ConsentFactory):
    kind = Consent.Kind.OUTCOME_QUESTIONNAIRES


class ResponseFactory(factory.django.DjangoModelFactory):
    """A draft response (no answers) to his time point; a complete one is
    summarised for the programme figures, as record_response does."""

    class Meta:
        model = Response
        skip_postgeneration_save = True

    time_point = factory.SubFactory(TimePointFactory)
    organisation = factory.SelfAttribute("time_point.organisation")
    questionnaire = factory.LazyAttribute(lambda r: shipped(r.time_point.respondent))
    mode = Response.Mode.IN_PERSON
    recorded_by = factory.SelfAttribute("time_point.participant.caseworker")
    started_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def summarised(obj, create, extracted, **kwargs):
        if create and obj.status == Response.Status.COMPLETE:
            refresh_summaries(time_point=obj.time_point)


class OutcomeSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeSettings
