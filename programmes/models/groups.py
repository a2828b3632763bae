"""Groups and their sessions, group or one-to-one."""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organisation, TenantQuerySet, User
from accounts.roles import CASE_ROLES, GROUP_ROLES
from participants.models import Participant
from programmes.models.curriculum import Module, Programme


class GroupQuerySet(TenantQuerySet):
    def visible_to(self, user):
        """Groups a user may see: facilitators only their own."""
        mine = self.in_organisation_of(user, roles=GROUP_ROLES)
        if user.role in CASE_ROLES:
            return mine
        if user.role == User.Role.FACILITATOR:
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
        COHORT = "cohort", _("Closed cohort")
        ROLLING = "rolling", _("Rolling (open) group")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

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
        verbose_name = _("group")
        verbose_name_plural = _("groups")
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


class SessionQuerySet(TenantQuerySet):
    def visible_to(self, user):
        """Sessions of groups the user may see, and one-to-ones of men they may see."""
        mine = self.in_organisation_of(user, roles=GROUP_ROLES)
        if user.role == User.Role.FACILITATOR:
            # Subqueries, not a join on the many-to-many: no duplicate rows.
            return mine.filter(
                Q(pk__in=Session.objects.filter(facilitators=user).values("pk"))
                | Q(group__in=Group.objects.filter(facilitators=user).values("pk"))
            )
        return mine

    def overdue_logs(self, today):
        """Past sessions still scheduled: nobody logged them."""
        return self.filter(date__lt=today, status=Session.Status.SCHEDULED)

    def clashing_with(self, *, day, start_time, workers, minutes=None):
        """Sessions not cancelled that one of `workers` runs (as a session's or its
        group's facilitator) and that overlap `minutes` (a one-to-one's hour unless
        given) from `start_time` on `day`.
        """
        start = start_time.hour * 60 + start_time.minute
        end = start + (minutes or Session.ONE_TO_ONE_MINUTES)
        candidates = (
            self.filter(date=day)
            .exclude(status=Session.Status.CANCELLED)
            .filter(Q(facilitators__in=workers) | Q(group__facilitators__in=workers))
            .select_related("group", "participant")
            .distinct()
        )
        clashes = []
        for session in candidates:
            other_start = session.start_time.hour * 60 + session.start_time.minute
            other_end = other_start + session.duration_minutes
            if other_start < end and start < other_end:
                clashes.append(session)
        return clashes


class Session(models.Model):
    """One meeting of a group, or a one-to-one session with one man."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

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
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
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

    # A one-to-one session has no length of its own; it is booked by the hour.
    ONE_TO_ONE_MINUTES = 60

    @property
    def duration_minutes(self):
        return self.group.duration_minutes if self.group else self.ONE_TO_ONE_MINUTES

    @property
    def is_one_to_one(self):
        return self.group_id is None

    def mark_cancelled(self, *, reason):
        """Cancel this session with a reason (touches only this row)."""
        self.status = self.Status.CANCELLED
        self.cancellation_reason = reason
        self.save(update_fields=["status", "cancellation_reason"])

    def has_started(self, local_now) -> bool:
        """Whether the session's day and start time have come by `local_now`, a
        moment in the organisation's time zone (`timezone.localtime()`, from
        settings.TIME_ZONE): attendance is recorded from its start (issue 14,
        item 9), not from midnight of its day."""
        return (self.date, self.start_time) <= (local_now.date(), local_now.time())
