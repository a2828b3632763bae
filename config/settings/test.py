"""Test settings: the production settings with speed-ups only."""

import os

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault(
    "FIELD_ENCRYPTION_KEYS",
    "dGVzdC1vbmx5LWtleS1ub3QtYS1zZWNyZXQtMTIzNDU=",
)

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests speak plain HTTP to the test client; production keeps the redirect.
SECURE_SSL_REDIRECT = False
# Two-factor login has its own tests; other tests log in with a password only.
TWO_FACTOR_REQUIRED = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Short-lived connections in tests, unless a test asks for the production behaviour.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", 0))
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

# N+1 queries fail the request in tests (django-zeal): a list page that loads a
# relation per row raises instead of slowing down with the data.
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]
MIDDLEWARE = [*MIDDLEWARE, "zeal.middleware.zeal_middleware"]
ZEAL_RAISE = True
ZEAL_ALLOWLIST = [
    # Django loads and then deletes the session on logout: two reads by design.
    {"model": "sessions.Session"},
    # The signed-in user is loaded by the session middleware, and some of Django's
    # auth views (password reset) load a user again: two single reads, not a loop.
    # Relations to users (e.g. Participant.caseworker) are still checked.
    {"model": "accounts.User", "field": "get()"},
]

# The public contact page answers a sent request no sooner than a floor (0.4 s in
# production); tests that check the floor set it themselves.
ENQUIRIES_PUBLIC_ANSWER_FLOOR_SECONDS = 0
