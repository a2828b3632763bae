"""An attacker who knows a user's password and nothing else.

With two-factor login required, a session that has passed only the password step
must stay unverified whatever it asks of the pages the two-factor middleware lets
it reach, and the owner's authenticator and recovery codes must survive every try.
"""

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.middleware import TWO_FACTOR_EXEMPT_URL_NAMES
from accounts.models import User
from tests.accounts.factories import TEST_PASSWORD, ManagerFactory


def _code(device: TOTPDevice, drift: int = 0) -> str:
    code = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0,
        digits=device.digits,
        drift=drift,
    )
    return f"{code:06d}"


def _exempt_urls() -> list[str]:
    """Every URL of the site whose name the two-factor middleware lets through."""
    urls = []

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or ""
                walk(pattern.url_patterns, f"{namespace}{ns}:" if ns else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}{pattern.name}"
                if (
                    name in TWO_FACTOR_EXEMPT_URL_NAMES
                    and not pattern.pattern.converters
                ):
                    urls.append(reverse(name))

    walk(get_resolver().url_patterns)
    return urls


@pytest.fixture
def two_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED = True


@dataclass
class Owner:
    user: User
    codes: list[str]


@pytest.fixture
def paired(db, two_factor_on) -> Owner:
    """A manager who paired her authenticator and holds ten recovery codes."""
    user = ManagerFactory(username="t-owner")
    device = services.start_totp_setup(user=user)
    return Owner(user=user, codes=services.confirm_totp_device(device=device))


def _assert_unverified(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor_verify"))


def _assert_owner_device_survives(owner: User, device_pk: int, codes: list[str]):
    device = TOTPDevice.objects.get(user=owner, confirmed=True)
    assert device.pk == device_pk
    assert TOTPDevice.objects.filter(user=owner, confirmed=True).count() == 1
    assert sorted(
        StaticToken.objects.filter(device__user=owner).values_list("token", flat=True)
    ) == sorted(codes)


def test_password_alone_never_gets_a_verified_session(client, paired):
    owner_device = TOTPDevice.objects.get(user=paired.user, confirmed=True)
    response = client.post(
        reverse("accounts:login"),
        {"username": paired.user.username, "password": TEST_PASSWORD},
    )
    assert response.status_code == 302
    _assert_unverified(client)

    # The reproduction: ask the set-up page for a new key and answer with a code
    # computed from whatever key it shows. Nothing may be paired.
    client.get(reverse("accounts:two_factor_setup"))
    for candidate in TOTPDevice.objects.filter(user=paired.user).exclude(
        pk=owner_device.pk
    ):
        client.post(reverse("accounts:two_factor_setup"), {"token": _code(candidate)})
        _assert_unverified(client)
    assert not TOTPDevice.objects.filter(user=paired.user, confirmed=False).exists()

    exempt = _exempt_urls()
    assert reverse("accounts:two_factor_setup") in exempt
    logout_url = reverse("accounts:logout")
    for url in exempt:
        if url == logout_url:
            continue
        client.get(url)
        _assert_unverified(client)
        for token in ("000000", "", "x" * 16, paired.codes[0][:-1]):
            client.post(url, {"token": token})
            _assert_unverified(client)

    # Every other way to add, replace or skip a device, tried without the factor.
    attempts = [
        (reverse("accounts:two_factor_setup"), {"token": "123456", "replace": "1"}),
        (
            reverse("accounts:two_factor_setup"),
            {"password": TEST_PASSWORD, "token": "123456"},
        ),
        (reverse("accounts:recovery_codes_regenerate"), {}),
        (reverse("accounts:two_factor_verify"), {"token": "999999"}),
    ]
    for url, data in attempts:
        client.post(url, data)
        _assert_unverified(client)

    _assert_owner_device_survives(paired.user, owner_device.pk, paired.codes)

    # The paired.user still signs in with her own authenticator.
    owner_client = client.__class__()
    owner_client.post(
        reverse("accounts:login"),
        {"username": paired.user.username, "password": TEST_PASSWORD},
    )
    TOTPDevice.objects.filter(pk=owner_device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    owner_device.refresh_from_db()
    owner_client.post(
        reverse("accounts:two_factor_verify"), {"token": _code(owner_device)}
    )
    assert owner_client.get(reverse("home")).status_code == 200


def test_a_verified_session_needs_password_and_current_code_to_replace(client, paired):
    """Even after the second factor, replacing a device asks for both again."""
    owner_device = TOTPDevice.objects.get(user=paired.user, confirmed=True)
    client.post(
        reverse("accounts:login"),
        {"username": paired.user.username, "password": TEST_PASSWORD},
    )
    client.post(reverse("accounts:two_factor_verify"), {"token": paired.codes[0]})
    assert client.get(reverse("home")).status_code == 200

    # Without re-authenticating, no new key is shown and nothing can be paired.
    response = client.get(reverse("accounts:two_factor_setup"))
    assert response.status_code == 200
    assert "secret" not in response.context or response.context["secret"] is None
    assert not TOTPDevice.objects.filter(user=paired.user, confirmed=False).exists()
    response = client.post(
        reverse("accounts:two_factor_setup"),
        {"password": "wrong-password", "token": paired.codes[1]},
    )
    assert response.status_code == 400
    _assert_owner_device_survives(paired.user, owner_device.pk, paired.codes[1:])
    assert not TOTPDevice.objects.filter(user=paired.user, confirmed=False).exists()


def test_no_static_device_is_left_usable_by_the_attacker(client, paired):
    """Regenerating recovery codes from a password-only session is refused."""
    client.post(
        reverse("accounts:login"),
        {"username": paired.user.username, "password": TEST_PASSWORD},
    )
    before = list(
        StaticToken.objects.filter(device__user=paired.user).values_list(
            "token", flat=True
        )
    )
    response = client.post(reverse("accounts:recovery_codes_regenerate"))
    assert response.status_code == 302
    assert "codes" not in (response.context or {})
    assert StaticDevice.objects.filter(user=paired.user).count() == 1
    assert sorted(
        StaticToken.objects.filter(device__user=paired.user).values_list(
            "token", flat=True
        )
    ) == sorted(before)
