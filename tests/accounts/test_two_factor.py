import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.factories import TEST_PASSWORD


def _code(device):
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:06d}"


@pytest.fixture
def two_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED = True


def _password_login(client, user):
    client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": TEST_PASSWORD},
    )


def test_without_a_device_the_user_must_set_one_up(client, caseworker, two_factor_on):
    _password_login(client, caseworker)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:two_factor_setup")


def test_setup_then_verify_with_totp(client, caseworker, two_factor_on):
    _password_login(client, caseworker)
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=caseworker)
    response = client.post(
        reverse("accounts:two_factor_setup"), {"token": _code(device)}
    )
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    assert client.get(reverse("home")).status_code == 200

    # A new session needs the second factor again; a wrong code is refused.
    client.logout()
    _password_login(client, caseworker)
    assert client.get(reverse("home")).url == reverse("accounts:two_factor_verify")
    response = client.post(reverse("accounts:two_factor_verify"), {"token": "000000"})
    assert response.status_code == 400
    # Each failure slows the next try; a real user waits, the test resets.
    TOTPDevice.objects.update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    StaticDevice.objects.update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    client.post(reverse("accounts:two_factor_verify"), {"token": codes[0]})
    assert client.get(reverse("home")).status_code == 200

    # A recovery code works once.
    client.logout()
    _password_login(client, caseworker)
    response = client.post(reverse("accounts:two_factor_verify"), {"token": codes[0]})
    assert response.status_code == 400


def test_organisation_can_require_two_factor(client, caseworker, settings):
    settings.TWO_FACTOR_REQUIRED = False
    caseworker.organisation.require_two_factor = True
    caseworker.organisation.save()
    _password_login(client, caseworker)
    assert client.get(reverse("home")).url == reverse("accounts:two_factor_setup")


def test_two_factor_not_asked_when_not_required(client, caseworker, settings):
    settings.TWO_FACTOR_REQUIRED = False
    _password_login(client, caseworker)
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "next"])
def test_next_after_the_second_factor_stays_on_the_site(
    client, caseworker, two_factor_on, target
):
    """No open redirect, and no error, whatever ?next= says."""
    _password_login(client, caseworker)
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=caseworker)
    client.post(reverse("accounts:two_factor_setup"), {"token": _code(device)})
    client.logout()
    _password_login(client, caseworker)
    TOTPDevice.objects.update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    device.refresh_from_db()
    device.last_t = -1
    device.save()
    response = client.post(
        reverse("accounts:two_factor_verify") + f"?next={target}",
        {"token": _code(device)},
    )
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_next_after_the_second_factor_may_be_a_page_of_the_site(
    client, caseworker, two_factor_on
):
    _password_login(client, caseworker)
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=caseworker)
    client.post(reverse("accounts:two_factor_setup"), {"token": _code(device)})
    client.logout()
    _password_login(client, caseworker)
    device.refresh_from_db()
    device.last_t = -1
    device.save()
    response = client.post(
        reverse("accounts:two_factor_verify") + "?next=/accounts/password/change/",
        {"token": _code(device)},
    )
    assert response.url == "/accounts/password/change/"
