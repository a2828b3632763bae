"""Retention schedule, legal holds, erasure batches and the erasure log.

Nothing here names a person: a batch item carries a pseudonymous reference only
until it is erased, and the erasure log holds counts by record kind.
"""

import uuid

from django.apps import apps
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import label_of
from accounts.models import Organisation, TenantQuerySet
from accounts.roles import MANAGER
from participants.models import Participant


def counts_display(
    counts: dict, names: dict[str, str] | None = None
) -> list[tuple[str, int]]:
    """Counts keyed by model label ("participants.CaseNote", or with "#history"
    for its history rows) as people read them: the records' plural name.
    `names` keeps the names already read, for a page that shows many rows."""
    names = {} if names is None else names
    shown = []
    for key, number in sorted(counts.items()):
        label, _sep, part = key.partition("#")
        model_label = label.split(" ")[0]
        if model_label not in names:
            names[model_label] = plural_name(model_label)
        name = names[model_label]
        if part == "history":
            name = _("%(records)s (change history)") % {"records": name}
        elif " " in label:
            name = f"{name} {label.split(' ', 1)[1]}"
        shown.append((name, number))
    return shown


def plural_name(label: str) -> str:
    """A model's plural name in the reader's language, or its label if unknown."""
    try:
        return str(apps.get_model(label)._meta.verbose_name_plural)
    except (LookupError, ValueError):
        return label


class RecordKind(models.TextChoices):
    """The kinds of record the schedule sets a period for (retention/kinds.py
    says how each is found and erased)."""

    CLOSED_CASE = "closed_case", _("A man's closed case and everything attached")
    PARTNER_RECORD = "partner_record", _("A woman's record")
    DECLINED_REFERRAL = (
        "declined_referral",
        _("A referral declined or withdrawn, with no case"),
    )
    ENQUIRY = "enquiry", _("An enquiry from a woman that led to no record of hers")
    DRAFT = "draft", _("Unsaved drafts")
    ACCESS_LOG = "access_log", _("Access-log entries")
    HISTORY = "history", _("Change-history rows")
    # Not a schedule entry: the rule a record erased on the person's own
    # request is logged under.
    REQUEST = "request", _("Erased on the person's request")


class RetentionRuleQuerySet(TenantQuerySet):
    def visible_to(self, user):
        return self.in_organisation_of(user, roles=(MANAGER,))


class RetentionRule(models.Model):
    """How long an organisation keeps one kind of record after its clock starts."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="retention_rules"
    )
    kind = models.CharField(_("record kind"), max_length=24, choices=RecordKind.choices)
    months = models.PositiveSmallIntegerField(
        _("kept for (months)"),
        validators=[MinValueValidator(1), MaxValueValidator(1200)],
        help_text=_("From the event that starts the clock (see the rule)."),
    )
    justification = models.CharField(
        _("why this period"),
        max_length=300,
        blank=True,
        help_text=_("The reason the organisation gives for keeping it this long."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = RetentionRuleQuerySet.as_manager()

    class Meta:
        ordering = ["kind"]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        permissions = [
            ("view_processing_record", _("See the record of processing")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"], name="retention_rule_once_per_kind"
            ),
            models.CheckConstraint(
                condition=Q(months__gte=1, months__lte=1200),
                name="retention_rule_months_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.months}"


class LegalHoldQuerySet(TenantQuerySet):
    def visible_to(self, user):
        return self.in_organisation_of(user, roles=(MANAGER,))

    def active(self):
        return self.filter(lifted_at__isnull=True)


class LegalHold(models.Model):
    """An order to keep a man's case whatever its retention date (litigation, a
    safeguarding review, a police request): its clock stops while it lasts."""

    class Reason(models.TextChoices):
        LITIGATION = "litigation", _("Litigation or a legal claim")
        SAFEGUARDING_REVIEW = "safeguarding_review", _("Safeguarding review")
        POLICE_REQUEST = "police_request", _("Police request")
        PUBLIC_INQUIRY = "public_inquiry", _("Public inquiry")
        ACCESS_REQUEST = "access_request", _("Open request from the person")
        OTHER = "other", _("Other")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="legal_holds"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="legal_holds"
    )
    reason = models.CharField(_("reason"), max_length=24, choices=Reason.choices)
    detail = models.CharField(
        _("detail"),
        max_length=200,
        blank=True,
        help_text=_("A reference of the order or review; never a person's name."),
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now_add=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.CharField(_("why it was lifted"), max_length=200, blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at"]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        constraints = [
            # One hold at a time: a second order is added to the first's detail.
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(lifted_at__isnull=True),
                name="one_active_legal_hold_per_case",
            ),
            models.CheckConstraint(
                condition=Q(lifted_at__isnull=True, lifted_by__isnull=True)
                | Q(lifted_at__isnull=False, lifted_by__isnull=False),
                name="legal_hold_lifted_with_actor",
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.participant_id})"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class ErasureBatchQuerySet(TenantQuerySet):
    def visible_to(self, user):
        return self.in_organisation_of(user, roles=(MANAGER,))

    def open(self):
        return self.filter(status=ErasureBatch.Status.PREPARED)


class ErasureBatch(models.Model):
    """What has passed its retention date in one organisation, prepared for a
    manager's review; erased only once approved (four eyes)."""

    class Status(models.TextChoices):
        PREPARED = "prepared", _("Waiting for review")
        APPROVED = "approved", _("Approved, being erased")
        DONE = "done", _("Erased")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="erasure_batches"
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PREPARED
    )
    # Empty when the nightly job prepared it; a person who prepares a batch may
    # not approve it.
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    prepared_at = models.DateTimeField(auto_now_add=True)
    # The organisation's date the batch was prepared on: what "due" was measured by.
    prepared_on = models.DateField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = ErasureBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-prepared_at"]
        verbose_name = _("erasure batch")
        verbose_name_plural = _("erasure batches")
        permissions = [("approve_erasurebatch", _("Approve an erasure batch"))]
        constraints = [
            # The nightly job adds to the open batch rather than starting another.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="prepared"),
                name="one_open_erasure_batch_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(status="prepared")
                | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="erasure_batch_approved_with_actor",
            ),
        ]

    def __str__(self):
        return f"Erasure batch {self.prepared_on}"

    def get_absolute_url(self):
        return reverse("retention:batch_detail", args=[self.uuid])

    def may_be_approved_by(self, user) -> bool:
        """Four eyes: open, and not prepared by this user."""
        return self.status == self.Status.PREPARED and self.prepared_by_id != user.pk

    def summary(self) -> list[dict]:
        """Per rule: how many items, and how many of them in each status."""
        rows = (
            self.items.order_by()
            .values("kind", "status")
            .annotate(n=Count("pk"))
            .order_by("kind", "status")
        )
        summary: dict[str, dict] = {}
        for row in rows:
            entry = summary.setdefault(
                row["kind"], {"label": RecordKind(row["kind"]).label, "total": 0}
            )
            entry[row["status"]] = row["n"]
            entry["total"] += row["n"]
        return list(summary.values())


class ErasureItem(models.Model):
    """One case, record or group of records in a batch: what would be erased and
    why, by reference and counts, never by name."""

    class Status(models.TextChoices):
        PENDING = "pending", _("To be erased")
        HELD = "held", _("Held back by the reviewer")
        SKIPPED = "skipped", _("Not erased: no longer due or under a legal hold")
        ERASED = "erased", _("Erased")

    batch = models.ForeignKey(
        ErasureBatch, on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(max_length=24, choices=RecordKind.choices)
    # The subject's primary key in its own table (Participant, Partner, Referral),
    # or null for a kind erased in bulk (drafts, access log, history rows).
    subject_id = models.BigIntegerField(null=True, blank=True)
    # Pseudonymous, for the reviewer; cleared when the item is erased.
    reference = models.CharField(max_length=40, blank=True)
    # The period applied; null for a kind erased on request.
    months = models.PositiveSmallIntegerField(null=True, blank=True)
    # The date the clock started from, to the month; cleared when erased.
    clock_started = models.DateField(null=True, blank=True)
    # Record kind label -> how many rows; counts only.
    counts = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hold_reason = models.CharField(_("why it is held back"), max_length=200, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("erasure item")
        verbose_name_plural = _("erasure items")
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "kind", "subject_id"],
                name="erasure_item_once_per_batch",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.reference}"

    def get_kind_display(self) -> str:
        return label_of(RecordKind, self.kind)


class ErasureLogQuerySet(TenantQuerySet):
    def visible_to(self, user):
        return self.in_organisation_of(user, roles=(MANAGER,))


class ErasureLog(models.Model):
    """What a batch erased under one rule: counts by record kind, who approved and
    when; nothing about any person."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="erasure_logs"
    )
    # Empty for an erasure on the person's request (data_rights).
    batch = models.ForeignKey(
        ErasureBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="log_entries",
    )
    kind = models.CharField(_("rule"), max_length=24, choices=RecordKind.choices)
    months = models.PositiveSmallIntegerField(_("period applied (months)"))
    subjects = models.PositiveIntegerField(_("cases or records"), default=0)
    counts = models.JSONField(default=dict)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    objects = ErasureLogQuerySet.as_manager()

    class Meta:
        ordering = ["-approved_at", "kind"]
        verbose_name = _("erasure log entry")
        verbose_name_plural = _("erasure log")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "kind"], name="erasure_log_once_per_rule_and_batch"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subjects}"

    def counts_display(self) -> list[tuple[str, int]]:
        return counts_display(self.counts)
