import datetime

import factory

from referrals.models import (
    Agency,
    InformationShare,
    LegalBasis,
    OnwardReferral,
    Referral,
    ReferralDecision,
)
from tests.accounts.factories import CaseworkerFactory, OrganisationFactory
from tests.participants.factories import ParticipantFactory
from tests.partner_contact.factories import PartnerFactory


class AgencyFactory(factory.django.DjangoModelFactory):
    """An agency of an organisation's directory (a court unless told)."""

    class Meta:
        model = Agency

    organisation = factory.SubFactory(OrganisationFactory)
    kind = Agency.Kind.COURT
    name = factory.Sequence(lambda n: f"Demotown Agency {n} (fictional)")
    contact_name = "Duty officer"
    phone = "01632 960000"
    email = factory.Sequence(lambda n: f"agency{n}@example.org")


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral just received from an agency."""

    class Meta:
        model = Referral

    organisation = factory.SubFactory(OrganisationFactory)
    agency = factory.SubFactory(
        AgencyFactory,
        organisation=factory.SelfAttribute("..organisation"),
        kind=Agency.Kind.PROBATION,
    )
    is_self_referral = False
    referrer_name = "R. Referrer"
    referrer_role = "Probation officer"
    received_on = datetime.date(2026, 11, 16)
    received_by = factory.SubFactory(
        CaseworkerFactory, organisation=factory.SelfAttribute("..organisation")
    )
    reason = "Assault on partner; programme requirement considered."
    mandate = Referral.Mandate.VOLUNTARY
    first_name = factory.Sequence(lambda n: f"Referredman{n}")
    last_name = "Testwell"
    # Each referral a different man, so that intake's duplicate search (name and
    # birth date, phone) finds no one unless a test asks for it.
    date_of_birth = factory.Sequence(
        lambda n: datetime.date(1970, 1, 1) + datetime.timedelta(days=n)
    )
    phone = factory.Sequence(lambda n: f"07700 8{n:05d}")
    language = "English"
    partner_known = "Lives apart from his ex-partner."
    children_known = "Two children, aged 4 and 7."
    status = Referral.Status.RECEIVED
    status_changed_on = factory.SelfAttribute("received_on")


class SelfReferralFactory(ReferralFactory):
    agency = None
    is_self_referral = True


class ScreeningReferralFactory(ReferralFactory):
    status = Referral.Status.SCREENING


class AcceptedReferralFactory(ReferralFactory):
    status = Referral.Status.ACCEPTED
    participant = factory.SubFactory(
        ParticipantFactory, organisation=factory.SelfAttribute("..organisation")
    )


class DeclinedReferralFactory(ReferralFactory):
    status = Referral.Status.DECLINED


class WithdrawnReferralFactory(ReferralFactory):
    status = Referral.Status.WITHDRAWN


class ReferralDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferralDecision

    referral = factory.SubFactory(ReferralFactory)
    organisation = factory.SelfAttribute("referral.organisation")
    from_status = ""
    to_status = Referral.Status.RECEIVED
    decided_on = factory.SelfAttribute("referral.received_on")
    decided_by = factory.SelfAttribute("referral.received_by")


class OnwardReferralFactory(factory.django.DjangoModelFactory):
    """A man's case referred to child services, with his consent."""

    class Meta:
        model = OnwardReferral

    organisation = factory.SubFactory(OrganisationFactory)
    kind = OnwardReferral.Kind.CHILD_SERVICES
    participant = factory.SubFactory(
        ParticipantFactory, organisation=factory.SelfAttribute("..organisation")
    )
    partner = None
    agency = factory.SubFactory(
        AgencyFactory,
        organisation=factory.SelfAttribute("..organisation"),
        kind=Agency.Kind.CHILD_SERVICES,
    )
    reason = "Concerns about the children's exposure to abuse."
    information_shared = "Attendance and a summary of concerns."
    legal_basis = LegalBasis.CONSENT
    consent_recorded = True
    made_by = factory.SelfAttribute("participant.caseworker")
    made_on = datetime.date(2026, 11, 2)


class MaracOnwardReferralFactory(OnwardReferralFactory):
    """A referral of a man's case to the risk conference, without consent."""

    kind = OnwardReferral.Kind.MARAC
    agency = factory.SubFactory(
        AgencyFactory,
        organisation=factory.SelfAttribute("..organisation"),
        kind=Agency.Kind.MARAC,
    )
    legal_basis = LegalBasis.VITAL_INTERESTS
    consent_recorded = False
    reason_without_consent = "Asking would raise the risk to her."
    marac_criterion = OnwardReferral.Criterion.HIGH_COUNT
    yes_count = 15
    incidents_last_12_months = 2
    judgement_narrative = "Threats to kill reported."


class WomansOnwardReferralFactory(OnwardReferralFactory):
    """A woman referred to a women's support service (behind the firewall)."""

    kind = OnwardReferral.Kind.WOMENS_SERVICE
    participant = None
    partner = factory.SubFactory(
        PartnerFactory, organisation=factory.SelfAttribute("..organisation")
    )
    agency = factory.SubFactory(
        AgencyFactory,
        organisation=factory.SelfAttribute("..organisation"),
        kind=Agency.Kind.WOMENS_SERVICE,
        name=factory.Sequence(lambda n: f"Safe Haven Service {n} (fictional)"),
    )
    reason = "She asked for help with housing and safety planning."
    information_shared = "Her name, safe number and the support she asked for."
    made_by = factory.SubFactory(
        "tests.accounts.factories.PartnerSupportFactory",
        organisation=factory.SelfAttribute("..organisation"),
    )


class InformationShareFactory(factory.django.DjangoModelFactory):
    """A disclosure about a man, outside any onward referral."""

    class Meta:
        model = InformationShare

    organisation = factory.SubFactory(OrganisationFactory)
    participant = factory.SubFactory(
        ParticipantFactory, organisation=factory.SelfAttribute("..organisation")
    )
    partner = None
    agency = factory.SubFactory(
        AgencyFactory,
        organisation=factory.SelfAttribute("..organisation"),
        kind=Agency.Kind.PROBATION,
    )
    what_shared = "Attendance record to date."
    legal_basis = LegalBasis.PUBLIC_TASK
    consent_recorded = True
    shared_by = factory.SelfAttribute("participant.caseworker")
    shared_on = datetime.date(2026, 11, 3)


class WomansInformationShareFactory(InformationShareFactory):
    participant = None
    partner = factory.SubFactory(
        PartnerFactory, organisation=factory.SelfAttribute("..organisation")
    )
    agency = factory.SubFactory(
        AgencyFactory,
        organisation=factory.SelfAttribute("..organisation"),
        kind=Agency.Kind.WOMENS_SERVICE,
    )
    what_shared = "Her safe number, with her consent."
    shared_by = factory.SubFactory(
        "tests.accounts.factories.PartnerSupportFactory",
        organisation=factory.SelfAttribute("..organisation"),
    )
