"""The risk app's lists that each organisation's managers edit; found and
imported by localisation (LocalisationConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from localisation import lists
from risk.models import RiskNote
from risk.models.records import NOTE_CATEGORIES


def note_categories():
    return RiskNote.Category.choices


lists.register_list(
    NOTE_CATEGORIES, title=_("Risk note categories"), shipped=note_categories
)
