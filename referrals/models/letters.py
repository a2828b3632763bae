"""Letters to referrers: the organisation's template per event, and each letter
drafted from it, edited by a worker and sent by e-mail or post.

A letter is about the man and his referral only: its placeholders offer nothing
from a partner record or from the referral's "what is known of the partner"
(referrals.placeholders), and the firewall sweep checks every page showing one.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organisation, TenantQuerySet
from accounts.roles import CASE_ROLES
from referrals.models.inbound import Referral


class LetterEvent(models.TextChoices):
    """What happened that the referrer is told of."""

    ACCEPTED = "accepted", _("Referral accepted")
    DECLINED = "declined", _("Referral declined")
    STARTED = "started", _("Started the programme")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    EXCLUDED = "excluded", _("Excluded")
    COMPLETED = "completed", _("Completed the programme")


class LetterTemplateQuerySet(TenantQuerySet):
    def visible_to(self, user):
        return self.in_organisation_of(user, roles=CASE_ROLES)


class LetterTemplate(models.Model):
    """An organisation's own wording of the letter for one event (without one,
    the default wording in referrals.placeholders is used)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="letter_templates"
    )
    event = models.CharField(_("event"), max_length=12, choices=LetterEvent.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("letter"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = LetterTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "event"], name="one_letter_template_per_event"
            )
        ]

    def __str__(self):
        return str(self.get_event_display())


class ReferrerLetterQuerySet(TenantQuerySet):
    def visible_to(self, user):
        """Letters on the referrals the user may see, for the roles that own
        men's cases (caseworkers, managers)."""
        return self.in_organisation_of(user, roles=CASE_ROLES).filter(
            referral__in=Referral.objects.visible_to(user).values("pk")
        )

    def of_case(self, participant, user) -> "ReferrerLetterQuerySet":
        """Letters on his referrals that `visible_to(user)` shows, as
        `visible_to(user).filter(referral__participant=participant)`: caseworkers
        and managers, the only roles with letters, see every referral of their
        organisation, which is compared on the join to his referrals rather than
        through a subquery of all of them."""
        return self.in_organisation_of(user, roles=CASE_ROLES).filter(
            referral__participant=participant,
            referral__organisation_id=user.organisation_id,
        )

    def drafts(self):
        return self.filter(status=ReferrerLetter.Status.DRAFT)

    def sent(self):
        return self.filter(status=ReferrerLetter.Status.SENT)

    def sent_between(self, start, end):
        """Letters sent from `start` to `end` (dates, both included)."""
        return self.sent().filter(sent_on__gte=start, sent_on__lte=end)


class ReferrerLetter(models.Model):
    """One letter telling a referrer what happened on their referral: drafted
    from the template when the event happens, then edited and sent (or not)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft, not sent")
        SENT = "sent", _("Sent")
        DISCARDED = "discarded", _("Not sent")

    class Method(models.TextChoices):
        EMAIL = "email", _("E-mail")
        POST = "post", _("Post")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="letters"
    )
    event = models.CharField(_("event"), max_length=12, choices=LetterEvent.choices)
    # The fact the letter answers ("decision:<pk>", "status:<pk>"): one letter
    # per fact, however often it is reported.
    event_key = models.CharField(max_length=60)
    event_on = models.DateField(_("date of the event"))
    recipient_name = models.CharField(_("to"), max_length=200, blank=True)
    recipient_email = models.EmailField(_("e-mail address"), blank=True)
    recipient_address = models.TextField(_("postal address"), blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("letter"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    sent_via = models.CharField(
        _("sent by"), max_length=8, choices=Method.choices, blank=True
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # To whom it went, as sent (the e-mail address or the postal address).
    sent_to = models.TextField(_("sent to"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ReferrerLetterQuerySet.as_manager()

    class Meta:
        ordering = ["-event_on", "-created_at"]
        verbose_name = _("letter to a referrer")
        verbose_name_plural = _("letters to referrers")
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "event_key"], name="one_letter_per_event"
            ),
            models.CheckConstraint(
                condition=~Q(status="sent")
                | (Q(sent_at__isnull=False) & ~Q(sent_via="")),
                name="sent_letter_has_time_and_method",
            ),
        ]

    def __str__(self):
        return f"{self.get_event_display()}: {self.subject}"

    def get_absolute_url(self):
        return reverse("referrals:letter_detail", args=[self.uuid])

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    def mark_sent(self, *, via: str, by, at, on, to: str) -> None:
        self.status = self.Status.SENT
        self.sent_via = via
        self.sent_by = by
        self.sent_at = at
        self.sent_on = on
        self.sent_to = to

    def mark_discarded(self) -> None:
        self.status = self.Status.DISCARDED
