"""Browser tests: Playwright driving the machine's Chromium against live_server.

A missing browser fails the test run; it is never skipped.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# Playwright's sync API runs an event loop in this thread; the test itself only
# uses the ORM to arrange data, never concurrently with a page action.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def _record_console_error(message, errors):
    # A 4xx answer to bad input is expected behaviour; the browser still logs it.
    if message.type != "error":
        return
    if message.text.startswith(
        "Failed to load resource: the server responded with a status of 4"
    ):
        return
    errors.append(message.text)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    # Assertions wait as long as actions do: under CI's load (two workers and
    # Chromium on two cores) a post, its redirect and the next page once took
    # longer than expect()'s default 5 s, and a correct page failed.
    expect.set_options(timeout=10_000)
    errors = []
    # A CSP violation or a script error shows up as a console error: fail on it.
    page.on("console", lambda msg: _record_console_error(msg, errors))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == [], f"browser console errors: {errors}"


@pytest.fixture
def sign_in(page):
    from tests.accounts.factories import TEST_PASSWORD

    def do_sign_in(user, password=TEST_PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        return page

    return do_sign_in
