"""Programmes and their modules: the curriculum an organisation runs."""

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, TenantQuerySet
from accounts.roles import GROUP_ROLES


class OrganisationQuerySet(TenantQuerySet):
    def visible_to(self, user):
        """Programme-wide records (programmes, modules) of the user's organisation."""
        return self.in_organisation_of(user, roles=GROUP_ROLES)


class Programme(models.Model):
    """A course of work with men (for example a 22-week group programme)."""

    class Delivery(models.TextChoices):
        GROUP = "group", _("Group")
        INDIVIDUAL = "individual", _("One-to-one")
        MIXED = "mixed", _("Group and one-to-one")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="programmes"
    )
    name = models.CharField(max_length=200)
    delivery = models.CharField(
        max_length=12, choices=Delivery.choices, default=Delivery.GROUP
    )
    planned_sessions = models.PositiveSmallIntegerField(default=22)
    minimum_attendance_percent = models.PositiveSmallIntegerField(
        default=75,
        help_text=_("Share of offered sessions a man must attend to complete."),
    )
    duration_weeks = models.PositiveSmallIntegerField(default=22)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="programme_name_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(minimum_attendance_percent__lte=100),
                name="programme_minimum_attendance_is_a_percentage",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programmes:programme_detail", args=[self.uuid])


class Module(models.Model):
    """One topic of a programme's curriculum, covered in one or more sessions."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="modules"
    )
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["programme", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "order"], name="module_order_unique"
            )
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"
