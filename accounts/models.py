import uuid
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.access_words import readable


def validate_time_zone(value: str) -> None:
    """Refuse a name the IANA database does not know (e.g. "Europe/Atlantis")."""
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a known time zone."), params={"value": value}
        )


class Organisation(models.Model):
    """A programme provider: the tenant that owns every case record."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True)
    require_two_factor = models.BooleanField(
        default=False,
        help_text=_(
            "Ask every user of this organisation for a second factor at login, "
            "even where the service does not require it for everyone."
        ),
    )
    # Working limits the organisation sets for itself; the apps read them.
    referral_screening_days = models.PositiveSmallIntegerField(
        default=5, help_text=_("Working days within which a new referral is screened.")
    )
    first_partner_contact_days = models.PositiveSmallIntegerField(
        default=10,
        help_text=_(
            "Days within which a partner is first offered contact after the "
            "man is referred or starts the programme."
        ),
    )
    alert_acknowledge_hours = models.PositiveSmallIntegerField(
        default=24,
        help_text=_("Hours after which an unacknowledged alert escalates to managers."),
    )
    # Where and in which language the organisation works: every "today", deadline
    # and report period of the organisation is counted in its own time zone.
    language = models.CharField(
        _("default language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of users who have not chosen their own."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=settings.TIME_ZONE,
        validators=[validate_time_zone],
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        default="GB",
        help_text=_(
            "ISO 3166 code; chooses the default terms and rules of the country."
        ),
    )
    emergency_numbers = models.TextField(
        _("emergency numbers"),
        blank=True,
        default="",
        help_text=_(
            "Shown on the public contact page and her safety plan, one per line."
        ),
    )
    # The woman's own way in (public contact page and enquiries).
    public_contact_slug = models.SlugField(
        _("public contact page address"),
        max_length=60,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "The public contact page is at /contact/<address>/; empty turns it off."
        ),
    )
    enquiry_first_contact_working_days = models.PositiveSmallIntegerField(
        _("first contact after an enquiry (working days)"), default=1
    )
    # Reports for commissioners.
    financial_year_start_month = models.PositiveSmallIntegerField(
        _("first month of the financial year"), default=4
    )
    small_numbers_internal = models.PositiveSmallIntegerField(
        _("smallest figure shown inside the organisation"), default=5
    )
    small_numbers_external = models.PositiveSmallIntegerField(
        _("smallest figure in reports that leave the organisation"), default=10
    )
    complaint_response_working_days = models.PositiveSmallIntegerField(
        _("working days to answer a complaint"), default=20
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class TenantQuerySet(models.QuerySet):
    """The base of every case record's QuerySet: the common opening of `visible_to`.

    Every `visible_to(user)` starts here, so that one method answers "nothing" to
    anonymous users, platform administrators and roles outside `roles`, and limits
    everyone else to their own organisation.
    """

    def in_organisation_of(self, user, *, roles=None):
        """The rows of the user's organisation, if the user's role is among `roles`."""
        if not user.is_authenticated or user.organisation_id is None:
            return self.none()
        if roles is not None and user.role not in roles:
            return self.none()
        return self.filter(organisation_id=user.organisation_id)

    def visible_or_404(self, user, uuid):
        """The record with this UUID if the user may see it; otherwise a 404.

        The access helper of every record kind: another organisation's record,
        or one outside the user's `visible_to`, is never found, so that a 404
        never confirms it exists (DESIGN.md section 3).
        """
        return get_object_or_404(self.visible_to(user), uuid=uuid)


class UserQuerySet(TenantQuerySet):
    def visible_to(self, user):
        """Users an org admin manages, or colleagues a worker may assign work to."""
        return self.in_organisation_of(user)

    def with_role(self, *roles):
        return self.filter(role__in=roles, is_active=True)


class OrganisationUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who signs in: a worker of one organisation, or a platform admin."""

    class Role(models.TextChoices):
        FACILITATOR = "facilitator", _("Facilitator")
        CASEWORKER = "caseworker", _("Caseworker")
        PARTNER_SUPPORT = "partner_support", _("Partner-support worker")
        MANAGER = "manager", _("Manager")
        ORG_ADMIN = "org_admin", _("Organisation administrator")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        help_text=_("Empty only for platform administrators, who do no case work."),
    )
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
        help_text=_("Empty: the organisation's language."),
    )

    objects = OrganisationUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]
        permissions = [("manage_users", "Manage own organisation's users and roles")]
        constraints = [
            # A case worker always belongs to an organisation and has one role.
            models.CheckConstraint(
                condition=(
                    models.Q(organisation__isnull=True, role="")
                    | models.Q(organisation__isnull=False) & ~models.Q(role="")
                ),
                name="user_role_needs_organisation",
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_absolute_url(self):
        return reverse("accounts:user_update", args=[self.uuid])

    @property
    def is_facilitator(self):
        return self.role == self.Role.FACILITATOR

    @property
    def is_caseworker(self):
        return self.role == self.Role.CASEWORKER

    @property
    def is_partner_support(self):
        return self.role == self.Role.PARTNER_SUPPORT

    @property
    def is_manager(self):
        return self.role == self.Role.MANAGER

    @property
    def is_org_admin(self):
        return self.role == self.Role.ORG_ADMIN

    @property
    def needs_two_factor(self):
        from django.conf import settings

        if settings.TWO_FACTOR_REQUIRED:
            return True
        return bool(self.organisation and self.organisation.require_two_factor)


class AccountEvent(models.TextChoices):
    """A change to how someone signs in or what they may read, that they are told of.

    The value is written to the access log's detail; the label is what the access
    log and the e-mails call it.
    """

    DEVICE_ADDED = "device_added", _("Authenticator app paired")
    DEVICE_REPLACED = "device_replaced", _("Authenticator app replaced")
    DEVICE_REMOVED = "device_removed", _("Authenticator app removed")
    RECOVERY_CODES = "recovery_codes", _("New recovery codes made")
    EMAIL_CHANGED = "email_changed", _("E-mail address changed")
    PARTNER_ACCESS = "partner_access", _("Role that reads partners' records granted")
    SIGN_IN_SLOWED = "sign_in_slowed", _("Sign-in slowed after repeated failures")


class AccessLog(models.Model):
    """One read of a sensitive record or one export: who, when and what."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        EXPORT = "export", _("Exported")
        # A change to how someone signs in or what they may read: kept beside the
        # reads so that one log answers "who could see her record, and since when".
        ACCOUNT = "account", _("Account security")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="access_logs"
    )
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="access_logs", null=True
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    # The record is named by model label and UUID, never by personal data.
    object_type = models.CharField(max_length=100)
    object_uuid = models.UUIDField(null=True, blank=True)
    detail = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_uuid"])]

    def __str__(self):
        return f"{self.user} {self.action} {self.object_type} {self.object_uuid}"

    def detail_display(self) -> str:
        """The detail as people read it, in their language: an account change by
        its name, a read by accounts.access_words."""
        if self.action == self.Action.ACCOUNT and self.detail in AccountEvent.values:
            return str(AccountEvent(self.detail).label)
        return readable(self.detail)

    def object_type_display(self) -> str:
        """What an export without a record was of, in the reader's language."""
        return readable(self.object_type)


class LoginThrottle(models.Model):
    """Failed sign-ins to one user name from any address, over a long window.

    django-axes locks a user name per address; this row holds whatever the address,
    so that guessing one account from many addresses is slowed too. It is keyed by
    the name typed (lower-cased), not by a user, so that the answer is the same
    whether or not the account exists.
    """

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    first_failure_at = models.DateTimeField()
    last_failure_at = models.DateTimeField(db_index=True)
    blocked_until = models.DateTimeField(null=True, blank=True)
    # When the owner was last told; one notice per window, not one per guess.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in attempt counter")
        verbose_name_plural = _("sign-in attempt counters")

    def __str__(self):
        return f"{self.username}: {self.failures} failures"


class PublicHoliday(models.Model):
    """A day the organisation does not count as a working day (bank holidays)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="public_holidays"
    )
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "date"], name="public_holiday_once_per_day"
            )
        ]

    def __str__(self):
        return f"{self.date}: {self.name}"
