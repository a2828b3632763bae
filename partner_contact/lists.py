"""What she may be told and how a contact ended, as lists each organisation's
managers edit; found and imported by localisation (LocalisationConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from localisation import lists
from partner_contact.models import PartnerContact
from partner_contact.models.contacts import CONTACT_OUTCOMES, TOLD_HER


def told_her():
    return PartnerContact.ToldHer.choices


lists.register_list(TOLD_HER, title=_("What she was told"), shipped=told_her)


def contact_outcomes():
    return PartnerContact.Outcome.choices


lists.register_list(
    CONTACT_OUTCOMES, title=_("Outcomes of a contact"), shipped=contact_outcomes
)
