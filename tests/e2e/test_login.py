import pytest

from tests.home.test_views import HOME_TEXT

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("role", list(HOME_TEXT))
def test_each_role_signs_in_and_sees_its_home_page(role, make_user, page, sign_in):
    user = make_user(role)
    sign_in(user)
    assert page.url.endswith("/")
    assert HOME_TEXT[role] in page.locator("main").inner_text()
    # The navigation shows who is signed in and in which role.
    assert user.get_role_display() in page.locator("nav").inner_text()


def test_wrong_password_shows_a_message(make_user, page, sign_in):
    user = make_user("caseworker")
    sign_in(user, password="not-the-password")
    assert "do not match" in page.locator("main").inner_text()
