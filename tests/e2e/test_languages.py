"""Languages in the browser: a user switches to German on her profile page."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_caseworker_switches_to_german_and_sees_german_navigation(
    make_user, page, sign_in
):
    user = make_user("caseworker")
    sign_in(user)
    nav = page.locator("nav.app-navbar")
    assert "Cases" in nav.inner_text()
    page.locator("button.navbar-user").click()
    page.get_by_role("link", name="Profile and language").click()
    page.get_by_label("Language").select_option("de")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == "de"
    assert "Ihr Profil ist gespeichert." in page.locator("main").inner_text()
    menu = nav.inner_text()
    for german in ("Fallakten", "Fälle", "Gruppen", "Risiko", "Warnhinweise"):
        assert german in menu, f"{german!r} not in the menu: {menu!r}"
    assert "Cases" not in menu
    # Her role in her language, and the user menu's own items.
    assert "Fallverantwortliche/r" in menu
    page.locator("button.navbar-user").click()
    assert page.get_by_role("button", name="Abmelden").is_visible()
    # The JavaScript catalogue came in German too (loaded as a file, CSP-safe).
    assert page.evaluate("gettext('Not acknowledged')") == "Nicht bestätigt"
    user.refresh_from_db()
    assert user.language == "de"


def test_sign_in_page_in_the_browsers_language(browser, live_server):
    """Before anyone signs in, a German browser gets the German sign-in page."""
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        assert page.locator("html").get_attribute("lang") == "de"
        assert page.get_by_role("heading", name="Anmelden").is_visible()
        assert page.get_by_role("link", name="Passwort vergessen?").is_visible()
    finally:
        context.close()
