"""The referrals app's lists that each organisation's managers edit: the kinds
of agency its referrals come from (and go to), and the legal bases it shares
information on; found and imported by localisation (LocalisationConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from localisation import lists
from referrals.models import AGENCY_KINDS, LEGAL_BASES, Agency, LegalBasis


def agency_kinds():
    return Agency.Kind.choices


def legal_bases():
    return LegalBasis.choices


lists.register_list(
    AGENCY_KINDS, title=_("Referral sources (kinds of agency)"), shipped=agency_kinds
)
lists.register_list(
    LEGAL_BASES, title=_("Legal bases for sharing information"), shipped=legal_bases
)
