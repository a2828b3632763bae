"""Agencies: the other services a programme receives referrals from or refers to."""

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organisation, TenantQuerySet
from accounts.roles import CASE_WORK_ROLES
from localisation import lists  # AGENCY_KINDS

# The organisation's list of kinds of agency, the sources of its referrals
# (referrals.lists registers it; shipped: Agency.Kind).
AGENCY_KINDS = "referrals.agency_kind"


class AgencyQuerySet(TenantQuerySet):
    def visible_to(self, user):
        """The user's organisation's directory; organisation admins do no case work."""
        return self.in_organisation_of(user, roles=CASE_WORK_ROLES)

    def active(self):
        return self.filter(is_active=True)


class Agency(models.Model):
    """Another service the programme receives referrals from or refers to."""

    class Kind(models.TextChoices):
        COURT = "court", _("Court")
        PROBATION = "probation", _("Probation")
        POLICE = "police", _("Police")
        CHILD_SERVICES = "child_services", _("Child services")
        WOMENS_SERVICE = "womens_service", _("Women's support service")
        HEALTH = "health", _("Health")
        MARAC = "marac", _("Multi-agency risk conference")
        HOUSING = "housing", _("Housing")
        OTHER = "other", _("Other")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="agencies"
    )
    # A code of the organisation's list AGENCY_KINDS (shipped: Kind).
    kind = models.CharField(_("kind"), max_length=20)
    name = models.CharField(max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_("Use the agency's secure address if it has one."),
    )
    address = models.TextField(blank=True)
    notes = models.TextField(
        blank=True, help_text=_("How to refer, forms they need, meeting dates.")
    )
    is_active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("Agencies no longer used stay for the record but are not offered."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        ordering = ["name"]
        verbose_name_plural = _("agencies")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="agency_name_unique"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("referrals:agency_update", args=[self.uuid])

    def get_kind_display(self) -> str:  # AGENCY_KINDS: referrals.lists
        """The kind in the organisation's words, retired entries included."""
        return lists.label(self.organisation_id, AGENCY_KINDS, self.kind)
