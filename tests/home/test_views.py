"""Each role's start page."""

import pytest
from django.urls import reverse

HOME_TEXT = {
    "facilitator": "log your group sessions",
    "caseworker": "own your men's cases",
    "partner_support": "contact the men's (ex-)partners",
    "manager": "watch risk across the programme",
    "org_admin": "manage user accounts",
}


@pytest.mark.parametrize("role", list(HOME_TEXT))
def test_home_page_is_made_for_each_role(role, make_user, login):
    """Each role lands on a start page that describes its own work."""
    client = login(make_user(role))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert HOME_TEXT[role] in response.content.decode()


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
