"""Agencies: the other services a programme receives referrals from or refers to."""

import uuid

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accounts.models import Organisation, TenantQuerySet
from accounts.roles import CASE_WORK_ROLES


class AgencyQuerySet(TenantQuerySet):
    def visible_to(self, user):
        """The user's organisation's directory; organisation admins do no case work."""
        return self.in_organisation_of(user, roles=CASE_WORK_ROLES)

    def active(self):
        return self.filter(is_active=True)


class Agency(models.Model):
    """Another service the programme receives referrals from or refers to."""

    class Kind(models.TextChoices):
        COURT = "court", "Court"
        PROBATION = "probation", "Probation"
        POLICE = "police", "Police"
        CHILD_SERVICES = "child_services", "Child services"
        WOMENS_SERVICE = "womens_service", "Women's support service"
        HEALTH = "health", "Health"
        MARAC = "marac", "Multi-agency risk conference"
        HOUSING = "housing", "Housing"
        OTHER = "other", "Other"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="agencies"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    contact_name = models.CharField("contact person", max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(
        "e-mail", blank=True, help_text="Use the agency's secure address if it has one."
    )
    address = models.TextField(blank=True)
    notes = models.TextField(
        blank=True, help_text="How to refer, forms they need, meeting dates."
    )
    is_active = models.BooleanField(
        "in use",
        default=True,
        help_text="Agencies no longer used stay for the record but are not offered.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="agency_name_unique"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("referrals:agency_update", args=[self.uuid])
