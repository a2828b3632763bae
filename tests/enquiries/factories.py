from datetime import timedelta

import factory
from django.utils import timezone

from enquiries.models import Enquiry
from tests.accounts.factories import OrganisationFactory


class EnquiryFactory(factory.django.DjangoModelFactory):
    """An open enquiry taken by phone, waiting for its first contact."""

    class Meta:
        model = Enquiry

    organisation = factory.SubFactory(OrganisationFactory)
    channel = Enquiry.Channel.PHONE
    received_at = factory.LazyFunction(timezone.now)
    received_on = factory.LazyAttribute(lambda e: timezone.localdate(e.received_at))
    first_contact_due = factory.LazyAttribute(
        lambda e: e.received_on + timedelta(days=1)
    )
    name = factory.Sequence(lambda n: f"Enquirer{n} (fictional)")
    reach_by = Enquiry.ReachBy.PHONE
    phone = "07700 900111"
    safe_times = "Weekday mornings (fictional)"
    concerns = "ENQUIRY-WORDS worried about him (fictional)"


class ContactedEnquiryFactory(EnquiryFactory):
    first_contact_at = factory.LazyAttribute(lambda e: e.received_at)


class PublicEnquiryFactory(EnquiryFactory):
    channel = Enquiry.Channel.PUBLIC_PAGE


class ClosedEnquiryFactory(ContactedEnquiryFactory):
    outcome = Enquiry.Outcome.INFORMATION_GIVEN
    closed_at = factory.LazyFunction(timezone.now)
