"""Signing in: the password, the second factor (an authenticator app or a
recovery code), pairing a new authenticator, and resetting a password."""

import base64
import time
from urllib.parse import urlencode

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
)

from accounts import lockout, services
from accounts.forms import (
    LoginForm,
    ReauthenticateForm,
    TokenForm,
)
from accounts.redirects import safe_next_url


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        lockout.clear_failures(form.get_user().username)
        return super().form_valid(form)

    def form_invalid(self, form):
        # Like every other form of the app: errors are a 400, with the message.
        response = super().form_invalid(form)
        response.status_code = 400
        return response


login = login_not_required(LoginView.as_view())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's own, and a new password clears the account's failed sign-ins.

    Whoever reads the account's e-mail is its owner for this purpose, so a stranger
    who slowed the account down cannot keep her out once she resets.
    """

    def form_valid(self, form):
        lockout.clear_failures(form.user.username)
        return super().form_valid(form)


# Replacing an authenticator is allowed for this long after the owner gave her
# password and a current code again.
REAUTHENTICATION_SECONDS = 10 * 60
REAUTHENTICATED_AT = "two_factor_reauthenticated_at"


@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """Second step of login: a code from the authenticator or a recovery code."""
    if request.user.is_verified():
        return redirect(safe_next_url(request, request.GET.get("next")) or "home")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            django_otp.login(request, device)
            if device.persistent_id.startswith("otp_static"):
                messages.warning(
                    request,
                    _(
                        "You used a recovery code; it will not work again. "
                        "Make new codes if you are running low."
                    ),
                )
            return redirect(safe_next_url(request, request.GET.get("next")) or "home")
        form.add_error("token", _("That code is not right or has expired. Try again."))
    return TemplateResponse(
        request,
        "accounts/two_factor_verify.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Pair an authenticator app, then show recovery codes once.

    A first pairing is open right after the password, so that new staff can enrol.
    Once an authenticator is paired, only a session that passed it may come here,
    and it must give the password and a current code again before a new key is
    shown: the password alone must never replace the owner's second factor.
    """
    replacing = services.has_authenticator(request.user)
    if replacing and not request.user.is_verified():
        return redirect_to_verify(request)
    if replacing and not _recently_reauthenticated(request):
        return _reauthenticate(request)
    device = services.start_totp_setup(user=request.user)
    form = TokenForm(request.POST or None)
    # Pairing proves the new app works: only its code will do, no recovery code.
    form.fields["token"].label = _("The 6-digit code the app shows")
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            codes = services.confirm_totp_device(
                device=device, replacing_allowed=replacing
            )
            request.session.pop(REAUTHENTICATED_AT, None)
            django_otp.login(request, device)
            messages.success(
                request,
                _("Your new authenticator app is paired; the old one no longer works.")
                if replacing
                else _("Two-factor login is on for your account."),
            )
            return TemplateResponse(
                request, "accounts/recovery_codes.html", {"codes": codes}
            )
        form.add_error(
            "token", _("That code is not right. Check the time on your phone.")
        )
    qr_svg = segno.make(device.config_url, micro=False).svg_data_uri(scale=5)
    return TemplateResponse(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg,
            "device": device,
            "secret": base64.b32encode(device.bin_key).decode(),
            "replacing": replacing,
        },
        status=400 if form.errors else 200,
    )


def redirect_to_verify(request):
    """To the second-factor page, and back to this page once it is given."""
    return redirect(
        reverse("accounts:two_factor_verify") + "?" + urlencode({"next": request.path})
    )


def _recently_reauthenticated(request) -> bool:
    at = request.session.get(REAUTHENTICATED_AT)
    return at is not None and 0 <= time.time() - at < REAUTHENTICATION_SECONDS


def _reauthenticate(request):
    form = ReauthenticateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        request.session[REAUTHENTICATED_AT] = time.time()
        return redirect("accounts:two_factor_setup")
    return TemplateResponse(
        request,
        "accounts/two_factor_replace.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["POST"])
def recovery_codes_regenerate(request):
    if not services.has_authenticator(request.user):
        messages.error(request, _("Set up an authenticator app first."))
        return redirect("accounts:two_factor_setup")
    if not request.user.is_verified():
        return redirect_to_verify(request)
    codes = services.regenerate_recovery_codes(user=request.user)
    messages.success(
        request, _("New recovery codes made; the old ones no longer work.")
    )
    return TemplateResponse(request, "accounts/recovery_codes.html", {"codes": codes})
