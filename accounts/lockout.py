"""How django-axes names the account a failed login was for."""

from django.http import HttpRequest

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
