import base64
import csv
import logging
import sys
import time
from urllib.parse import urlencode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.paginator import Paginator
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation  # languages
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)
from kombu import Connection

from accounts import audit, emails, lockout, services
from accounts.exports import csv_safe
from accounts.forms import (
    AccessLogFilterForm,
    LoginForm,
    OrganisationForm,
    ProfileForm,  # languages
    ReauthenticateForm,
    TokenForm,
    UserForm,
)
from accounts.languages import language_of  # languages
from accounts.models import AccessLog, User
from accounts.redirects import safe_next_url
from health.models import BEAT, LATE, UNKNOWN, Heartbeat

logger = logging.getLogger(__name__)


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """200 when the database and the broker answer and beat is not late, else 503.

    "beat" is "unknown" until the first heartbeat after an install, and that
    stays a 200: health/README.md says why and what to monitor.
    """
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "unreachable"
    try:
        broker = Connection(
            settings.CELERY_BROKER_URL,
            transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            connect_timeout=2,
        )
        with broker:
            broker.ensure_connection(max_retries=1, timeout=2)
        checks["broker"] = "ok"
    except Exception:
        checks["broker"] = "unreachable"
    checks["beat"] = _beat_status(database_ok=checks["database"] == "ok")
    healthy = checks["beat"] != LATE and all(
        checks[name] == "ok" for name in ("database", "broker")
    )
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks},
        status=200 if healthy else 503,
    )


def _beat_status(*, database_ok: bool) -> str:
    """The beat heartbeat's status; "unknown" when the database cannot tell."""
    if not database_ok:
        return UNKNOWN
    try:
        return Heartbeat.objects.status(BEAT)
    except DatabaseError:
        return UNKNOWN


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


@permission_required("accounts.manage_users", raise_exception=True)
@require_safe
def user_list(request):
    users = User.objects.visible_to(request.user).order_by("last_name", "username")
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return TemplateResponse(request, "accounts/user_list.html", {"page_obj": page})


@permission_required("accounts.manage_users", raise_exception=True)
@require_http_methods(["GET", "POST"])
def user_create(request):
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.create_user(
            organisation=request.user.organisation,
            username=form.cleaned_data["username"],
            role=form.cleaned_data["role"],
            email=form.cleaned_data["email"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            created_by=request.user,
        )
        if not form.cleaned_data["is_active"]:
            services.update_user(
                user=user, role=user.role, is_active=False, by=request.user
            )
        emails.send_account_setup(user=user, request=request)
        messages.success(
            request,
            _(
                "Account %(username)s created. They have been e-mailed a link to "
                "set their password."
            )
            % {"username": user.username},
        )
        return redirect("accounts:user_list")
    return TemplateResponse(
        request,
        "accounts/user_form.html",
        {"form": form, "creating": True},
        status=400 if form.errors else 200,
    )


@permission_required("accounts.manage_users", raise_exception=True)
@require_http_methods(["GET", "POST"])
def user_update(request, user_uuid):
    user = User.objects.visible_or_404(request.user, user_uuid)
    form = UserForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        if user == request.user and (
            form.cleaned_data["role"] != user.role or not form.cleaned_data["is_active"]
        ):
            form.add_error(
                None,
                _(
                    "You cannot change your own role or switch off your own account; "
                    "ask another administrator."
                ),
            )
        else:
            services.update_user(
                user=user,
                role=form.cleaned_data["role"],
                is_active=form.cleaned_data["is_active"],
                by=request.user,
                **{
                    f: form.cleaned_data[f]
                    for f in ("username", "first_name", "last_name", "email")
                },
            )
            messages.success(
                request, _("Account %(username)s saved.") % {"username": user.username}
            )
            return redirect("accounts:user_list")
    return TemplateResponse(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "account": user,
            "has_authenticator": services.has_authenticator(user),
        },
        status=400 if form.errors else 200,
    )


@permission_required("accounts.manage_users", raise_exception=True)
@require_POST
def user_two_factor_reset(request, user_uuid):
    """Remove a colleague's authenticator (a lost phone); she pairs anew at sign-in."""
    user = User.objects.visible_or_404(request.user, user_uuid)
    if user == request.user:
        messages.error(
            request,
            _("Ask another administrator to reset your own two-factor login."),
        )
    else:
        services.remove_two_factor(user=user, by=request.user)
        messages.success(
            request,
            _(
                "Two-factor login reset for %(name)s: they pair a new authenticator "
                "app at their next sign-in, and they have been told by e-mail."
            )
            % {"name": user},
        )
    return redirect("accounts:user_update", user_uuid=user.uuid)


@require_http_methods(["GET", "POST"])
def profile(request):
    """The signed-in user's own page: who she is, and the language she reads."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # The message is read on the next page, in the language just chosen.
        translation.activate(language_of(user))
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return TemplateResponse(
        request,
        "accounts/profile.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@permission_required("accounts.change_organisation", raise_exception=True)
@require_http_methods(["GET", "POST"])
def organisation_settings(request):
    organisation = request.user.organisation
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Organisation settings saved."))
        return redirect("accounts:organisation_settings")
    return TemplateResponse(
        request,
        "accounts/organisation_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@permission_required("accounts.view_accesslog", raise_exception=True)
@require_safe
def access_log(request):
    """Who read or exported which record, and changes to accounts, with filters."""
    entries, form = _filtered_access_log(request)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    records = audit.describe_records(page.object_list, request.user)
    rows = [
        (entry, records.get((entry.object_type, entry.object_uuid)))
        for entry in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "accounts/access_log.html",
        {
            "page_obj": page,
            "rows": rows,
            "form": form,
            "query_string": query.urlencode(),
        },
        status=400 if form.errors else 200,
    )


# An export is for a period's review, not a copy of the whole log.
ACCESS_LOG_EXPORT_LIMIT = 20_000


@permission_required("accounts.view_accesslog", raise_exception=True)
@require_safe
def access_log_export(request):
    """The filtered access log as CSV, formula-safe; the export is logged too."""
    entries, form = _filtered_access_log(request)
    if form.errors:
        return HttpResponseBadRequest(
            _("Correct the filters first: %(errors)s")
            % {
                "errors": " ".join(
                    form.non_field_errors() or [_("a value is not valid")]
                )
            },
            content_type="text/plain; charset=utf-8",
        )
    entries = list(entries[:ACCESS_LOG_EXPORT_LIMIT])
    records = audit.describe_records(entries, request.user)
    services.log_export(user=request.user, what="access log")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="access-log.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [_("When"), _("Who"), _("What"), _("Record kind"), _("Record"), _("Detail")]
    )
    for entry in entries:
        record = records.get((entry.object_type, entry.object_uuid))
        writer.writerow(
            csv_safe(cell)
            for cell in (
                timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M"),
                entry.user or "",
                entry.get_action_display(),
                record.kind if record else audit.kind_name(entry.object_type),
                (record.label or entry.object_uuid) if record else "",
                entry.detail,
            )
        )
    return response


def _filtered_access_log(request):
    mine = AccessLog.objects.filter(organisation_id=request.user.organisation_id)
    kinds = sorted(
        (
            (label, audit.kind_name(label))
            for label in mine.order_by()
            .values_list("object_type", flat=True)
            .distinct()
        ),
        key=lambda kind: kind[1],
    )
    form = AccessLogFilterForm(request.GET or None, reader=request.user, kinds=kinds)
    return form.filter(mine.select_related("user")), form


# Error pages ----------------------------------------------------------------


@login_not_required
def permission_denied(request, exception=None):
    return TemplateResponse(request, "403.html", status=403).render()


@login_not_required
def page_not_found(request, exception=None):
    return TemplateResponse(request, "404.html", status=404).render()


@login_not_required
def server_error(request):
    """A friendly 500, or 503 when the database is down (it will come back)."""
    # Rendered without the request: its context processors would touch the
    # session and the user, that is the database that may be what failed.
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)
