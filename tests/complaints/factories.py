import datetime

import factory

from complaints.models import Complaint
from tests.accounts.factories import CaseworkerFactory, OrganisationFactory


class ComplaintFactory(factory.django.DjangoModelFactory):
    """A complaint from a man about the programme, received on a Monday and not
    yet answered; its deadline is counted as the service counts it."""

    class Meta:
        model = Complaint
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    kind = Complaint.Kind.COMPLAINT
    source = Complaint.Source.MAN
    summary = factory.Sequence(lambda n: f"Session moved at short notice ({n})")
    details = "He says the group was moved without telling him."
    received_on = datetime.date(2026, 11, 2)
    recorded_by = factory.SubFactory(
        CaseworkerFactory, organisation=factory.SelfAttribute("..organisation")
    )

    @factory.post_generation
    def deadline(obj, create, extracted, **kwargs):
        obj.set_response_due()
        if create:
            obj.save(update_fields=["response_due_on"])


class PartnerServiceComplaintFactory(ComplaintFactory):
    """A complaint about the partner-support service: behind the firewall."""

    source = Complaint.Source.PUBLIC
    about_partner_service = True
    summary = factory.Sequence(lambda n: f"Partner-support call not returned ({n})")


class ComplimentFactory(ComplaintFactory):
    kind = Complaint.Kind.COMPLIMENT
    source = Complaint.Source.AGENCY
    summary = factory.Sequence(lambda n: f"Thanks for the joint visit ({n})")
