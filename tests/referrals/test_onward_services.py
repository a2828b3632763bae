import datetime

import pytest
from django.core.exceptions import ValidationError

from referrals import onward_services
from referrals.models import Agency, InformationShare, LegalBasis, OnwardReferral
from tests.participants.factories import ParticipantFactory
from tests.partner_contact.factories import PartnerFactory
from tests.referrals.factories import AgencyFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)


def _onward(actor, participant=None, partner=None, **overrides):
    org = actor.organisation
    kind = overrides.pop("kind", OnwardReferral.Kind.MARAC)
    agency_kind = {
        "marac": Agency.Kind.MARAC,
        "womens_service": Agency.Kind.WOMENS_SERVICE,
        "child_services": Agency.Kind.CHILD_SERVICES,
    }[kind]
    details = {
        "actor": actor,
        "kind": kind,
        "agency": AgencyFactory(organisation=org, kind=agency_kind),
        "participant": participant,
        "partner": partner,
        "reason": "High risk.",
        "information_shared": "Risk assessment summary.",
        "legal_basis": LegalBasis.VITAL_INTERESTS,
        "consent_recorded": False,
        "reason_without_consent": "Asking him would raise the risk to her.",
        "made_on": TODAY,
        "marac_criterion": "high_count" if kind == "marac" else "",
        "yes_count": 15,
    }
    details.update(overrides)
    return onward_services.make_onward_referral(**details)


def test_onward_referral_logs_an_information_share(org, caseworker):
    man = ParticipantFactory(organisation=org)
    onward = _onward(caseworker, participant=man)
    share = InformationShare.objects.get()
    assert share.onward_referral == onward
    assert (share.participant, share.agency) == (man, onward.agency)
    assert share.legal_basis == LegalBasis.VITAL_INTERESTS


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"legal_basis": LegalBasis.CONSENT}, "other than consent"),
        ({"reason_without_consent": "  "}, "without consent"),
        ({"legal_basis": "gut_feeling"}, "legal basis"),
        ({"marac_criterion": ""}, "criterion"),
    ],
)
def test_onward_referral_without_lawful_basis_is_refused(
    org, caseworker, overrides, message
):
    man = ParticipantFactory(organisation=org)
    with pytest.raises(ValidationError, match=message):
        _onward(caseworker, participant=man, **overrides)
    assert not OnwardReferral.objects.exists()
    assert not InformationShare.objects.exists()


def test_a_woman_goes_to_a_womens_service_only(org, partner_worker):
    partner = PartnerFactory(organisation=org)
    with pytest.raises(ValidationError, match="women's support service"):
        _onward(partner_worker, partner=partner, kind="marac")
    onward = _onward(
        partner_worker,
        partner=partner,
        kind="womens_service",
        legal_basis=LegalBasis.CONSENT,
        consent_recorded=True,
    )
    assert onward.information_share.partner == partner
    assert onward.marac_criterion == "" and onward.yes_count is None


def test_outcome_is_recorded_with_its_date(org, caseworker):
    man = ParticipantFactory(organisation=org)
    onward = _onward(caseworker, participant=man)
    with pytest.raises(ValidationError):
        onward_services.record_outcome(
            onward_referral=onward, actor=caseworker, outcome="", on=TODAY
        )
    onward_services.record_outcome(
        onward_referral=onward, actor=caseworker, outcome="heard", on=TODAY
    )
    onward.refresh_from_db()
    assert (onward.outcome, onward.outcome_on) == ("heard", TODAY)
