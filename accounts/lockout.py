"""Slowing down password guessing: django-axes per user name and address, and a
longer per-account limit whatever the address."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts import services
from accounts.models import AccountEvent, LoginThrottle, User

# The longest user name an account can have (AbstractUser.username).
USERNAME_MAX_LENGTH = 150


def username_for_lockout(request: HttpRequest, credentials: dict | None) -> str:
    """The attempted user name, cut to the longest real one.

    Axes records every failed attempt with the name typed; a name longer than its
    column would fail the insert and turn a wrong login into a server error.
    """
    if credentials:
        username = credentials.get("username") or ""
    else:
        username = request.POST.get("username", "")
    return str(username)[:USERNAME_MAX_LENGTH]


def _key(username: str) -> str:
    return str(username).strip().lower()[:USERNAME_MAX_LENGTH]


def account_delay(username: str) -> timedelta | None:
    """How long this user name must still wait before its next try, if at all."""
    blocked_until = (
        LoginThrottle.objects.filter(username=_key(username))
        .values_list("blocked_until", flat=True)
        .first()
    )
    if blocked_until is None:
        return None
    remaining = blocked_until - timezone.now()
    return remaining if remaining > timedelta(0) else None


def delay_after(failures: int) -> timedelta:
    """The wait after this many failures in the window: doubling, then capped.

    Capped so that a stranger who types a colleague's name can slow her down but
    never shut her out for long; a password reset clears the count at once.
    """
    excess = failures - settings.ACCOUNT_FAILURE_LIMIT
    if excess < 0:
        return timedelta(0)
    return min(timedelta(minutes=2**excess), settings.ACCOUNT_MAX_DELAY)


@transaction.atomic
def record_failure(username: str) -> LoginThrottle:
    """Count a failed sign-in to this user name, from whatever address.

    The first time the limit is reached in a window, the account's owner (if the
    name is an account's) is told by e-mail and the access log says so.
    """
    now = timezone.now()
    throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(
        username=_key(username),
        defaults={"first_failure_at": now, "last_failure_at": now},
    )
    if throttle.last_failure_at < now - settings.ACCOUNT_FAILURE_WINDOW:
        throttle.failures = 0
        throttle.first_failure_at = now
        throttle.notified_at = None
    throttle.failures += 1
    throttle.last_failure_at = now
    delay = delay_after(throttle.failures)
    throttle.blocked_until = now + delay if delay else None
    if delay and throttle.notified_at is None:
        throttle.notified_at = now
        user = User.objects.filter(username__iexact=throttle.username).first()
        if user is not None:
            services.record_account_event(
                user=user, actor=None, event=AccountEvent.SIGN_IN_SLOWED
            )
    throttle.save()
    # Rows of names nobody has tried for a whole window are of no further use.
    LoginThrottle.objects.filter(
        last_failure_at__lt=now - settings.ACCOUNT_FAILURE_WINDOW
    ).delete()
    return throttle


def clear_failures(username: str) -> None:
    """Forget the failures of this user name: it signed in, or reset its password."""
    LoginThrottle.objects.filter(username=_key(username)).delete()
