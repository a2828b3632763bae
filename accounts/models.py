import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse


class Organisation(models.Model):
    """A programme provider: the tenant that owns every case record."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True)
    require_two_factor = models.BooleanField(
        default=False,
        help_text="Ask every user of this organisation for a second factor at login, "
        "even where the service does not require it for everyone.",
    )
    # Working limits the organisation sets for itself; the apps read them.
    referral_screening_days = models.PositiveSmallIntegerField(
        default=5, help_text="Working days within which a new referral is screened."
    )
    first_partner_contact_days = models.PositiveSmallIntegerField(
        default=10,
        help_text="Days within which a partner is first offered contact after the "
        "man is referred or starts the programme.",
    )
    alert_acknowledge_hours = models.PositiveSmallIntegerField(
        default=24,
        help_text="Hours after which an unacknowledged alert escalates to managers.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class UserQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Users an org admin manages, or colleagues a worker may assign work to."""
        if not user.is_authenticated or user.organisation_id is None:
            return self.none()
        return self.filter(organisation_id=user.organisation_id)

    def with_role(self, *roles):
        return self.filter(role__in=roles, is_active=True)


class OrganisationUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who signs in: a worker of one organisation, or a platform admin."""

    class Role(models.TextChoices):
        FACILITATOR = "facilitator", "Facilitator"
        CASEWORKER = "caseworker", "Caseworker"
        PARTNER_SUPPORT = "partner_support", "Partner-support worker"
        MANAGER = "manager", "Manager"
        ORG_ADMIN = "org_admin", "Organisation administrator"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        help_text="Empty only for platform administrators, who do no case work.",
    )
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)

    objects = OrganisationUserManager()

    class Meta:
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


class AccessLog(models.Model):
    """One read of a sensitive record or one export: who, when and what."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        EXPORT = "export", "Exported"

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
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_uuid"])]

    def __str__(self):
        return f"{self.user} {self.action} {self.object_type} {self.object_uuid}"
