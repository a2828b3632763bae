import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import AccessLog, User
from accounts.services import log_access
from tests.accounts.factories import TEST_PASSWORD, UserFactory


def test_login_with_wrong_password_shows_a_clear_message(client, caseworker):
    response = client.post(
        reverse("accounts:login"), {"username": caseworker.username, "password": "nope"}
    )
    assert response.status_code == 400
    assert "do not match" in response.content.decode()


def test_login_with_right_password_reaches_home(client, caseworker):
    response = client.post(
        reverse("accounts:login"),
        {"username": caseworker.username, "password": TEST_PASSWORD},
        follow=True,
    )
    assert response.status_code == 200
    assert response.wsgi_request.user == caseworker


def test_lockout_after_repeated_failed_logins(client, caseworker, settings):
    """After AXES_FAILURE_LIMIT failures even the right password is refused."""
    url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": caseworker.username, "password": "wrong"})
    response = client.post(
        url, {"username": caseworker.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_org_admin_manages_users_of_own_organisation(login, org_admin):
    client = login(org_admin)
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "new-facilitator",
            "first_name": "Nova",
            "last_name": "Fictional",
            "email": "nova@example.org",
            "role": "manager",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="new-facilitator")
    assert user.organisation == org_admin.organisation
    assert list(user.groups.values_list("name", flat=True)) == ["manager"]
    assert user.has_perm("accounts.view_accesslog")
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_org_admin_changes_a_role(login, org_admin, make_user):
    worker = make_user("facilitator")
    client = login(org_admin)
    response = client.post(
        reverse("accounts:user_update", args=[worker.uuid]),
        {
            "username": worker.username,
            "first_name": "A",
            "last_name": "B",
            "email": "a@example.org",
            "role": "caseworker",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.role == "caseworker"
    assert list(worker.groups.values_list("name", flat=True)) == ["caseworker"]


def test_org_admin_gets_404_for_another_organisations_user(login, org_admin, outsider):
    """The scoping entry point answers 404, never confirming the user exists."""
    client = login(org_admin)
    response = client.get(reverse("accounts:user_update", args=[outsider.uuid]))
    assert response.status_code == 404


def test_duplicate_username_is_a_form_error(login, org_admin, caseworker):
    client = login(org_admin)
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": caseworker.username,
            "first_name": "X",
            "last_name": "Y",
            "email": "x@example.org",
            "role": "manager",
        },
    )
    assert response.status_code == 400
    assert "taken" in response.content.decode()


@pytest.mark.parametrize(
    "role", ["facilitator", "caseworker", "partner_support", "manager"]
)
def test_only_org_admins_manage_users(role, make_user, login):
    client = login(make_user(role))
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("accounts:organisation_settings")).status_code == 403


def test_org_admin_cannot_demote_themselves(login, org_admin):
    client = login(org_admin)
    response = client.post(
        reverse("accounts:user_update", args=[org_admin.uuid]),
        {
            "username": org_admin.username,
            "first_name": "A",
            "last_name": "B",
            "email": "a@example.org",
            "role": "facilitator",
            "is_active": "on",
        },
    )
    assert response.status_code == 400
    org_admin.refresh_from_db()
    assert org_admin.role == "org_admin"


def test_organisation_settings_reject_bad_values(login, org_admin):
    client = login(org_admin)
    response = client.post(
        reverse("accounts:organisation_settings"),
        {
            "name": org_admin.organisation.name,
            "referral_screening_days": "0",
            "first_partner_contact_days": "abc",
            "alert_acknowledge_hours": "24",
        },
    )
    assert response.status_code == 400
    org_admin.organisation.refresh_from_db()
    assert org_admin.organisation.referral_screening_days == 5


def test_access_log_records_who_read_what(manager, caseworker, org):
    entry = log_access(user=manager, obj=caseworker, detail="demo read")
    assert entry.organisation == org
    assert entry.user == manager
    assert entry.object_type == "accounts.User"
    assert entry.object_uuid == caseworker.uuid
    assert AccessLog.objects.count() == 1


def test_pages_are_not_cached(login, caseworker):
    response = login(caseworker).get(reverse("home"))
    assert "no-store" in response["Cache-Control"]


def test_csp_header_has_no_inline_scripts(login, caseworker):
    response = login(caseworker).get(reverse("home"))
    policy = response["Content-Security-Policy"]
    script_src = next(
        p for p in policy.split(";") if p.strip().startswith("script-src")
    )
    assert "'self'" in script_src
    assert "unsafe-inline" not in script_src
    assert "unsafe-eval" not in script_src


def test_templates_contain_no_inline_script(client, db):
    response = client.get(reverse("accounts:login"))
    body = response.content.decode()
    assert "<script>" not in body
    assert "<script src=" in body


def test_unknown_page_is_a_friendly_404(login, caseworker):
    response = login(caseworker).get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_inactive_user_cannot_log_in(client, db, org):
    user = UserFactory(organisation=org, is_active=False)
    response = client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": TEST_PASSWORD},
    )
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_logout_needs_post_and_ends_the_session(login, caseworker):
    client = login(caseworker)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_an_email_to_the_console(client, caseworker):
    response = client.post(
        reverse("accounts:password_reset"), {"email": caseworker.email}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert caseworker.username in mail.outbox[0].body


def test_a_nul_character_in_a_login_is_a_400(client, db):
    """PostgreSQL cannot store NUL: it is refused as bad input, never a 5xx."""
    response = client.post(
        reverse("accounts:login"), {"username": "a\x00b", "password": "x"}
    )
    assert response.status_code == 400


def test_a_nul_character_in_a_query_string_is_a_400(login, caseworker):
    response = login(caseworker).get(reverse("home"), {"q": "x\x00"})
    assert response.status_code == 400


def test_a_huge_user_name_is_a_failed_login_not_an_error(client, db):
    response = client.post(
        reverse("accounts:login"), {"username": "x" * 5000, "password": "wrong"}
    )
    assert response.status_code in (200, 400)
