"""When questionnaires are due: each organisation's intervals and the time points."""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from accounts.roles import FIREWALL_ROLES
from outcomes.models.questionnaires import Respondent, TimePointKind
from participants.models import Participant
from partner_contact.models import Partner
from programmes.models import Enrolment


class OutcomeSettings(models.Model):
    """An organisation's outcome intervals: windows, half way and follow-ups."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="outcome_settings"
    )
    opens_days_before = models.PositiveSmallIntegerField(
        default=14, help_text=_("Days before the due date that a window opens.")
    )
    window_days = models.PositiveSmallIntegerField(
        default=28, help_text=_("Days after the due date that a window closes.")
    )
    half_way_weeks = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_("Weeks from his start; empty: half the programme's length."),
    )
    first_follow_up_months = models.PositiveSmallIntegerField(default=6)
    second_follow_up_months = models.PositiveSmallIntegerField(default=12)
    not_safe_retry_days = models.PositiveSmallIntegerField(
        default=7, help_text=_("Days until she is asked again after 'not safe now'.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("outcome settings")
        verbose_name_plural = _("outcome settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(window_days__gte=1)
                & Q(not_safe_retry_days__gte=1)
                & Q(second_follow_up_months__gt=models.F("first_follow_up_months")),
                name="outcome_settings_sensible",
            )
        ]

    def __str__(self):
        return f"Outcome settings of {self.organisation_id}"

    @classmethod
    def by_organisation(cls, organisation_ids) -> dict[int, "OutcomeSettings"]:
        """Settings of many organisations in one query, defaults for the rest."""
        stored = {
            s.organisation_id: s
            for s in cls.objects.filter(organisation_id__in=organisation_ids)
        }
        return {
            org_id: stored.get(org_id) or cls(organisation_id=org_id)
            for org_id in organisation_ids
        }


def sees_her_outcomes(user) -> bool:
    """Her questionnaires, and anything computed from them for one case, are
    for partner-support workers and managers only (the firewall)."""
    return (
        user.is_authenticated
        and user.organisation_id is not None
        and user.role in FIREWALL_ROLES
    )


def sees_his_outcomes(user) -> bool:
    """His questionnaires: caseworkers besides the roles inside the firewall."""
    return sees_her_outcomes(user) or (
        user.is_authenticated
        and user.organisation_id is not None
        and user.role == User.Role.CASEWORKER
    )


class TimePointQuerySet(models.QuerySet):
    def visible_to(self, user):
        """His time points for caseworkers, partner-support workers and managers;
        hers only for partner-support workers and managers (the firewall)."""
        if not sees_his_outcomes(user):
            return self.none()
        mine = self.filter(organisation_id=user.organisation_id)
        if sees_her_outcomes(user):
            return mine
        return mine.filter(respondent=Respondent.MAN)

    def collected_by(self, user):
        """What this worker collects: his caseworker his, her worker hers."""
        if user.role == User.Role.CASEWORKER:
            return self.filter(respondent=Respondent.MAN, participant__caseworker=user)
        if user.role == User.Role.PARTNER_SUPPORT:
            return self.filter(
                respondent=Respondent.PARTNER, partner__partner_support_worker=user
            )
        return self

    def pending(self):
        return self.filter(status=TimePoint.Status.PENDING)

    def open_on(self, day: date):
        return self.pending().filter(opens_on__lte=day, closes_on__gte=day)

    def closed_before(self, day: date):
        """Pending time points whose window closed before the day."""
        return self.pending().filter(closes_on__lt=day)


class TimePoint(models.Model):
    """A point at which one person (him, or one woman linked to him) is due to
    answer an outcome questionnaire, with its window (opens, due, closes)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Due")
        COMPLETED = "completed", _("Completed")
        DECLINED = "declined", _("Declined")
        MISSED = "missed", _("Missed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Indexed by Meta's (organisation, kind, status), which it leads.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, db_index=False
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="outcome_time_points"
    )
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, related_name="outcome_time_points"
    )
    # Set for her time points only.
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcome_time_points",
        db_index=False,  # Meta.indexes: where set
    )
    respondent = models.CharField(max_length=10, choices=Respondent.choices)
    kind = models.CharField(max_length=16, choices=TimePointKind.choices)
    opens_on = models.DateField()
    due_on = models.DateField()
    closes_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # Times she said it was not safe to ask; each moved the due date on.
    not_safe_count = models.PositiveSmallIntegerField(default=0)
    settled_at = models.DateTimeField(null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # Meta.indexes: where set
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TimePointQuerySet.as_manager()

    class Meta:
        verbose_name = _("time point")
        verbose_name_plural = _("time points")
        ordering = ["due_on", "pk"]
        permissions = [
            ("view_programme_outcomes", "Can see a programme's outcome figures"),
            ("export_outcomes", "Can export the anonymised outcome data set"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "kind"],
                condition=Q(respondent="man"),
                name="one_time_point_per_enrolment_kind_for_him",
            ),
            models.UniqueConstraint(
                fields=["enrolment", "partner", "kind"],
                condition=Q(respondent="partner"),
                name="one_time_point_per_enrolment_kind_for_her",
            ),
            models.CheckConstraint(
                condition=Q(respondent="man", partner__isnull=True)
                | Q(respondent="partner", partner__isnull=False),
                name="partner_time_point_names_her",
            ),
            models.CheckConstraint(
                condition=Q(opens_on__lte=models.F("due_on"))
                & Q(due_on__lte=models.F("closes_on")),
                name="time_point_window_in_order",
            ),
        ]
        indexes = [
            # The detector's (pending, closing before today). Only pending rows
            # and set links are indexed: marking a month of time points missed
            # (37,000 rows) then updates fewer indexes.
            models.Index(
                fields=["closes_on"],
                condition=Q(status="pending"),
                name="time_point_pending_closes_idx",
            ),
            models.Index(
                fields=["partner"],
                condition=Q(partner__isnull=False),
                name="time_point_partner_idx",
            ),
            models.Index(
                fields=["settled_by"],
                condition=Q(settled_by__isnull=False),
                name="time_point_settled_by_idx",
            ),
            # The outcomes page's counts by respondent, point and status are
            # read from this index alone (3.7 against 6.7 ms at 100,000 men).
            models.Index(
                fields=["organisation", "kind", "status"],
                include=["respondent", "opens_on"],
                name="time_point_org_kind_status_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_respondent_display()})"

    def get_absolute_url(self):
        return reverse("outcomes:record", kwargs={"time_point_uuid": self.uuid})

    @property
    def is_hers(self) -> bool:
        return self.respondent == Respondent.PARTNER

    def is_open_on(self, day: date) -> bool:
        return (
            self.status == self.Status.PENDING
            and self.opens_on <= day <= self.closes_on
        )

    def postpone(self, *, today: date, days: int) -> None:
        """Not safe to ask now: due again in `days`, the window kept open for it."""
        self.due_on = max(self.due_on, today + timedelta(days=days))
        self.closes_on = max(self.closes_on, self.due_on + timedelta(days=days))
        self.not_safe_count += 1
        self.save(update_fields=["due_on", "closes_on", "not_safe_count"])

    def settle(self, *, status: str, by, at) -> None:
        self.status = status
        self.settled_by = by
        self.settled_at = at
        self.save(update_fields=["status", "settled_by", "settled_at"])
