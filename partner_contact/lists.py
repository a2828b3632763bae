"""What she may be told, as a list each organisation's managers edit; found and
imported by localisation (LocalisationConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from localisation import lists
from partner_contact.models import PartnerContact
from partner_contact.models.contacts import TOLD_HER


def told_her():
    return PartnerContact.ToldHer.choices


lists.register_list(TOLD_HER, title=_("What she was told"), shipped=told_her)
