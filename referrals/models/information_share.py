"""Information shares: the log of every disclosure to another agency."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organisation
from participants.models import Participant
from partner_contact.models import Partner
from referrals.models.agency import Agency
from referrals.models.onward_referral import OnwardReferral
from referrals.models.sharing import (
    LegalBasisDisplay,
    SharingQuerySet,
    about_one_person,
    sharing_basis_is_lawful,
)


class InformationShareQuerySet(SharingQuerySet):
    pass


class InformationShare(LegalBasisDisplay, models.Model):
    """One sharing of information with another agency: what, with whom, why.

    Every onward referral makes one; other disclosures (a reply to a probation
    officer, a child-protection conference report) are recorded directly.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="information_shares"
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="information_shares",
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="information_shares",
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="information_shares"
    )
    what_shared = models.TextField(_("what was shared"))
    # A code of the organisation's list LEGAL_BASES (shipped: LegalBasis).
    legal_basis = models.CharField(_("legal basis"), max_length=20)
    consent_recorded = models.BooleanField(_("consent recorded"), default=False)
    reason_without_consent = models.TextField(
        _("reason for sharing without consent"), blank=True
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    shared_on = models.DateField()
    onward_referral = models.OneToOneField(
        OnwardReferral,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="information_share",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = InformationShareQuerySet.as_manager()

    class Meta:
        verbose_name = _("information share")
        verbose_name_plural = _("information shares")
        ordering = ["-shared_on", "-created_at"]
        permissions = [
            (
                "export_informationshare",
                "Export an information-sharing log (accountability or "
                "subject-access request)",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=about_one_person(),
                name="information_share_about_one_person",
            ),
            models.CheckConstraint(
                condition=sharing_basis_is_lawful(),
                name="information_share_lawful_basis",
            ),
        ]
        indexes = [
            models.Index(fields=["participant", "shared_on"]),
            models.Index(fields=["partner", "shared_on"]),
        ]

    def __str__(self):
        return f"Shared with {self.agency} on {self.shared_on}"
