"""A man's places in groups, their outcomes and exit reports."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organisation, TenantQuerySet, User
from accounts.roles import GROUP_ROLES
from participants.lifecycle import reason_label
from participants.models import Participant, RiskLevel
from programmes.models.groups import Group


class EnrolmentQuerySet(TenantQuerySet):
    def visible_to(self, user):
        mine = self.in_organisation_of(user, roles=GROUP_ROLES)
        if user.role == User.Role.FACILITATOR:
            return mine.filter(group__in=Group.objects.visible_to(user))
        return mine

    def current(self):
        return self.filter(end_date__isnull=True)

    def facilitated_by(self, user):
        """Places, current or ended, in the groups a user facilitates: whose men a
        facilitator may see (participants.models.ParticipantQuerySet.visible_to)."""
        return self.filter(group__facilitators=user)

    def on(self, day):
        """Enrolments running on a day (started by it and not ended before it)."""
        return self.filter(start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )

    def expected_on(self, day):
        """The places a session of that day expects: running on it, and recorded
        on or before it (in the organisation's time zone). A place entered today
        with an earlier start date is not counted against a register already kept
        without him (issue 14, item 9)."""
        return self.on(day).filter(created_at__date__lte=day)


class Enrolment(models.Model):
    """A man's place in a group, from his start to his outcome."""

    class Outcome(models.TextChoices):
        COMPLETED = "completed", _("Completed")
        DROPPED_OUT = "dropped_out", _("Dropped out")
        EXCLUDED = "excluded", _("Excluded")
        TRANSFERRED = "transferred", _("Transferred")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("participant"),
    )
    group = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("group"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, blank=True
    )
    outcome_reason = models.CharField(
        _("reason for the outcome"), max_length=40, blank=True
    )
    # His Participant.risk_level when he started, for the exit report.
    risk_level_at_start = models.CharField(
        _("risk level at start"),
        max_length=10,
        choices=RiskLevel.choices,
        default=RiskLevel.NOT_ASSESSED,
    )
    # Set when retention erased the person: the row stays, blanked, so that
    # reports of past periods keep their counts (docs/decisions/0009).
    is_anonymised = models.BooleanField(_("anonymised"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme place")
        verbose_name_plural = _("programme places")
        ordering = ["-start_date"]
        constraints = [
            # One current place per man per group.
            models.UniqueConstraint(
                fields=["participant", "group"],
                condition=models.Q(end_date__isnull=True),
                name="one_current_enrolment_per_group",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True, outcome="")
                | models.Q(end_date__isnull=False) & ~models.Q(outcome=""),
                name="ended_enrolment_has_outcome",
            ),
        ]

    def __str__(self):
        return f"{self.participant_id} in {self.group_id} from {self.start_date}"

    @property
    def is_current(self):
        return self.end_date is None

    @property
    def outcome_reason_label(self):
        return reason_label(OUTCOME_STATUS.get(self.outcome, ""), self.outcome_reason)


# An enrolment's outcome and the lifecycle status it leads to.
OUTCOME_STATUS = {
    Enrolment.Outcome.COMPLETED: Participant.Status.COMPLETED,
    Enrolment.Outcome.DROPPED_OUT: Participant.Status.DROPPED_OUT,
    Enrolment.Outcome.EXCLUDED: Participant.Status.EXCLUDED,
    Enrolment.Outcome.TRANSFERRED: Participant.Status.TRANSFERRED,
}


class ExitReportQuerySet(TenantQuerySet):
    def visible_to(self, user):
        return self.filter(
            enrolment__in=Enrolment.objects.visible_to(user).values("pk")
        )


class ExitReport(models.Model):
    """The summary of one ended enrolment: why, how much he came, risk, who is told."""

    class Progress(models.TextChoices):
        NOT_YET = "", _("Not yet assessed")
        SIGNIFICANT = "significant", _("Significant change")
        SOME = "some", _("Some change")
        NONE = "none", _("No change")
        WORSE = "worse", _("Worse")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.PROTECT, related_name="exit_report"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="exit_reports"
    )
    outcome = models.CharField(max_length=12, choices=Enrolment.Outcome.choices)
    outcome_reason = models.CharField(max_length=40, blank=True)
    ended_on = models.DateField()
    sessions_planned = models.PositiveSmallIntegerField()
    sessions_offered = models.PositiveSmallIntegerField()
    sessions_attended = models.PositiveSmallIntegerField()
    sessions_missed = models.PositiveSmallIntegerField()
    minimum_attendance_percent = models.PositiveSmallIntegerField()
    modules_covered = models.PositiveSmallIntegerField(default=0)
    modules_total = models.PositiveSmallIntegerField(default=0)
    risk_level_at_intake = models.CharField(max_length=10, choices=RiskLevel.choices)
    risk_level_at_exit = models.CharField(max_length=10, choices=RiskLevel.choices)
    # Progress on the programme's four domains of change, written by the worker.
    progress_behaviour = models.CharField(
        _("Use of violence and abuse"),
        max_length=12,
        choices=Progress.choices,
        blank=True,
    )
    progress_responsibility = models.CharField(
        _("Taking responsibility"), max_length=12, choices=Progress.choices, blank=True
    )
    progress_children = models.CharField(
        _("Understanding of the impact on children"),
        max_length=12,
        choices=Progress.choices,
        blank=True,
    )
    progress_summary = models.TextField(blank=True)
    notify_referrer = models.BooleanField(default=True)
    notify_partner_support = models.BooleanField(default=True)
    notify_marac = models.BooleanField(
        default=False, help_text=_("His risk level changed: tell the risk conference.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ExitReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("exit report")
        verbose_name_plural = _("exit reports")
        ordering = ["-ended_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sessions_attended__lte=models.F("sessions_offered")),
                name="exit_report_attended_within_offered",
            )
        ]

    def __str__(self):
        return f"Exit report of {self.enrolment_id}"

    def get_absolute_url(self):
        return reverse("programmes:exit_report", args=[self.uuid])

    @property
    def attendance_percent(self):
        if not self.sessions_offered:
            return None
        return round(100 * self.sessions_attended / self.sessions_offered)

    @property
    def risk_changed(self):
        return self.risk_level_at_intake != self.risk_level_at_exit

    @property
    def outcome_reason_label(self):
        return reason_label(OUTCOME_STATUS.get(self.outcome, ""), self.outcome_reason)
