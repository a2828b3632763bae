"""Enquiries: a woman's own request for contact, whether or not he is known.

Everything here is behind the information firewall (DESIGN.md section 3): an
enquiry's `visible_to(user)` answers nothing to any role but partner-support
workers and managers of its organisation. Her contact details and her words are
encrypted at rest like a partner's (partner_contact.fields).
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organisation
from partner_contact.fields import EncryptedTextField
from partner_contact.models import FirewalledQuerySet, Partner

# Her encrypted fields: lists defer them, so a page of enquiries decrypts nothing.
SECRET_FIELDS = ("phone", "email", "safe_times", "referrer", "concerns", "notes")
# What she was offered, one column each so that reports count them on any database.
OFFER_FIELDS = (
    "offered_information",
    "offered_safety_planning",
    "offered_womens_service",
    "offered_programme_for_him",
)


class EnquiryQuerySet(FirewalledQuerySet):
    def without_secrets(self):
        return self.defer(*SECRET_FIELDS)

    def open(self):
        return self.filter(closed_at__isnull=True)

    def awaiting_first_contact(self):
        """Open enquiries nobody has yet tried to contact her about."""
        return self.open().filter(first_contact_at__isnull=True)

    def first_contact_overdue(self, today: date):
        """Awaiting first contact after its deadline (in her organisation's days)."""
        return self.awaiting_first_contact().filter(first_contact_due__lt=today)

    def follow_up_due(self, today: date):
        return self.open().filter(follow_up_on__lte=today)

    def received_between(self, start: date, end: date):
        """Enquiries received from `start` to `end` inclusive, by the date her
        organisation's calendar showed when she got in touch."""
        return self.filter(received_on__gte=start, received_on__lte=end)

    def figures(self) -> dict:
        """Counts for reports, in one query: received, by channel, by what was
        offered and by outcome, first contacts made in time, linked to a man."""
        counts = {
            "total": Count("pk"),
            "on_behalf": Count("pk", filter=Q(on_behalf=True)),
            "first_contact_in_time": Count(
                "pk", filter=Q(first_contact_at__date__lte=F("first_contact_due"))
            ),
            "linked": Count("pk", filter=Q(partner__isnull=False)),
            "closed": Count("pk", filter=Q(closed_at__isnull=False)),
        }
        for channel in Enquiry.Channel:
            counts[f"channel_{channel.value}"] = Count(
                "pk", filter=Q(channel=channel.value)
            )
        for name in OFFER_FIELDS:
            counts[name] = Count("pk", filter=Q(**{name: True}))
        for outcome in Enquiry.Outcome:
            counts[f"outcome_{outcome.value}"] = Count(
                "pk", filter=Q(outcome=outcome.value)
            )
        return self.order_by().aggregate(**counts)


class Enquiry(models.Model):
    """A woman's request for contact or support, made by her or by a professional
    for her, recorded by a worker or sent from the public contact page."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")
        IN_PERSON = "in_person", _("In person")
        AGENCY = "agency", _("Via another agency")
        PUBLIC_PAGE = "public_page", _("Public contact page")

    class ReachBy(models.TextChoices):
        PHONE = "phone", _("Phone call")
        TEXT = "text", _("Text message")
        EMAIL = "email", _("E-mail")

    class Outcome(models.TextChoices):
        INFORMATION_GIVEN = "information_given", _("Information given")
        SUPPORT_ONGOING = "support_ongoing", _("Support from us goes on")
        REFERRED_ON = "referred_on", _("Referred to a women's service")
        HE_REFERRED = "he_referred", _("He was referred to the programme")
        DECLINED = "declined", _("She declined further contact")
        NOT_REACHABLE = "not_reachable", _("She could not be reached")
        OTHER = "other", _("Other")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="enquiries"
    )
    channel = models.CharField(
        _("how she got in touch"), max_length=12, choices=Channel.choices
    )
    received_at = models.DateTimeField(_("received"))
    # Her organisation's date at received_at: reports count by it.
    received_on = models.DateField(editable=False)
    name = models.CharField(
        _("name"), max_length=100, help_text=_("A first name or any name she chose.")
    )
    on_behalf = models.BooleanField(
        _("asked for by a professional on her behalf"), default=False
    )
    referrer = EncryptedTextField(_("the professional and their agency"), blank=True)
    reach_by = models.CharField(
        _("safe way to reach her"), max_length=8, choices=ReachBy.choices, blank=True
    )
    phone = EncryptedTextField(_("safe phone number"), blank=True)
    email = EncryptedTextField(_("safe e-mail address"), blank=True)
    safe_times = EncryptedTextField(_("when it is safe to contact her"), blank=True)
    message_ok = models.BooleanField(
        _("a message or voicemail may be left"), default=False
    )
    language = models.CharField(_("her language"), max_length=60, blank=True)
    concerns = EncryptedTextField(_("what she is worried about"), blank=True)
    offered_information = models.BooleanField(_("information"), default=False)
    offered_safety_planning = models.BooleanField(_("safety planning"), default=False)
    offered_womens_service = models.BooleanField(
        _("referral to a women's service"), default=False
    )
    offered_programme_for_him = models.BooleanField(
        _("the programme for him"), default=False
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    first_contact_due = models.DateField(_("first contact due by"))
    first_contact_at = models.DateTimeField(
        _("first contact attempt"), null=True, blank=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enquiries",
        limit_choices_to={"role": "partner_support"},
        verbose_name=_("partner-support worker"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for a request from the public contact page."),
    )
    # Her record once the enquiry is linked to a man's case (or to her record).
    partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enquiries",
    )
    linked_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = EnquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(outcome=""),
                name="closed_enquiry_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(partner__isnull=True) | Q(linked_at__isnull=False),
                name="linked_enquiry_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "received_on"]),
            # The queue and the detector: open enquiries by deadline.
            models.Index(
                fields=["organisation", "first_contact_due"],
                condition=Q(closed_at__isnull=True),
                name="enquiry_open_due_idx",
            ),
        ]

    def __str__(self):
        return f"{self.reference} ({self.get_channel_display()})"

    def get_absolute_url(self):
        return reverse("enquiries:detail", args=[self.uuid])

    @property
    def reference(self) -> str:
        """A short label for lists and alerts that says nothing about her."""
        return f"E-{str(self.uuid)[:8].upper()}"

    @property
    def offers(self) -> list[str]:
        """The labels of what she was offered."""
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in OFFER_FIELDS
            if getattr(self, name)
        ]

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
