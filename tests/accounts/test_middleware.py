"""Headers and guards that every response of the app goes through."""

import pytest
from django.urls import reverse

DENIED = ("camera", "microphone", "geolocation", "payment", "usb")


def _denied_features(response) -> set[str]:
    policy = response["Permissions-Policy"]
    return {
        directive.split("=")[0].strip()
        for directive in policy.split(",")
        if directive.split("=", 1)[1].strip() == "()"
    }


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/healthz",
        "/no-such-page/",
        "/accounts/login/?next=%00",
    ],
)
def test_every_response_denies_powerful_browser_features(client, db, path):
    """Pages, errors and the health check all deny camera, microphone and the like."""
    response = client.get(path)
    assert set(DENIED) <= _denied_features(response)


def test_a_signed_in_page_denies_powerful_browser_features(login, caseworker):
    """A case worker's own pages carry the same policy."""
    response = login(caseworker).get(reverse("home"))
    assert response.status_code == 200
    assert set(DENIED) <= _denied_features(response)
