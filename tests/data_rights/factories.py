import datetime

import factory

from data_rights.models import RightsRequest
from data_rights.services import one_month_after
from tests.accounts.factories import ManagerFactory
from tests.participants.factories import ParticipantFactory


class RightsRequestFactory(factory.django.DjangoModelFactory):
    """A man's request for access, received today, identity checked."""

    class Meta:
        model = RightsRequest

    participant = factory.SubFactory(ParticipantFactory)
    organisation = factory.LazyAttribute(
        lambda o: (o.participant or o.partner).organisation
    )
    partner = None
    kind = RightsRequest.Kind.ACCESS
    received_on = factory.LazyFunction(datetime.date.today)
    due_on = factory.LazyAttribute(lambda o: one_month_after(o.received_on))
    identity_checked = True
    recorded_by = factory.SubFactory(
        ManagerFactory, organisation=factory.SelfAttribute("..organisation")
    )


class HerRightsRequestFactory(RightsRequestFactory):
    """A woman's request for access."""

    participant = None
    partner = factory.SubFactory("tests.partner_contact.factories.PartnerFactory")


class ErasureRequestFactory(RightsRequestFactory):
    kind = RightsRequest.Kind.ERASURE


class RestrictionRequestFactory(RightsRequestFactory):
    kind = RightsRequest.Kind.RESTRICTION
