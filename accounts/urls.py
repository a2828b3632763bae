from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path, reverse_lazy

from accounts.views import access_log, sign_in, users

app_name = "accounts"

urlpatterns = [
    path("login/", sign_in.login, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        login_not_required(
            auth_views.PasswordResetView.as_view(
                template_name="accounts/password_reset.html",
                email_template_name="emails/password-reset-body.txt",
                subject_template_name="emails/password-reset-subject.txt",
                success_url=reverse_lazy("accounts:password_reset_done"),
            )
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        login_not_required(
            auth_views.PasswordResetDoneView.as_view(
                template_name="accounts/password_reset_done.html"
            )
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        login_not_required(
            sign_in.PasswordResetConfirmView.as_view(
                template_name="accounts/password_reset_confirm.html",
                success_url=reverse_lazy("accounts:password_reset_complete"),
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        login_not_required(
            auth_views.PasswordResetCompleteView.as_view(
                template_name="accounts/password_reset_complete.html"
            )
        ),
        name="password_reset_complete",
    ),
    path("two-factor/", sign_in.two_factor_verify, name="two_factor_verify"),
    path("two-factor/setup/", sign_in.two_factor_setup, name="two_factor_setup"),
    path(
        "two-factor/recovery-codes/",
        sign_in.recovery_codes_regenerate,
        name="recovery_codes_regenerate",
    ),
    path("profile/", users.profile, name="profile"),
    path("users/", users.user_list, name="user_list"),
    path("users/new/", users.user_create, name="user_create"),
    path("users/<uuid:user_uuid>/", users.user_update, name="user_update"),
    path(
        "users/<uuid:user_uuid>/two-factor/reset/",
        users.user_two_factor_reset,
        name="user_two_factor_reset",
    ),
    path("organisation/", users.organisation_settings, name="organisation_settings"),
    path("access-log/", access_log.access_log, name="access_log"),
    path("access-log/export/", access_log.access_log_export, name="access_log_export"),
]
