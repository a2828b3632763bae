"""Her own case: the moves of its status, and the children known to be hers."""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import label_of
from accounts.models import Organisation
from partner_contact import case_lifecycle
from partner_contact.case_lifecycle import PartnerStatus
from partner_contact.fields import EncryptedTextField
from partner_contact.models.firewall import FirewalledQuerySet


class PartnerStatusChangeQuerySet(FirewalledQuerySet):
    def entered_between(self, status: str, start: date, end: date):
        """Moves into `status` effective from `start` to `end` (both included);
        for reports, count distinct partners."""
        return self.filter(
            to_status=status, effective_on__gte=start, effective_on__lte=end
        )


class PartnerStatusChange(models.Model):
    """One move of her own case from one status to another: when, by whom, why."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    partner = models.ForeignKey(
        "partner_contact.Partner",
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=PartnerStatus.choices
    )
    to_status = models.CharField(_("to"), max_length=20, choices=PartnerStatus.choices)
    reason = models.CharField(_("reason"), max_length=40)
    # What happened, in the worker's words: behind the firewall and encrypted.
    note = EncryptedTextField(_("note"), blank=True)
    effective_on = models.DateField(_("effective on"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = PartnerStatusChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_on", "-created_at"]
        verbose_name = _("status change of her case")
        verbose_name_plural = _("status changes of her case")
        constraints = [
            models.CheckConstraint(
                condition=~Q(to_status="closed") | ~Q(reason=""),
                name="partner_closure_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(from_status=models.F("to_status")),
                name="partner_status_change_moves",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "to_status", "effective_on"])]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    # Named without Django's per-call dict of every choice (accounts.choices;
    # 7 us a name against Django's 33-67 us, translating each label):
    # her page names both on every move of her case.
    def get_from_status_display(self) -> str:
        return label_of(PartnerStatus, self.from_status)

    def get_to_status_display(self) -> str:
        return label_of(PartnerStatus, self.to_status)

    @property
    def reason_label(self) -> str:
        return case_lifecycle.reason_label(self.to_status, self.reason)


class ChildLink(models.Model):
    """A child on a man's case known to be hers: her side of the link between a
    child and the child's mother, never shown on his case file."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    partner = models.ForeignKey(
        "partner_contact.Partner",
        on_delete=models.CASCADE,
        related_name="child_links",
    )
    child = models.ForeignKey(
        "participants.Child",
        on_delete=models.CASCADE,
        related_name="mother_links",
        verbose_name=_("child"),
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = FirewalledQuerySet.as_manager()

    class Meta:
        ordering = ["child__birth_year", "child__name"]
        verbose_name = _("child of hers")
        verbose_name_plural = _("children of hers")
        constraints = [
            # A child has one mother on record.
            models.UniqueConstraint(fields=["child"], name="one_mother_per_child"),
        ]

    def __str__(self):
        return str(self.child_id)
