"""Referrals out: a man's case, or a woman, referred to another agency."""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy  # onward_children
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organisation
from participants.models import Participant
from partner_contact.models import Partner
from referrals.models.agency import Agency
from referrals.models.sharing import (
    LegalBasisDisplay,
    SharingQuerySet,
    about_one_person,
    sharing_basis_is_lawful,
)


class OnwardReferralQuerySet(SharingQuerySet):
    def marac(self):
        """Referrals to a multi-agency risk conference."""
        return self.filter(kind=OnwardReferral.Kind.MARAC)

    def made_since(self, since: date):
        return self.filter(made_on__gte=since)

    def made_within_a_year_of(self, today: date):
        """Made in the twelve months up to and including `today`."""
        return self.filter(made_on__gt=today - timedelta(days=365), made_on__lte=today)

    def awaiting_outcome(self):
        return self.filter(outcome=OnwardReferral.Outcome.PENDING)


class OnwardReferral(LegalBasisDisplay, models.Model):
    """A referral of a man's case, or of a woman, to another agency."""

    class Kind(models.TextChoices):
        MARAC = "marac", _("Multi-agency risk conference")
        CHILD_SERVICES = "child_services", _("Child services")
        POLICE = "police", _("Police")
        OTHER = "other", _("Another service")
        WOMENS_SERVICE = "womens_service", _("Women's support service")

    # Kinds of referral that may be made about a man; a woman goes to a
    # women's support service only.
    KINDS_FOR_MEN = (Kind.MARAC, Kind.CHILD_SERVICES, Kind.POLICE, Kind.OTHER)
    # The agency kinds offered for each kind of referral; a referral to another
    # service goes to an agency of any kind, the organisation's own included
    # (agency_fits).
    AGENCY_KINDS = {
        Kind.MARAC: [Agency.Kind.MARAC],
        Kind.CHILD_SERVICES: [Agency.Kind.CHILD_SERVICES],
        Kind.POLICE: [Agency.Kind.POLICE],
        Kind.WOMENS_SERVICE: [Agency.Kind.WOMENS_SERVICE],
        Kind.OTHER: list(Agency.Kind.values),
    }

    class Criterion(models.TextChoices):
        """The multi-agency risk conference's four referral criteria."""

        NONE = "", "—"
        HIGH_COUNT = "high_count", _("Visible high risk (high count of yes answers)")
        PROFESSIONAL_JUDGEMENT = "professional_judgement", _("Professional judgement")
        ESCALATION = "escalation", _("Potential escalation")
        REPEAT = "repeat", _("Repeat referral within twelve months")

    class Outcome(models.TextChoices):
        PENDING = "", _("Awaiting outcome")
        ACCEPTED = "accepted", _("Accepted by the agency")
        HEARD = "heard", _("Heard at the conference; actions agreed")
        NO_FURTHER_ACTION = "no_further_action", _("No further action")
        DECLINED = "declined", _("Declined by the agency")
        OTHER = "other", _("Other (see note)")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="onward_referrals"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # About a man, or (behind the firewall) about a woman: exactly one is set.
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="onward_referrals",
        verbose_name=_("participant"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="onward_referrals",
        verbose_name=_("partner"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="onward_referrals",
        verbose_name=_("agency"),
    )
    reason = models.TextField(_("reason for the referral"))
    information_shared = models.TextField(_("what was shared"))
    # A code of the organisation's list LEGAL_BASES (shipped: LegalBasis).
    legal_basis = models.CharField(_("legal basis"), max_length=20)
    consent_recorded = models.BooleanField(
        _("consent recorded"),
        default=False,
        help_text=_(
            "The person the referral is about agreed to it, and that is on record."
        ),
    )
    reason_without_consent = models.TextField(
        _("reason for sharing without consent"), blank=True
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("made by"),
    )
    made_on = models.DateField(_("made on"))
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=Outcome.choices,
        blank=True,
        default=Outcome.PENDING,
    )
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    outcome_note = models.TextField(_("outcome note"), blank=True)
    # For a multi-agency risk conference: the assessment it rests on.
    marac_criterion = models.CharField(
        _("criterion"), max_length=30, choices=Criterion.choices, blank=True, default=""
    )
    yes_count = models.PositiveSmallIntegerField(
        _("count of yes answers"), null=True, blank=True
    )
    incidents_last_12_months = models.PositiveSmallIntegerField(
        _("incidents in the last twelve months"), null=True, blank=True
    )
    judgement_narrative = models.TextField(
        _("professional judgement"),
        blank=True,
        help_text=_("The concerns behind the referral, in the referrer's words."),
    )
    previous_referral_on = models.DateField(
        _("date of an earlier referral"), null=True, blank=True
    )
    # A referral to child services names the children of his case it concerns
    # (onward_children); their link to a mother stays on her side.
    children = models.ManyToManyField(
        "participants.Child",
        blank=True,
        related_name="onward_referrals",
        verbose_name=gettext_lazy("children it concerns"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = OnwardReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("onward referral")
        verbose_name_plural = _("onward referrals")
        ordering = ["-made_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=about_one_person(), name="onward_referral_about_one_person"
            ),
            # A man's case goes to the conference, child services, police or
            # another service; a woman only ever to a women's support service.
            models.CheckConstraint(
                condition=Q(
                    participant__isnull=False,
                    kind__in=["marac", "child_services", "police", "other"],
                )
                | Q(partner__isnull=False, kind="womens_service"),
                name="onward_referral_kind_fits_person",
            ),
            models.CheckConstraint(
                condition=sharing_basis_is_lawful(),
                name="onward_referral_lawful_basis",
            ),
            models.CheckConstraint(
                condition=~Q(kind="marac") | ~Q(marac_criterion=""),
                name="marac_referral_has_criterion",
            ),
            models.CheckConstraint(
                condition=Q(outcome="", outcome_on__isnull=True)
                | (~Q(outcome="") & Q(outcome_on__isnull=False)),
                name="onward_referral_outcome_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "kind", "made_on"]),
            models.Index(fields=["participant", "kind", "made_on"]),
            models.Index(fields=["partner", "made_on"]),
        ]

    def __str__(self):
        return gettext("%(kind)s referral on %(date)s") % {
            "kind": self.get_kind_display(),
            "date": date_format(self.made_on, "DATE_FORMAT"),
        }

    def get_absolute_url(self):
        return reverse("referrals:onward_detail", args=[self.uuid])

    @classmethod
    def agency_fits(cls, kind: str, agency_kind: str) -> bool:
        """May a referral of this kind go to an agency of that kind?"""
        return kind == cls.Kind.OTHER or agency_kind in cls.AGENCY_KINDS[kind]

    @classmethod
    def agencies_for(cls, kinds) -> Q:
        """The agencies that take a referral of any of these kinds."""
        if cls.Kind.OTHER in kinds:
            return Q()
        return Q(kind__in={a for k in kinds for a in cls.AGENCY_KINDS[k]})

    @property
    def is_about_a_woman(self):
        return self.partner_id is not None

    def mark_outcome(self, *, outcome: str, on: date, note: str = ""):
        self.outcome = outcome
        self.outcome_on = on
        self.outcome_note = note
