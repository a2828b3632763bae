"""An organisation's accounts (for its administrators), the signed-in user's
own profile, and the organisation's settings."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation  # languages
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from accounts import emails, services
from accounts.forms import (
    OrganisationForm,
    ProfileForm,  # languages
    UserForm,
)
from accounts.languages import language_of  # languages
from accounts.models import User


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
