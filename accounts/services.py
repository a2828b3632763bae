"""Writes on users, organisations and the access log."""

import secrets

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Model
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccessLog, Organisation, User

RECOVERY_CODE_COUNT = 10


@transaction.atomic
def set_role(*, user: User, role: str) -> User:
    """Give a user one role: the field and the matching permission group."""
    user.role = role
    user.save(update_fields=["role"])
    user.groups.set([Group.objects.get(name=role)])
    return user


@transaction.atomic
def create_user(
    *,
    organisation: Organisation,
    username: str,
    role: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
) -> User:
    """Create a worker of an organisation with one role.

    Without a password the account cannot log in until the person sets one
    through the password-reset e-mail.
    """
    user = User(
        organisation=organisation,
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    return user


@transaction.atomic
def update_user(*, user: User, role: str, is_active: bool, **fields) -> User:
    """Change a worker's details, role or active flag (org admins only)."""
    for name, value in fields.items():
        setattr(user, name, value)
    user.is_active = is_active
    user.save()
    if user.groups.filter(name=role).count() != 1 or user.role != role:
        set_role(user=user, role=role)
    return user


def log_access(
    *, user: User, obj: Model, action: str = AccessLog.Action.VIEW, detail: str = ""
) -> AccessLog:
    """Record that a user read a sensitive record or exported data.

    `obj` must have `organisation_id` and `uuid`; the log names the record by type
    and UUID only, so it holds no personal data itself.
    """
    return AccessLog.objects.create(
        organisation_id=obj.organisation_id,
        user=user,
        action=action,
        object_type=obj._meta.label,
        object_uuid=getattr(obj, "uuid", None),
        detail=detail[:200],
    )


def log_export(*, user: User, what: str) -> AccessLog:
    """Record an export of a list or report that is not one record."""
    return AccessLog.objects.create(
        organisation_id=user.organisation_id,
        user=user,
        action=AccessLog.Action.EXPORT,
        object_type=what[:100],
    )


def start_totp_setup(*, user: User) -> TOTPDevice:
    """Return the user's unconfirmed authenticator, creating one if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Authenticator app", confirmed=False
        )
    return device


@transaction.atomic
def confirm_totp_device(*, device: TOTPDevice) -> list[str]:
    """Confirm an authenticator and issue fresh recovery codes, returned once."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return regenerate_recovery_codes(user=device.user)


@transaction.atomic
def regenerate_recovery_codes(*, user: User) -> list[str]:
    """Replace the user's recovery codes; each works once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes
