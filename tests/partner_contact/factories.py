import datetime

import factory
from django.utils import timezone

from partner_contact import checklist_data  # her_case
from partner_contact.models import (
    ChecklistVersion,  # her_case
    ChildLink,  # her_case
    Consent,
    Partner,
    PartnerChecklist,  # her_case
    PartnerContact,
    Relationship,
    SafetyPlan,
)
from tests.accounts.factories import OrganisationFactory, PartnerSupportFactory
from tests.participants.factories import ChildFactory, ParticipantFactory  # her_case


class PartnerFactory(factory.django.DjangoModelFactory):
    """A (fictional) partner with safe-contact details."""

    class Meta:
        model = Partner

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Testwoman{n} Sampleby")
    phone = factory.Sequence(lambda n: f"07700 8{n:05d}")
    email = factory.Sequence(lambda n: f"partner{n}@example.org")
    address = "1 Fictional Row, Demotown"
    safe_channels = ["phone", "email"]
    text_ok = False
    voicemail_ok = False
    partner_support_worker = factory.SubFactory(
        PartnerSupportFactory, organisation=factory.SelfAttribute("..organisation")
    )


class DoNotContactPartnerFactory(PartnerFactory):
    do_not_contact = True
    do_not_contact_reason = "She asked for no contact."


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    partner = factory.SubFactory(PartnerFactory)
    organisation = factory.SelfAttribute("partner.organisation")
    participant = factory.SubFactory(
        ParticipantFactory, organisation=factory.SelfAttribute("..organisation")
    )
    kind = Relationship.Kind.CURRENT_PARTNER
    linked_on = factory.LazyFunction(timezone.localdate)


class SeparatedRelationshipFactory(RelationshipFactory):
    kind = Relationship.Kind.EX_PARTNER
    status = Relationship.Status.SEPARATED
    separated_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=10)
    )


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    partner = factory.SubFactory(PartnerFactory)
    organisation = factory.SelfAttribute("partner.organisation")
    kind = Consent.Kind.CONTACT
    given_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=30)
    )
    how_given = Consent.HowGiven.VERBAL_PHONE
    recorded_by = factory.SelfAttribute("partner.partner_support_worker")


class ShareConsentFactory(ConsentFactory):
    kind = Consent.Kind.SHARE_WITH_PROGRAMME


class WithdrawnConsentFactory(ConsentFactory):
    withdrawn_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=1)
    )


class ExpiredConsentFactory(ConsentFactory):
    expires_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=1)
    )


class PartnerContactFactory(factory.django.DjangoModelFactory):
    """A conversation with her (contact made)."""

    class Meta:
        model = PartnerContact

    partner = factory.SubFactory(PartnerFactory)
    organisation = factory.SelfAttribute("partner.organisation")
    occurred_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(days=1)
    )
    direction = PartnerContact.Direction.OUTBOUND
    channel = "phone"
    contact_made = True
    outcome = PartnerContact.Outcome.SPOKE
    safety_check_done = True
    worker = factory.SelfAttribute("partner.partner_support_worker")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        contact = super()._create(model_class, *args, **kwargs)
        # As services.log_contact does: her row keeps what her contacts say.
        Partner.objects.filter(pk=contact.partner_id).refresh_contact_summary()
        return contact


class FailedPartnerContactFactory(PartnerContactFactory):
    """An attempt that did not reach her."""

    contact_made = False
    outcome = PartnerContact.Outcome.NO_ANSWER
    safety_check_done = False


class SafetyPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyPlan

    partner = factory.SubFactory(PartnerFactory)
    organisation = factory.SelfAttribute("partner.organisation")
    version = factory.Sequence(lambda n: n + 1)
    plan = "Bag packed at a friend's; 999 and the helpline saved under a code name."
    review_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=28)
    )
    created_by = factory.SelfAttribute("partner.partner_support_worker")


# Her own case (her_case) ------------------------------------------------------


class SectionedSafetyPlanFactory(SafetyPlanFactory):
    """A plan written in sections (her_case), as plans are now."""

    plan = ""
    safe_contacts = "Her sister (code name 'Aunt May'), the helpline."
    emergency = "Call 999; go to the neighbour at number 3 (fictional)."
    digital = "Location sharing off; new e-mail he does not know."


class ChildLinkFactory(factory.django.DjangoModelFactory):
    """A child on a man's case known to be hers (her_case)."""

    class Meta:
        model = ChildLink

    partner = factory.SubFactory(PartnerFactory)
    organisation = factory.SelfAttribute("partner.organisation")
    child = factory.SubFactory(
        ChildFactory,
        participant=factory.SubFactory(
            ParticipantFactory, organisation=factory.SelfAttribute("...organisation")
        ),
    )
    linked_by = factory.SelfAttribute("partner.partner_support_worker")


def checklist_answers(yes: int, rest: str = "no") -> dict[str, str]:
    """Answers to the shipped checklist: the first `yes` questions "yes", the
    others `rest` (her_case)."""
    codes = [code for code, _topic, _text in checklist_data.QUESTIONS]
    return {code: "yes" if i < yes else rest for i, code in enumerate(codes)}


class MetCriteriaChecklistFactory(factory.django.DjangoModelFactory):
    """Her checklist over the conference threshold, written as a row (her_case):
    no signal, so a detector is the first to tell his case."""

    class Meta:
        model = PartnerChecklist

    partner = factory.SubFactory(PartnerFactory)
    organisation = factory.SelfAttribute("partner.organisation")
    version = factory.LazyFunction(
        lambda: ChecklistVersion.objects.get(code=checklist_data.CODE, version=1)
    )
    completed_on = factory.LazyFunction(timezone.localdate)
    completed_by = factory.SelfAttribute("partner.partner_support_worker")
    yes_count = 15
    computed_level = "high"
    level = "high"
    meets_conference_criteria = True
