"""Changes to how someone signs in, or to what they may read, are told and logged."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services, tasks
from accounts.lockout import delay_after
from accounts.models import AccessLog, AccountEvent, LoginThrottle, User
from tests.accounts.factories import TEST_PASSWORD, ManagerFactory


def _code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:06d}"


@pytest.fixture
def notices_sent_now(monkeypatch, django_capture_on_commit_callbacks):
    """Run the notice tasks in the test, after commit, as a worker would."""
    for task in (tasks.send_account_notice, tasks.send_account_notice_to_managers):
        monkeypatch.setattr(task, "delay", task.run)

    def capture():
        return django_capture_on_commit_callbacks(execute=True)

    return capture


@pytest.fixture
def two_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED = True


def _account_log(user: User) -> list[str]:
    return list(
        AccessLog.objects.filter(
            object_uuid=user.uuid, action=AccessLog.Action.ACCOUNT
        ).values_list("detail", flat=True)
    )


def _administrator_saves(client, account, **changes):
    """Post the account form as an administrator would, with these changes."""
    data = {
        "username": account.username,
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "role": account.role,
        "is_active": "on",
    }
    return client.post(
        reverse("accounts:user_update", args=[account.uuid]), {**data, **changes}
    )


def _sign_in_verified(client, user, device):
    client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": TEST_PASSWORD},
    )
    client.post(reverse("accounts:two_factor_verify"), {"token": _code(device)})
    assert client.get(reverse("home")).status_code == 200


def test_first_pairing_is_told_to_the_owner(
    client, caseworker, two_factor_on, notices_sent_now
):
    client.post(
        reverse("accounts:login"),
        {"username": caseworker.username, "password": TEST_PASSWORD},
    )
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=caseworker)
    with notices_sent_now():
        response = client.post(
            reverse("accounts:two_factor_setup"), {"token": _code(device)}
        )
    assert len(response.context["codes"]) == 10
    assert _account_log(caseworker) == [AccountEvent.DEVICE_ADDED]
    assert [m.to for m in mail.outbox] == [[caseworker.email]]
    assert "Authenticator app paired" in mail.outbox[0].subject
    assert "choose a new password" in mail.outbox[0].body


def test_replacing_asks_for_password_and_current_code_then_tells_the_owner(
    client, manager, two_factor_on, notices_sent_now
):
    old = services.start_totp_setup(user=manager)
    services.confirm_totp_device(device=old)
    _sign_in_verified(client, manager, old)

    response = client.get(reverse("accounts:two_factor_setup"))
    assert response.templates[0].name == "accounts/two_factor_replace.html"
    # A wrong password is refused, and the current code is not used up by it.
    response = client.post(
        reverse("accounts:two_factor_setup"),
        {"password": "not-it", "token": _code(old)},
    )
    assert response.status_code == 400
    assert "password or the code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=manager, confirmed=False).exists()

    recovery = StaticToken.objects.filter(device__user=manager).first().token
    response = client.post(
        reverse("accounts:two_factor_setup"),
        {"password": TEST_PASSWORD, "token": recovery},
    )
    assert response.status_code == 302
    response = client.get(reverse("accounts:two_factor_setup"))
    assert response.context["replacing"] is True
    new = TOTPDevice.objects.get(user=manager, confirmed=False)
    with notices_sent_now():
        response = client.post(
            reverse("accounts:two_factor_setup"), {"token": _code(new)}
        )
    assert response.status_code == 200
    assert list(
        TOTPDevice.objects.filter(user=manager).values_list("pk", flat=True)
    ) == [new.pk]
    assert _account_log(manager)[0] == AccountEvent.DEVICE_REPLACED
    assert mail.outbox[-1].to == [manager.email]
    assert "Authenticator app replaced" in mail.outbox[-1].subject

    # The permission to replace is spent: the next visit asks again.
    response = client.get(reverse("accounts:two_factor_setup"))
    assert response.templates[0].name == "accounts/two_factor_replace.html"


def test_the_service_refuses_to_replace_without_reauthentication(manager):
    old = services.start_totp_setup(user=manager)
    services.confirm_totp_device(device=old)
    intruder = TOTPDevice.objects.create(user=manager, name="x", confirmed=False)
    with pytest.raises(PermissionDenied):
        services.confirm_totp_device(device=intruder)
    assert TOTPDevice.objects.get(user=manager, confirmed=True).pk == old.pk


def test_new_recovery_codes_need_the_second_factor_and_are_told(
    client, caseworker, notices_sent_now
):
    """Even where two-factor is not required, a paired user proves it first."""
    device = services.start_totp_setup(user=caseworker)
    services.confirm_totp_device(device=device)
    client.post(
        reverse("accounts:login"),
        {"username": caseworker.username, "password": TEST_PASSWORD},
    )
    before = set(StaticToken.objects.values_list("token", flat=True))
    response = client.post(reverse("accounts:recovery_codes_regenerate"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor_verify"))
    assert set(StaticToken.objects.values_list("token", flat=True)) == before

    client.post(reverse("accounts:two_factor_verify"), {"token": _code(device)})
    with notices_sent_now():
        response = client.post(reverse("accounts:recovery_codes_regenerate"))
    assert len(response.context["codes"]) == 10
    assert _account_log(caseworker)[0] == AccountEvent.RECOVERY_CODES
    assert "New recovery codes made" in mail.outbox[-1].subject


def test_an_address_change_is_told_to_the_old_address_and_the_managers(
    client, org_admin, partner_worker, manager, notices_sent_now
):
    other_manager = ManagerFactory(organisation=manager.organisation)
    client.force_login(org_admin)
    old_address = partner_worker.email
    with notices_sent_now():
        response = _administrator_saves(
            client, partner_worker, email="taken-over@example.org"
        )
    assert response.status_code == 302
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([old_address, manager.email, other_manager.email])
    to_her = next(m for m in mail.outbox if m.to == [old_address])
    assert "E-mail address changed" in to_her.subject
    assert str(org_admin) in to_her.body
    to_managers = [m for m in mail.outbox if m.to != [old_address]]
    assert all(partner_worker.username in m.body for m in to_managers)
    entry = AccessLog.objects.get(object_uuid=partner_worker.uuid)
    assert entry.user == org_admin
    assert entry.detail == AccountEvent.EMAIL_CHANGED


def test_granting_a_partner_reading_role_is_told(
    client, org_admin, facilitator, manager, notices_sent_now
):
    client.force_login(org_admin)
    with notices_sent_now():
        _administrator_saves(client, facilitator, role=User.Role.PARTNER_SUPPORT)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [facilitator.email, manager.email]
    )
    assert _account_log(facilitator) == [AccountEvent.PARTNER_ACCESS]


def test_an_administrator_creating_a_manager_account_is_told_to_the_managers(
    client, org_admin, manager, notices_sent_now
):
    client.force_login(org_admin)
    with notices_sent_now():
        client.post(
            reverse("accounts:user_create"),
            {
                "username": "new-manager",
                "first_name": "Newly",
                "last_name": "Made",
                "email": "newly-made@example.org",
                "role": User.Role.MANAGER,
                "is_active": "on",
            },
        )
    told = sorted(m.to[0] for m in mail.outbox)
    # Her password set-up e-mail, her notice, and the existing manager's notice.
    assert told == sorted(
        ["newly-made@example.org", "newly-made@example.org", manager.email]
    )


def test_a_change_nobody_reads_partners_with_tells_no_manager(
    client, org_admin, facilitator, manager, notices_sent_now
):
    client.force_login(org_admin)
    with notices_sent_now():
        _administrator_saves(client, facilitator, email="facilitator-new@example.org")
    assert [m.to for m in mail.outbox] == [[facilitator.email]]


def test_an_administrator_resets_a_lost_authenticator(
    client, org_admin, partner_worker, manager, notices_sent_now
):
    device = services.start_totp_setup(user=partner_worker)
    services.confirm_totp_device(device=device)
    client.force_login(org_admin)
    page = client.get(reverse("accounts:user_update", args=[partner_worker.uuid]))
    assert "Reset two-factor login" in page.content.decode()
    with notices_sent_now():
        response = client.post(
            reverse("accounts:user_two_factor_reset", args=[partner_worker.uuid])
        )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=partner_worker).exists()
    assert not StaticToken.objects.filter(device__user=partner_worker).exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [partner_worker.email, manager.email]
    )
    assert _account_log(partner_worker)[0] == AccountEvent.DEVICE_REMOVED


def test_only_an_administrator_resets_two_factor(client, manager, caseworker):
    client.force_login(manager)
    response = client.post(
        reverse("accounts:user_two_factor_reset", args=[caseworker.uuid])
    )
    assert response.status_code == 403


def test_an_administrator_of_another_organisation_gets_404(
    client, make_user, other_org, caseworker
):
    stranger = make_user(User.Role.ORG_ADMIN, organisation=other_org)
    client.force_login(stranger)
    response = client.post(
        reverse("accounts:user_two_factor_reset", args=[caseworker.uuid])
    )
    assert response.status_code == 404


# The per-account limit, whatever the address ------------------------------------


def _try(client, username, password, address):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_guessing_from_many_addresses_slows_the_account_and_tells_its_owner(
    client, caseworker, settings, notices_sent_now
):
    settings.ACCOUNT_FAILURE_LIMIT = 4
    with notices_sent_now():
        for n in range(4):
            response = _try(client, caseworker.username, "wrong", f"10.0.0.{n}")
            assert response.status_code == 400
    # Each address failed once only, so django-axes alone would let them go on.
    response = _try(client, caseworker.username, TEST_PASSWORD, "10.0.0.99")
    assert response.status_code == 400
    assert "Too many sign-ins to this account have failed" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert [m.to for m in mail.outbox] == [[caseworker.email]]
    assert "Sign-in slowed" in mail.outbox[0].subject
    assert _account_log(caseworker) == [AccountEvent.SIGN_IN_SLOWED]

    # The wait is short, then the right password works and clears the count.
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        response = _try(client, caseworker.username, TEST_PASSWORD, "10.0.0.99")
    assert response.status_code == 302
    assert not LoginThrottle.objects.filter(username=caseworker.username).exists()


def test_the_delay_grows_and_has_a_ceiling(settings):
    settings.ACCOUNT_FAILURE_LIMIT = 10
    settings.ACCOUNT_MAX_DELAY = timedelta(minutes=60)
    assert delay_after(9) == timedelta(0)
    assert delay_after(10) == timedelta(minutes=1)
    assert delay_after(12) == timedelta(minutes=4)
    assert delay_after(40) == timedelta(minutes=60)


def test_an_unknown_name_is_answered_the_same_and_tells_nobody(
    client, db, settings, notices_sent_now
):
    settings.ACCOUNT_FAILURE_LIMIT = 2
    with notices_sent_now():
        for n in range(3):
            response = _try(client, "nobody-here", "wrong", f"10.0.1.{n}")
    assert "Too many sign-ins to this account have failed" in response.content.decode()
    assert mail.outbox == []


def test_a_password_reset_lets_the_owner_in_at_once(client, caseworker, settings):
    settings.ACCOUNT_FAILURE_LIMIT = 1
    _try(client, caseworker.username, "wrong", "10.0.2.1")
    assert LoginThrottle.objects.filter(username=caseworker.username).exists()
    client.post(reverse("accounts:password_reset"), {"email": caseworker.email})
    link = next(
        line for line in mail.outbox[-1].body.splitlines() if "/reset/" in line
    ).strip()
    response = client.get(link, follow=True)
    client.post(
        response.redirect_chain[-1][0],
        {
            "new_password1": "A-new-long-passphrase-26",
            "new_password2": "A-new-long-passphrase-26",
        },
    )
    assert not LoginThrottle.objects.filter(username=caseworker.username).exists()
    response = _try(client, caseworker.username, "A-new-long-passphrase-26", "10.0.2.1")
    assert response.status_code == 302


@pytest.mark.parametrize(
    "password, token",
    [
        ("", ""),
        ("<script>alert(1)</script>", "' OR '1'='1"),
        ("A" * 5000, "9" * 5000),
        ("\u202e\u0000", "\ufeff123456"),
    ],
)
def test_the_replacement_form_refuses_bad_input_with_a_message(
    client, manager, two_factor_on, password, token
):
    """Hostile or empty values get a 400 with a message, never a 500, and the
    owner's authenticator is untouched."""
    device = services.start_totp_setup(user=manager)
    codes = services.confirm_totp_device(device=device)
    client.post(
        reverse("accounts:login"),
        {"username": manager.username, "password": TEST_PASSWORD},
    )
    client.post(reverse("accounts:two_factor_verify"), {"token": codes[0]})
    response = client.post(
        reverse("accounts:two_factor_setup"), {"password": password, "token": token}
    )
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert TOTPDevice.objects.get(user=manager, confirmed=True).pk == device.pk
    assert not TOTPDevice.objects.filter(user=manager, confirmed=False).exists()
