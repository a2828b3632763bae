import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext

# Pages a signed-in user may reach before the second factor is given.
TWO_FACTOR_EXEMPT_URL_NAMES = {
    "accounts:two_factor_verify",
    "accounts:two_factor_setup",
    "accounts:logout",
    "healthz",
    "enquiries:public_contact",  # enquiries: public, and must never redirect her
}


class TwoFactorMiddleware:
    """Keep a password-only session on the second-factor pages until it is verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if not user.needs_two_factor:
            return None
        match = request.resolver_match
        if match and match.view_name in TWO_FACTOR_EXEMPT_URL_NAMES:
            return None
        if user.totpdevice_set.filter(confirmed=True).exists():
            return redirect(reverse("accounts:two_factor_verify"))
        return redirect(reverse("accounts:two_factor_setup"))


class NoStoreMiddleware:
    """Tell browsers and proxies never to keep a copy of a page (case data)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
        return response


# Browser features no page of the app uses: denied to the app and to any frame,
# so an injected script cannot reach a camera, a microphone or a location.
DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "bluetooth",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)


class PermissionsPolicyMiddleware:
    """Deny powerful browser features on every response, static files included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class RejectNullBytesMiddleware:
    """Answer 400 to a request whose parameters carry a NUL character.

    PostgreSQL cannot store NUL in text, so such a value would fail deep inside a
    query (including the login throttle's own lookups) instead of as bad input.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for params in (request.GET, request.POST):
            for key, values in params.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    return HttpResponseBadRequest(
                        gettext(
                            "The request contains a character that is not allowed."
                        ),
                        content_type="text/plain",
                    )
        return self.get_response(request)


# When the signed-in session last recorded activity (seconds since the epoch).
LAST_ACTIVITY = "last_activity"


class SessionActivityMiddleware:
    """Renew a signed-in session's idle clock at most once a minute.

    Writing the session on every request (SESSION_SAVE_EVERY_REQUEST) kept the idle
    sign-out exact, at the cost of a database write per page. Here the session is
    written only when its recorded activity is a minute old: since the stored
    session expires SESSION_COOKIE_AGE after its last write, a session still ends
    at most SESSION_COOKIE_AGE after the last request, up to a minute sooner, never
    later. The explicit check below holds that for any session engine.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            now = int(time.time())
            last = session.get(LAST_ACTIVITY)
            if last is not None and now - last >= settings.SESSION_COOKIE_AGE:
                logout(request)
            elif last is None or now - last >= settings.SESSION_ACTIVITY_WRITE_SECONDS:
                session[LAST_ACTIVITY] = now
        return self.get_response(request)
