"""Referrals' records in the security suite's seeded world
(tests/security/conftest.py build_world): agencies, referrals in at each step,
his onward referral and information share, and hers, her words marked."""

import datetime

from referrals import onward_services
from referrals.models import Agency, LegalBasis, OnwardReferral
from tests.referrals.factories import (
    AcceptedReferralFactory,
    AgencyFactory,
    InformationShareFactory,
    OnwardReferralFactory,
    ReferralFactory,
    ScreeningReferralFactory,
)


def add_referral_records(o, *, org, label, cw, ps, today, marker) -> None:
    o.agency = AgencyFactory(
        organisation=org, kind=Agency.Kind.PROBATION, name=f"{label} Probation"
    )
    o.womens_agency = AgencyFactory(
        organisation=org,
        kind=Agency.Kind.WOMENS_SERVICE,
        name=f"{label} Women's Service",
    )
    o.referral = ReferralFactory(organisation=org, agency=o.agency, received_by=cw)
    # Accepting and declining are offered once screening has started.
    o.screening_referral = ScreeningReferralFactory(
        organisation=org, agency=o.agency, received_by=cw
    )
    o.his_referral = AcceptedReferralFactory(
        organisation=org, agency=o.agency, received_by=cw, participant=o.man
    )
    o.his_onward = OnwardReferralFactory(
        organisation=org, participant=o.man, made_by=cw
    )
    o.his_share = InformationShareFactory(
        organisation=org, participant=o.man, agency=o.agency, shared_by=cw
    )
    o.her_onward = onward_services.make_onward_referral(
        actor=ps,
        kind=OnwardReferral.Kind.WOMENS_SERVICE,
        agency=o.womens_agency,
        reason=marker("onwardreason"),
        information_shared=marker("onwardshared"),
        legal_basis=LegalBasis.CONSENT,
        consent_recorded=True,
        made_on=today - datetime.timedelta(days=2),
        partner=o.woman,
    )
    o.her_share = onward_services.record_information_share(
        actor=ps,
        agency=o.womens_agency,
        what_shared=marker("sharewhat"),
        legal_basis=LegalBasis.VITAL_INTERESTS,
        consent_recorded=False,
        reason_without_consent=marker("sharereason"),
        shared_on=today - datetime.timedelta(days=1),
        partner=o.woman,
    )
