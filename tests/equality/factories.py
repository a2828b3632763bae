import factory

from equality.models import Characteristic, EqualityAnswer, MonitoringOption
from tests.accounts.factories import CaseworkerFactory, OrganisationFactory


class MonitoringOptionFactory(factory.django.DjangoModelFactory):
    """One option of an organisation's list (an ethnicity unless told)."""

    class Meta:
        model = MonitoringOption

    organisation = factory.SubFactory(OrganisationFactory)
    characteristic = Characteristic.ETHNICITY
    label = factory.Sequence(lambda n: f"Test group {n}")
    position = factory.Sequence(lambda n: n)


class EqualityAnswerFactory(factory.django.DjangoModelFactory):
    """His answer to one question, giving an option of his organisation."""

    class Meta:
        model = EqualityAnswer

    organisation = factory.SelfAttribute("participant.organisation")
    participant = None
    partner = None
    characteristic = factory.SelfAttribute("option.characteristic")
    answer = EqualityAnswer.Answer.ANSWERED
    option = factory.SubFactory(
        MonitoringOptionFactory, organisation=factory.SelfAttribute("..organisation")
    )
    recorded_by = factory.SubFactory(
        CaseworkerFactory, organisation=factory.SelfAttribute("..organisation")
    )


class PreferNotToSayAnswerFactory(EqualityAnswerFactory):
    answer = EqualityAnswer.Answer.PREFER_NOT_TO_SAY
    option = None
    characteristic = Characteristic.ETHNICITY
