"""Complaints and compliments about the service, with their response deadline.

A complaint about the partner-support service, or one from the woman, holds
what she or her worker said: it sits behind the firewall (partner-support
workers and managers only), like her own records.
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.calendar import add_working_days, holidays_of
from accounts.models import Organisation, TenantQuerySet
from accounts.roles import CASEWORKER, FIREWALL_ROLES, MANAGER, PARTNER_SUPPORT
from participants.models import Participant
from referrals.models import Agency

# Who may record and read complaints: every case-work role but the facilitator.
COMPLAINT_ROLES = (CASEWORKER, PARTNER_SUPPORT, MANAGER)


class ComplaintQuerySet(TenantQuerySet):
    def visible_to(self, user):
        """The organisation's complaints for caseworkers, partner-support workers
        and managers; those behind the firewall only for the last two."""
        mine = self.in_organisation_of(user, roles=COMPLAINT_ROLES)
        if user.role in FIREWALL_ROLES:
            return mine
        return mine.exclude(Complaint.firewalled_condition())

    def behind_firewall(self):
        return self.filter(Complaint.firewalled_condition())

    def complaints(self):
        return self.filter(kind=Complaint.Kind.COMPLAINT)

    def compliments(self):
        return self.filter(kind=Complaint.Kind.COMPLIMENT)

    def unanswered(self):
        """Complaints with no response sent yet."""
        return self.complaints().filter(responded_on__isnull=True)

    def overdue(self, today: date):
        """Complaints still unanswered after their response deadline."""
        return self.unanswered().filter(response_due_on__lt=today)

    def received_between(self, start: date, end: date):
        """Complaints and compliments received from `start` to `end`, both
        days included (a report's period)."""
        return self.filter(received_on__gte=start, received_on__lte=end)

    def counts_by(self, field: str) -> dict[str, int]:
        """{value: count} over these rows for one of kind, source, outcome (one
        query; values with no rows are absent)."""
        if field not in ("kind", "source", "outcome"):
            raise ValueError(field)
        return dict(
            self.order_by()
            .values_list(field)
            .annotate(n=Count("pk"))
            .values_list(field, "n")
        )

    def counts_by_source(self) -> dict[str, int]:
        """{Complaint.Source value: count} for a report (call on complaints() or
        compliments() to count one kind)."""
        return self.counts_by("source")

    def counts_by_outcome(self) -> dict[str, int]:
        """{Complaint.Outcome value: count}; "" is a complaint still open."""
        return self.counts_by("outcome")


class Complaint(models.Model):
    """A complaint or a compliment about the service, from the man, the woman,
    an agency or a member of the public, and how it was answered."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Complaint")
        COMPLIMENT = "compliment", _("Compliment")

    class Source(models.TextChoices):
        MAN = "man", _("A man on the programme")
        WOMAN = "woman", _("A partner or ex-partner")
        AGENCY = "agency", _("An agency")
        PUBLIC = "public", _("A member of the public")

    class Outcome(models.TextChoices):
        OPEN = "", _("Open")
        UPHELD = "upheld", _("Upheld")
        PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
        NOT_UPHELD = "not_upheld", _("Not upheld")
        RESOLVED_INFORMALLY = "resolved_informally", _("Resolved informally")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        NOTED = "noted", _("Noted and shared with the team")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="complaints"
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.COMPLAINT
    )
    source = models.CharField(_("from"), max_length=12, choices=Source.choices)
    about_partner_service = models.BooleanField(
        _("about the partner-support service"),
        default=False,
        help_text=_(
            "Only partner-support workers and managers will see it, as with "
            "anything from a partner."
        ),
    )
    from_name = models.CharField(
        _("name of the person or agency"), max_length=200, blank=True
    )
    contact = models.CharField(_("how to reply"), max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("agency"),
    )
    # The man it concerns, if any (never the woman: her complaint is firewalled).
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("man concerned"),
    )
    summary = models.CharField(_("summary"), max_length=200)
    details = models.TextField(_("what was said"), blank=True)
    received_on = models.DateField(_("received on"))
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    # Counted in the organisation's working days when the complaint is saved;
    # none for a compliment.
    response_due_on = models.DateField(_("response due by"), null=True, blank=True)
    responded_on = models.DateField(_("response sent on"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_handled",
        verbose_name=_("handled by"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True, default=""
    )
    learning = models.TextField(_("what we learnt"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-created_at"]
        verbose_name = _("complaint or compliment")
        verbose_name_plural = _("complaints and compliments")
        indexes = [
            models.Index(fields=["organisation", "received_on"]),
            models.Index(fields=["organisation", "kind", "responded_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledged_on__isnull=True)
                | Q(acknowledged_on__gte=models.F("received_on")),
                name="complaint_acknowledged_after_received",
            ),
            models.CheckConstraint(
                condition=Q(responded_on__isnull=True)
                | Q(responded_on__gte=models.F("received_on")),
                name="complaint_responded_after_received",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.summary}"

    def get_absolute_url(self):
        return reverse("complaints:complaint_detail", args=[self.uuid])

    @staticmethod
    def firewalled_condition() -> Q:
        """About the partner-support service, or from the woman."""
        return Q(about_partner_service=True) | Q(source=Complaint.Source.WOMAN)

    @property
    def is_behind_firewall(self) -> bool:
        return self.about_partner_service or self.source == self.Source.WOMAN

    @property
    def is_open(self) -> bool:
        return self.kind == self.Kind.COMPLAINT and self.responded_on is None

    def is_overdue_on(self, today: date) -> bool:
        return (
            self.is_open
            and self.response_due_on is not None
            and today > self.response_due_on
        )

    def set_response_due(self) -> None:
        """The deadline: the organisation's working days for a response after
        the day it was received (weekends and its public holidays skipped)."""
        if self.kind != self.Kind.COMPLAINT:
            self.response_due_on = None
            return
        organisation = self.organisation
        self.response_due_on = add_working_days(
            self.received_on,
            organisation.complaint_response_working_days,
            holidays_of(organisation),
        )
