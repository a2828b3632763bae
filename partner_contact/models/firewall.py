"""The firewall every partner record sits behind (DESIGN.md section 3).

Each model's `visible_to(user)` answers nothing to any role but partner-support
workers and managers of the partner's organisation.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import TenantQuerySet
from accounts.roles import FIREWALL_ROLES


def may_see_partners(user) -> bool:
    """Whether the user's role is inside the firewall at all."""
    return (
        user.is_authenticated
        and user.organisation_id is not None
        and user.role in FIREWALL_ROLES
    )


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video call")


class FirewalledQuerySet(TenantQuerySet):
    """Records about a partner: her organisation's partner-support workers and
    managers see them; every other role sees nothing."""

    def visible_to(self, user):
        return self.in_organisation_of(user, roles=FIREWALL_ROLES)
