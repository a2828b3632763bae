"""Writes on users, organisations and the access log."""

import secrets

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import tasks
from accounts.models import AccessLog, AccountEvent, Organisation, User
from accounts.roles import FIREWALL_ROLES

RECOVERY_CODE_COUNT = 10


# Changes through which someone could come to read women's records: an
# administrator who makes them is reported to the organisation's managers, so that
# nobody can quietly give themselves that access.
MANAGERS_TOLD_OF = {AccountEvent.EMAIL_CHANGED, AccountEvent.PARTNER_ACCESS}


def record_account_event(
    *,
    user: User,
    actor: User | None,
    event: AccountEvent,
    old_email: str = "",
) -> AccessLog:
    """Log a change to an account and e-mail its owner (and managers) after commit.

    An address change is told to the old address, which the person still reads if
    the change was not theirs. Managers are told when someone other than the user
    changes the address or partner-record access of a role that reads partners.
    """
    entry = AccessLog.objects.create(
        organisation_id=user.organisation_id,
        user=actor or user,
        action=AccessLog.Action.ACCOUNT,
        object_type=user._meta.label,
        object_uuid=user.uuid,
        detail=event.value,
    )
    if user.organisation_id is None:
        return entry
    tasks.send_account_notice.delay_on_commit(entry.pk, address=old_email or user.email)
    if (
        event in MANAGERS_TOLD_OF
        and actor is not None
        and actor != user
        and user.role in FIREWALL_ROLES
    ):
        tasks.send_account_notice_to_managers.delay_on_commit(entry.pk)
    return entry


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
    created_by: User | None = None,
) -> User:
    """Create a worker of an organisation with one role.

    Without a password the account cannot log in until the person sets one
    through the password-reset e-mail. Creating an account with a role that reads
    partners' records is a grant like any other, and told as one.
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
    if role in FIREWALL_ROLES:
        record_account_event(
            user=user, actor=created_by, event=AccountEvent.PARTNER_ACCESS
        )
    return user


@transaction.atomic
def update_user(
    *, user: User, role: str, is_active: bool, by: User | None = None, **fields
) -> User:
    """Change a worker's details, role or active flag (org admins only).

    A new e-mail address and a newly granted role that reads partners' records are
    each told to the person (the old address for an address change) and logged.
    """
    # Read from the database: a ModelForm has already written the new values onto
    # the instance it validated.
    old_email, old_role = User.objects.values_list("email", "role").get(pk=user.pk)
    for name, value in fields.items():
        setattr(user, name, value)
    user.is_active = is_active
    user.save()
    if user.groups.filter(name=role).count() != 1 or user.role != role:
        set_role(user=user, role=role)
    if old_email and user.email.lower() != old_email.lower():
        record_account_event(
            user=user, actor=by, event=AccountEvent.EMAIL_CHANGED, old_email=old_email
        )
    if role in FIREWALL_ROLES and old_role not in FIREWALL_ROLES:
        record_account_event(user=user, actor=by, event=AccountEvent.PARTNER_ACCESS)
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


def has_authenticator(user: User) -> bool:
    """Whether the user has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def start_totp_setup(*, user: User) -> TOTPDevice:
    """Return the user's unconfirmed authenticator, creating one if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Authenticator app", confirmed=False
        )
    return device


@transaction.atomic
def confirm_totp_device(
    *, device: TOTPDevice, replacing_allowed: bool = False
) -> list[str]:
    """Confirm an authenticator and issue fresh recovery codes, returned once.

    A user who already has a confirmed authenticator keeps it unless the caller
    says she proved herself again (password and a code from the current device):
    a password alone must never be enough to swap the second factor.
    """
    user = device.user
    replacing = has_authenticator(user)
    if replacing and not replacing_allowed:
        raise PermissionDenied("Replacing an authenticator needs re-authentication.")
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_account_event(
        user=user,
        actor=user,
        event=AccountEvent.DEVICE_REPLACED if replacing else AccountEvent.DEVICE_ADDED,
    )
    return _new_recovery_codes(user=user)


@transaction.atomic
def regenerate_recovery_codes(*, user: User) -> list[str]:
    """Replace the user's recovery codes, each good once, and tell her."""
    codes = _new_recovery_codes(user=user)
    record_account_event(user=user, actor=user, event=AccountEvent.RECOVERY_CODES)
    return codes


@transaction.atomic
def remove_two_factor(*, user: User, by: User) -> None:
    """Remove a user's authenticator and recovery codes (a lost phone).

    She pairs a new one at her next sign-in; she is told, and so are the managers
    when the account reads partners' records, since this is a step to taking it.
    """
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    entry = record_account_event(user=user, actor=by, event=AccountEvent.DEVICE_REMOVED)
    if by != user and user.role in FIREWALL_ROLES:
        tasks.send_account_notice_to_managers.delay_on_commit(entry.pk)


def _new_recovery_codes(*, user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes
