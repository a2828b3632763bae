"""Requests a man or a woman makes about the data the organisation holds on them.

One `RightsRequest` per request, whatever its kind (access, rectification,
erasure, restriction, objection): who it is about, when it was received and is
due (one month), whether the person's identity was checked, the decision and its
reason, and for access the export built for review and its release. A
`DeadlineNotice` is the managers' warning that a request is nearly or already
late (data_rights.detectors).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, TenantQuerySet
from accounts.roles import MANAGER


class RightsRequestQuerySet(TenantQuerySet):
    def visible_to(self, user):
        """Managers of the organisation: requests name the person and the
        export holds both sides of the firewall's records of them."""
        return self.in_organisation_of(user, roles=(MANAGER,))

    def open(self):
        return self.filter(status__in=RightsRequest.OPEN_STATUSES)


class RightsRequest(models.Model):
    """A person's request to exercise a data-protection right, and what was done."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Access (a copy of the data)")
        RECTIFICATION = "rectification", _("Rectification (correct the data)")
        ERASURE = "erasure", _("Erasure")
        RESTRICTION = "restriction", _("Restriction of processing")
        OBJECTION = "objection", _("Objection to processing")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        PREPARING = "preparing", _("Export being prepared")
        IN_REVIEW = "in_review", _("Export waiting for review")
        RELEASED = "released", _("Export released")
        GRANTED = "granted", _("Granted and carried out")
        REFUSED = "refused", _("Refused")
        LIFTED = "lifted", _("Restriction lifted")

    class RefusalReason(models.TextChoices):
        SAFEGUARDING = (
            "safeguarding",
            _("Needed to protect a woman or a child (safeguarding)"),
        )
        LEGAL_OBLIGATION = "legal_obligation", _("The law requires us to keep it")
        LEGAL_CLAIMS = "legal_claims", _("Needed for legal claims or court proceedings")
        PUBLIC_TASK = (
            "public_task",
            _("Needed for a task in the public interest (a court or probation order)"),
        )
        THIRD_PARTY = "third_party", _("It would reveal another person's data")
        UNFOUNDED = "unfounded", _("Manifestly unfounded or excessive")
        IDENTITY = "identity", _("The person's identity could not be confirmed")
        ACCURATE = "accurate", _("The record is accurate as it stands")

    # Requests that still need someone to act; a deadline notice concerns these.
    OPEN_STATUSES = (Status.RECEIVED, Status.PREPARING, Status.IN_REVIEW)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind of request"), max_length=20, choices=Kind.choices)
    # Exactly one of the two: the man's case or the woman's record.
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rights_requests",
    )
    partner = models.ForeignKey(
        "partner_contact.Partner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rights_requests",
    )
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("answer due by"))
    details = models.TextField(
        _("what was asked"),
        blank=True,
        help_text=_("In the person's words or a short summary."),
    )
    identity_checked = models.BooleanField(_("identity checked"), default=False)
    identity_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.CharField(
        _("reason for refusing"),
        max_length=20,
        choices=RefusalReason.choices,
        blank=True,
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    # Rectification: what was corrected (the change itself is in the history).
    correction = models.TextField(_("what was corrected"), blank=True)
    # Access: the export built for review, then released.
    export_requested_at = models.DateTimeField(null=True, blank=True)
    export_built_at = models.DateTimeField(null=True, blank=True)
    export_archive = models.BinaryField(null=True, blank=True, editable=False)
    redactions = models.JSONField(default=list, blank=True, editable=False)
    section_counts = models.JSONField(default=dict, blank=True, editable=False)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    released_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    objects = RightsRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("data-protection request")
        verbose_name_plural = _("data-protection requests")
        permissions = [
            (
                "manage_rights_requests",
                "Record, decide and release data-protection requests",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(participant__isnull=True, partner__isnull=False)
                | Q(participant__isnull=False, partner__isnull=True),
                name="rights_request_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("received_on")),
                name="rights_request_due_after_received",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="rights_request_refusal_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status", "due_on"])]

    def __str__(self):
        return gettext("%(kind)s (received %(date)s)") % {
            "kind": self.get_kind_display(),
            "date": date_format(self.received_on, "DATE_FORMAT"),
        }

    def get_absolute_url(self):
        return reverse("data_rights:request_detail", args=[self.uuid])

    @property
    def subject(self):
        """The man's case or the woman's record the request is about."""
        return self.participant if self.participant_id else self.partner

    @property
    def about_a_man(self) -> bool:
        return self.participant_id is not None

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def reference(self) -> str:
        """A short reference for e-mails and notices, naming nobody."""
        return str(self.uuid)[:8].upper()


class DeadlineNotice(models.Model):
    """A warning to the managers that a request is nearly due or overdue."""

    class Stage(models.TextChoices):
        DUE_SOON = "due_soon", _("Due within a week")
        OVERDUE = "overdue", _("Overdue")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    request = models.ForeignKey(
        RightsRequest, on_delete=models.CASCADE, related_name="deadline_notices"
    )
    stage = models.CharField(max_length=10, choices=Stage.choices)
    due_on = models.DateField()
    created_at = models.DateTimeField()
    # The insert batch, to tell this run's rows from older ones after an
    # INSERT ... ON CONFLICT DO NOTHING (as risk.outbox does).
    batch = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("deadline notice")
        verbose_name_plural = _("deadline notices")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "stage"], name="one_deadline_notice_per_stage"
            )
        ]

    def __str__(self):
        return f"{self.get_stage_display()}: {self.request.reference}"
