import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accounts.models import Organisation
from participants.lifecycle import reason_label
from participants.models import Participant, RiskLevel


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Programme-wide records (programmes, modules) of the user's organisation."""
        if not user.is_authenticated or user.organisation_id is None:
            return self.none()
        if user.role not in ("facilitator", "caseworker", "manager"):
            return self.none()
        return self.filter(organisation_id=user.organisation_id)


class Programme(models.Model):
    """A course of work with men (for example a 22-week group programme)."""

    class Delivery(models.TextChoices):
        GROUP = "group", "Group"
        INDIVIDUAL = "individual", "One-to-one"
        MIXED = "mixed", "Group and one-to-one"

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
        help_text="Share of offered sessions a man must attend to complete.",
    )
    duration_weeks = models.PositiveSmallIntegerField(default=22)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
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
        ordering = ["programme", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "order"], name="module_order_unique"
            )
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


class GroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Groups a user may see: facilitators only their own."""
        if not user.is_authenticated or user.organisation_id is None:
            return self.none()
        mine = self.filter(organisation_id=user.organisation_id)
        if user.role in ("caseworker", "manager"):
            return mine
        if user.role == "facilitator":
            return mine.filter(
                pk__in=Group.objects.filter(facilitators=user).values("pk")
            )
        return self.none()

    def running(self, on: date):
        """Groups that have not ended by this date."""
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on))


class Group(models.Model):
    """A running group of a programme: its men meet weekly with facilitators."""

    class Kind(models.TextChoices):
        COHORT = "cohort", "Closed cohort"
        ROLLING = "rolling", "Rolling (open) group"

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="groups"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="groups"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ROLLING)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="facilitated_groups", blank=True
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=150)
    venue = models.CharField(max_length=200)
    capacity = models.PositiveSmallIntegerField(default=12)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[facilitators])
    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="group_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programmes:group_detail", args=[self.uuid])


class SessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Sessions of groups the user may see, and one-to-ones of men they may see."""
        if not user.is_authenticated or user.organisation_id is None:
            return self.none()
        if user.role not in ("facilitator", "caseworker", "manager"):
            return self.none()
        mine = self.filter(organisation_id=user.organisation_id)
        if user.role == "facilitator":
            # Subqueries, not a join on the many-to-many: no duplicate rows.
            return mine.filter(
                Q(pk__in=Session.objects.filter(facilitators=user).values("pk"))
                | Q(group__in=Group.objects.filter(facilitators=user).values("pk"))
            )
        return mine

    def overdue_logs(self, today):
        """Past sessions still scheduled: nobody logged them."""
        return self.filter(date__lt=today, status=Session.Status.SCHEDULED)


class Session(models.Model):
    """One meeting of a group, or a one-to-one session with one man."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="sessions", null=True, blank=True
    )
    # Set for a one-to-one session, which has no group.
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="one_to_one_sessions",
        null=True,
        blank=True,
    )
    date = models.DateField()
    start_time = models.TimeField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    cancellation_reason = models.CharField(max_length=200, blank=True)
    module = models.ForeignKey(
        Module, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="sessions_facilitated", blank=True
    )
    # When attendance was last saved, and by whom; None means "log overdue" once
    # the session date has passed.
    logged_at = models.DateTimeField(null=True, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Bumped on every attendance save, for optimistic locking between facilitators.
    version = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()
    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["date", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(group__isnull=False)
                | models.Q(participant__isnull=False),
                name="session_has_group_or_participant",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="cancelled")
                | ~models.Q(cancellation_reason=""),
                name="cancelled_session_has_reason",
            ),
            # Generating a calendar twice must not double the sessions.
            models.UniqueConstraint(
                fields=["group", "date", "start_time"],
                condition=models.Q(group__isnull=False),
                name="one_group_session_per_slot",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "date"]),
            models.Index(fields=["group", "date"]),
        ]

    def __str__(self):
        return f"{self.group or self.participant} on {self.date}"

    def get_absolute_url(self):
        return reverse("programmes:session_detail", args=[self.uuid])

    @property
    def is_one_to_one(self):
        return self.group_id is None

    def mark_cancelled(self, *, reason):
        """Cancel this session with a reason (touches only this row)."""
        self.status = self.Status.CANCELLED
        self.cancellation_reason = reason
        self.save(update_fields=["status", "cancellation_reason"])


class EnrolmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or user.organisation_id is None:
            return self.none()
        if user.role not in ("facilitator", "caseworker", "manager"):
            return self.none()
        mine = self.filter(organisation_id=user.organisation_id)
        if user.role == "facilitator":
            return mine.filter(group__in=Group.objects.visible_to(user))
        return mine

    def current(self):
        return self.filter(end_date__isnull=True)

    def facilitated_by(self, user):
        """Places, current or ended, in the groups a user facilitates: whose men a
        facilitator may see (participants.models.ParticipantQuerySet.visible_to)."""
        return self.filter(group__facilitators=user)

    def on(self, day):
        """Enrolments running on a day: the men a session of that day expects."""
        return self.filter(start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )


class Enrolment(models.Model):
    """A man's place in a group, from his start to his outcome."""

    class Outcome(models.TextChoices):
        COMPLETED = "completed", "Completed"
        DROPPED_OUT = "dropped_out", "Dropped out"
        EXCLUDED = "excluded", "Excluded"
        TRANSFERRED = "transferred", "Transferred"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="enrolments"
    )
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="enrolments"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    outcome_reason = models.CharField(max_length=40, blank=True)
    # His Participant.risk_level when he started, for the exit report.
    risk_level_at_start = models.CharField(
        max_length=10, choices=RiskLevel.choices, default=RiskLevel.NOT_ASSESSED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = EnrolmentQuerySet.as_manager()

    class Meta:
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


class AttendanceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Attendance of sessions the user may see."""
        return self.filter(session__in=Session.objects.visible_to(user).values("pk"))


class Attendance(models.Model):
    """Whether and how one man took part in one session."""

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        LATE = "late", "Late"
        LEFT_EARLY = "left_early", "Left early"
        EXCUSED = "excused", "Excused absence"
        UNEXCUSED = "unexcused", "Unexcused absence"

    ATTENDED = (Status.PRESENT, Status.LATE, Status.LEFT_EARLY)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    # Indexed in Meta together with the status.
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", db_index=False
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    participation = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1 (withdrawn) to 5 (fully engaged)."
    )
    note = models.TextField(blank=True)
    concern = models.BooleanField(default=False, help_text="This worried me.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["session__date"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="one_attendance_per_session"
            ),
            models.CheckConstraint(
                condition=models.Q(participation__isnull=True)
                | models.Q(participation__gte=1, participation__lte=5),
                name="participation_is_1_to_5",
            ),
        ]
        indexes = [
            models.Index(fields=["participant", "session"]),
            # The registers of many sessions counted from the index alone (the
            # dashboard's weekly attendance).
            models.Index(
                fields=["session"],
                include=["status"],
                name="attendance_session_status_idx",
            ),
        ]
        permissions = [("record_attendance", "Record attendance for a session")]

    def __str__(self):
        return f"{self.participant_id} at {self.session_id}: {self.status}"


class ExitReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(
            enrolment__in=Enrolment.objects.visible_to(user).values("pk")
        )


class ExitReport(models.Model):
    """The summary of one ended enrolment: why, how much he came, risk, who is told."""

    class Progress(models.TextChoices):
        NOT_YET = "", "Not yet assessed"
        SIGNIFICANT = "significant", "Significant change"
        SOME = "some", "Some change"
        NONE = "none", "No change"
        WORSE = "worse", "Worse"

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
        "Use of violence and abuse", max_length=12, choices=Progress.choices, blank=True
    )
    progress_responsibility = models.CharField(
        "Taking responsibility", max_length=12, choices=Progress.choices, blank=True
    )
    progress_children = models.CharField(
        "Understanding of the impact on children",
        max_length=12,
        choices=Progress.choices,
        blank=True,
    )
    progress_summary = models.TextField(blank=True)
    notify_referrer = models.BooleanField(default=True)
    notify_partner_support = models.BooleanField(default=True)
    notify_marac = models.BooleanField(
        default=False, help_text="His risk level changed: tell the risk conference."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ExitReportQuerySet.as_manager()

    class Meta:
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
