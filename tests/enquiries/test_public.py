"""The public contact page: safe on a device he may check, useless for fishing.

No session and no cookie but CSRF's; the same thank-you page, byte for byte,
whatever is sent (robots and known names included); robots discarded silently;
a polite refusal past the hourly limit; bad input refused plainly with a 4xx.
"""

import re
import time
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.test import Client
from django.urls import reverse

from enquiries.models import Enquiry
from enquiries.public import SIGNING_SALT
from risk.models import Alert
from tests.enquiries.factories import EnquiryFactory
from tests.partner_contact.factories import PartnerFactory

SLUG = "test-contact"


@pytest.fixture
def page_org(org):
    org.public_contact_slug = SLUG
    org.emergency_numbers = "Police: 999 (test)\nHelpline: 0800 000 0000 (test)"
    org.save()
    return org


@pytest.fixture
def url(page_org):
    return reverse("enquiries:public_contact", args=[SLUG])


def started(seconds_ago=60):
    return signing.dumps(int(time.time()) - seconds_ago, salt=SIGNING_SALT)


def request_data(**overrides):
    data = {
        "started": started(),
        "website": "",
        "name": "Publicperson (fictional)",
        "reach_by": "phone",
        "phone": "07700 900777",
        "safe_times": "Weekday mornings",
        "message_ok": "no",
        "concerns": "PUBLIC-CONCERN he follows me (fictional)",
        "language": "English",
    }
    data.update(overrides)
    return data


def test_the_page_is_plain_and_safe(client, url):
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Contact</title>" in body
    assert 'id="quick-exit"' in body
    assert "js/quick_exit.js" in body
    assert "not an emergency service" in body
    assert "Police: 999 (test)" in body
    assert 'autocomplete="off"' in body
    assert response["Cache-Control"] == "no-store, private"


def test_only_the_csrf_cookie_and_no_session(client, url):
    get = client.get(url)
    assert set(get.cookies) <= {"csrftoken"}
    post = client.post(url, request_data())
    assert set(post.cookies) <= {"csrftoken"}
    assert "sessionid" not in client.cookies
    assert "messages" not in client.cookies
    assert not Session.objects.exists()


def test_the_form_works_with_the_csrf_check_on(url, partner_worker):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(url)
    token = page.cookies["csrftoken"].value
    response = browser.post(
        url, request_data(csrfmiddlewaretoken=page.context["csrf_token"])
    )
    assert token
    assert response.status_code == 200
    assert Enquiry.objects.filter(channel="public_page").count() == 1


def test_a_request_lands_in_the_queue_and_alerts_partner_support(
    client, url, page_org, partner_worker, caseworker, facilitator
):
    response = client.post(url, request_data())
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    enquiry = Enquiry.objects.get()
    assert enquiry.organisation == page_org
    assert enquiry.channel == Enquiry.Channel.PUBLIC_PAGE
    assert enquiry.concerns.startswith("PUBLIC-CONCERN")
    assert enquiry.message_ok is False
    assert enquiry.first_contact_due > enquiry.received_on
    alerts = Alert.objects.filter(event__enquiry=enquiry)
    assert [a.recipient for a in alerts] == [partner_worker]


def test_the_answer_is_the_same_whatever_is_sent(client, url, page_org):
    PartnerFactory(organisation=page_org, name="Knownwoman (fictional)")
    EnquiryFactory(organisation=page_org, name="Knownwoman (fictional)")
    answers = {
        client.post(url, request_data()).content,
        client.post(url, request_data(name="Knownwoman (fictional)")).content,
        client.post(url, request_data(website="http://spam.example")).content,
        client.post(url, request_data(started=started(0))).content,
    }
    assert len(answers) == 1


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({}, id="real"),
        pytest.param({"website": "http://spam.example"}, id="honeypot"),
        pytest.param({"started": "too fast"}, id="too-fast"),
    ],
)
def test_every_thank_you_waits_for_the_same_floor(client, url, settings, data):
    """A real request and a discarded one both answer no sooner than the floor,
    measured from the request's start, so their timing tells nothing."""
    settings.ENQUIRIES_PUBLIC_ANSWER_FLOOR_SECONDS = 0.4
    if data.get("started") == "too fast":
        data = {"started": started(seconds_ago=0)}
    # The clock stands still: the whole floor is left to wait, on every path.
    with (
        mock.patch("enquiries.public._now", return_value=100.0),
        mock.patch("enquiries.public.time.sleep") as sleep,
    ):
        response = client.post(url, request_data(**data))
    assert "Thank you" in response.content.decode()
    sleep.assert_called_once_with(pytest.approx(0.4))


def test_a_slow_answer_waits_no_longer(client, url, settings):
    """Past the floor already (a slow save), the answer does not wait more."""
    settings.ENQUIRIES_PUBLIC_ANSWER_FLOOR_SECONDS = 0.4
    with (
        mock.patch("enquiries.public._now", side_effect=[100.0, 101.0]),
        mock.patch("enquiries.public.time.sleep") as sleep,
    ):
        response = client.post(url, request_data())
    assert response.status_code == 200
    sleep.assert_not_called()


def test_robots_are_discarded_silently(client, url, page_org):
    for data in (
        request_data(website="http://spam.example"),
        request_data(started=started(seconds_ago=0)),
        request_data(started="forged"),
        request_data(started=signing.dumps("text", salt=SIGNING_SALT)),
    ):
        response = client.post(url, data)
        assert response.status_code == 200
        assert "Thank you" in response.content.decode()
    assert (
        not Enquiry.objects.filter(channel="public_page")
        .exclude(organisation=page_org, name__startswith="Known")
        .exists()
    )


def test_past_the_hourly_limit_a_polite_refusal(client, url, settings):
    settings.ENQUIRIES_PUBLIC_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post(url, request_data()).status_code == 200
    refused = client.post(url, request_data())
    assert refused.status_code == 429
    assert "try again later" in refused.content.decode()
    assert Enquiry.objects.count() == 2
    # Another address is not held back.
    other = client.post(url, request_data(), REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 200


@pytest.mark.parametrize(
    "overrides",
    [
        {"name": "x" * 101},
        {"concerns": "y" * 2001},
        {"name": "<script>alert(1)</script>"},
        {"concerns": "see javascript:alert(1)"},
        {"safe_times": '<img src=x onerror="alert(1)">'},
        {"reach_by": "pigeon"},
        {"reach_by": "phone", "phone": ""},
        {"reach_by": "email", "email": "not-an-address"},
        {"message_ok": "maybe"},
        {"name": ""},
    ],
)
def test_bad_input_is_refused_plainly(client, url, overrides):
    response = client.post(url, request_data(**overrides))
    assert response.status_code == 400
    assert not Enquiry.objects.exists()
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_an_oversized_request_is_refused(client, url):
    response = client.post(url, request_data(notes="z" * 20_000))
    assert response.status_code == 413
    assert not Enquiry.objects.exists()


def without_token(response) -> str:
    """The page less its CSRF token, which Django masks afresh on every page."""
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", response.content.decode())


def test_an_unknown_or_disabled_page_is_the_ordinary_404(client, page_org):
    ordinary = client.get("/no-such-page-at-all/")
    unknown = client.get(reverse("enquiries:public_contact", args=["nobody-here"]))
    assert unknown.status_code == ordinary.status_code == 404
    assert without_token(unknown) == without_token(ordinary)
    page_org.public_contact_slug = None
    page_org.save()
    disabled = client.get(reverse("enquiries:public_contact", args=[SLUG]))
    assert disabled.status_code == 404
    assert without_token(disabled) == without_token(ordinary)


def test_a_signed_in_worker_is_not_redirected_away(login, partner_worker, url):
    response = login(partner_worker).get(url)
    assert response.status_code == 200
