"""Lawful basis and firewall shared by onward referrals and information shares."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import TenantQuerySet, User
from localisation import lists  # LEGAL_BASES
from participants.models import Participant
from partner_contact.models import Partner

# The organisation's list of legal bases for sharing information (referrals.lists
# registers it; shipped: LegalBasis). Its entry "consent" keeps its meaning: a
# share on that basis needs the consent recorded.
LEGAL_BASES = "referrals.legal_basis"


class LegalBasis(models.TextChoices):
    """The lawful bases on which information is shared with another agency, as
    shipped (England and Wales); each organisation edits its list."""

    CONSENT = "consent", _("Consent")
    VITAL_INTERESTS = "vital_interests", _("Vital interests (someone's life or safety)")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation")
    PUBLIC_TASK = "public_task", _("Public task")


def sharing_basis_is_lawful():
    """Consent recorded, or another legal basis and a reason for sharing without it."""
    return Q(consent_recorded=True) | (
        ~Q(legal_basis=LegalBasis.CONSENT) & ~Q(reason_without_consent="")
    )


class LegalBasisDisplay:
    """How a record's legal basis reads: in the organisation's words."""

    organisation_id: int
    legal_basis: str

    def get_legal_basis_display(self) -> str:  # LEGAL_BASES: referrals.lists
        return lists.label(self.organisation_id, LEGAL_BASES, self.legal_basis)


def about_one_person():
    """About a man or about a woman: exactly one of the two is set."""
    return Q(participant__isnull=False, partner__isnull=True) | Q(
        participant__isnull=True, partner__isnull=False
    )


class SharingQuerySet(TenantQuerySet):
    """Scoping shared by onward referrals and information shares.

    Records about a man follow his case file; records about a woman are behind
    the firewall: partner-support workers and managers only.
    """

    def visible_to(self, user):
        mine = self.in_organisation_of(user)
        # A woman's records go through the partner app's own firewall as well,
        # which answers nothing to facilitators and caseworkers.
        about_women = Q(partner__in=Partner.objects.visible_to(user).values("pk"))
        if user.role == User.Role.MANAGER:
            return mine.filter(Q(participant__isnull=False) | about_women)
        if user.role == User.Role.CASEWORKER:
            return mine.filter(participant__isnull=False)
        if user.role == User.Role.FACILITATOR:
            return mine.filter(
                participant__in=Participant.objects.visible_to(user).values("pk")
            )
        if user.role == User.Role.PARTNER_SUPPORT:
            return mine.filter(about_women)
        return self.none()

    def of_case(self, participant: Participant, user) -> "SharingQuerySet":
        """Records about him that `visible_to(user)` shows, as `visible_to(user)
        .filter(participant=participant)`: to caseworkers and managers, every
        record about a man of their organisation, so his without the manager's
        subquery of the women she may see (no record about him is about a
        woman)."""
        if user.role in (User.Role.MANAGER, User.Role.CASEWORKER):
            return self.in_organisation_of(user).filter(participant=participant)
        return self.visible_to(user).filter(participant=participant)

    def about_men(self):
        return self.filter(participant__isnull=False)

    def about_women(self):
        return self.filter(partner__isnull=False)
