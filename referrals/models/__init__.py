"""Referrals in (agencies refer men to the programme) and out (onward referrals and
every other sharing of information with an agency).

A woman's onward referral and her information shares sit behind the firewall:
their `visible_to` shows them to partner-support workers and managers only.
"""

from referrals.models.agency import AGENCY_KINDS, Agency, AgencyQuerySet
from referrals.models.inbound import (
    CASE_ROLES,
    Referral,
    ReferralDecision,
    ReferralDecisionQuerySet,
    ReferralQuerySet,
)
from referrals.models.information_share import (
    InformationShare,
    InformationShareQuerySet,
)
from referrals.models.letters import (  # letters to referrers
    LetterEvent,
    LetterTemplate,
    ReferrerLetter,
)
from referrals.models.onward_referral import OnwardReferral, OnwardReferralQuerySet
from referrals.models.sharing import (
    LEGAL_BASES,
    LegalBasis,
    SharingQuerySet,
    about_one_person,
    sharing_basis_is_lawful,
)

__all__ = [
    "AGENCY_KINDS",
    "CASE_ROLES",
    "LEGAL_BASES",
    "Agency",
    "AgencyQuerySet",
    "InformationShare",
    "InformationShareQuerySet",
    "LegalBasis",
    "LetterEvent",  # letters to referrers
    "LetterTemplate",  # letters to referrers
    "OnwardReferral",
    "OnwardReferralQuerySet",
    "Referral",
    "ReferralDecision",
    "ReferralDecisionQuerySet",
    "ReferralQuerySet",
    "ReferrerLetter",  # letters to referrers
    "SharingQuerySet",
    "about_one_person",
    "sharing_basis_is_lawful",
]
