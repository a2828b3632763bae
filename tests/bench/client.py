"""What a browser does on our pages, for the benchmark's HTTP clients.

Works with a `requests.Session` and with locust's HttpSession (the same API).
"""

import os
import re

from tests.bench.htmlforms import form_with

PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-password-2026")
STATUS_FIELD = re.compile(r"^form-(\d+)-status$")
# Two attended statuses, alternated so that every save really changes the rows.
SAVE_STATUSES = ("present", "late")


class BenchError(RuntimeError):
    """A page did not behave as the benchmark expects."""


def login_form(html: str, username: str, password: str = PASSWORD) -> list:
    """The login form's fields, filled with a user's credentials."""
    form = form_with(html, "password")
    form.set("username", username)
    form.set("password", password)
    return form.fields


def attendance_form(html: str, round_number: int) -> list:
    """The session page's attendance form with every man given a status."""
    form = form_with(html, "form-TOTAL_FORMS")
    rows = [n for n in form.radios if STATUS_FIELD.match(n)]
    if not rows:
        raise BenchError("The session page offers no attendance to record")
    status = SAVE_STATUSES[round_number % len(SAVE_STATUSES)]
    for name in rows:
        form.set(name, status)
    return form.fields


def log_in(client, base: str, path: str, username: str, **request_options):
    """GET the login form and POST the credentials; return both responses."""
    page = client.get(base + path, **request_options)
    if page.status_code != 200:
        raise BenchError(f"Login form answered {page.status_code}")
    answer = client.post(
        base + path,
        data=login_form(page.text, username),
        allow_redirects=False,
        **request_options,
    )
    if answer.status_code != 302:
        raise BenchError(
            f"Login as {username} answered {answer.status_code}, not a redirect"
        )
    return page, answer
