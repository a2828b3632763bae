"""Which language a page is in: the reader's, her organisation's, or the default."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import OrganisationFactory, UserFactory


def _lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode())[1]


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Language Programme (fictional)")


@pytest.mark.parametrize(
    ("own", "organisations", "shown"),
    [
        ("de", "fr", "de"),
        ("", "fr", "fr"),
        ("", "en-gb", "en-gb"),
        ("it", "en-gb", "it"),
    ],
)
def test_page_is_in_her_language_else_her_organisations(
    organisation, own, organisations, shown
):
    """Her own choice wins; without one, the organisation's default."""
    organisation.language = organisations
    organisation.save()
    user = UserFactory(organisation=organisation, language=own)
    response = _signed_in(user).get(reverse("home"))
    assert response.status_code == 200
    assert _lang(response) == shown
    assert response["Content-Language"] == shown


def test_browser_language_ignored_once_signed_in(organisation):
    """The organisation sets the default: a French browser does not override it."""
    user = UserFactory(organisation=organisation)
    response = _signed_in(user).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr")
    assert _lang(response) == "en-gb"


def test_sign_in_page_follows_the_browser(db):
    """Before anyone is known, the browser's language decides."""
    response = Client().get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="es")
    assert _lang(response) == "es"
    response = Client().get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="pt-br")
    assert _lang(response) == "en-gb"


def test_language_costs_no_query(organisation, django_assert_max_num_queries):
    """Her language and her organisation's come with the user row itself."""
    english = _signed_in(UserFactory(organisation=organisation))
    german = _signed_in(UserFactory(organisation=organisation, language="de"))
    url = reverse("accounts:profile")
    english.get(url)
    german.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as in_english:
        english.get(url)
    with CaptureQueriesContext(connection) as in_german:
        assert _lang(german.get(url)) == "de"
    assert len(in_german) == len(in_english)


def test_url_may_ask_for_one_page_in_another_language(organisation):
    user = UserFactory(organisation=organisation)
    client = _signed_in(user)
    assert _lang(client.get(reverse("home") + "?language=it")) == "it"
    # Only that page: the next one is in her language again.
    assert _lang(client.get(reverse("home"))) == "en-gb"


@pytest.mark.parametrize("code", ["xx", "klingon", "de-xx", "<b>"])
def test_unknown_language_in_url_is_400_with_the_list(organisation, code):
    client = _signed_in(UserFactory(organisation=organisation))
    response = client.get(reverse("home"), {"language": code})
    assert response.status_code == 400
    page = response.content.decode()
    assert "which this service does not have" in page
    assert "<b>" not in page
    for known in ("en-gb", "de", "es", "fr", "it"):
        assert f"<code>{known}</code>" in page


def test_unknown_language_in_url_is_400_when_signed_out(db):
    response = Client().get(reverse("accounts:login"), {"language": "xx"})
    assert response.status_code == 400


def test_profile_saves_her_language_and_next_page_is_in_it(organisation):
    user = UserFactory(organisation=organisation)
    client = _signed_in(user)
    page = client.get(reverse("accounts:profile"))
    assert page.status_code == 200
    assert "language (English)" in page.content.decode()
    response = client.post(reverse("accounts:profile"), {"language": "de"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "de"
    assert _lang(client.get(response["Location"])) == "de"
    # Back to the organisation's language.
    client.post(reverse("accounts:profile"), {"language": ""})
    user.refresh_from_db()
    assert user.language == ""


def test_profile_refuses_unknown_language_and_keeps_hers(organisation):
    user = UserFactory(organisation=organisation, language="fr")
    client = _signed_in(user)
    response = client.post(reverse("accounts:profile"), {"language": "xx"})
    assert response.status_code == 400
    # The refusal is in her own language, French, now that it is translated.
    assert "une langue de ce service" in response.content.decode()
    user.refresh_from_db()
    assert user.language == "fr"


def test_profile_changes_nothing_but_language(organisation):
    """Her role and organisation are not hers to change on her own page."""
    user = UserFactory(organisation=organisation, role=User.Role.FACILITATOR)
    other = OrganisationFactory(name="Elsewhere (fictional)")
    _signed_in(user).post(
        reverse("accounts:profile"),
        {"language": "es", "role": "manager", "organisation": other.pk},
    )
    user.refresh_from_db()
    assert (user.language, user.role, user.organisation) == (
        "es",
        User.Role.FACILITATOR,
        organisation,
    )


def test_organisation_sets_the_default_language(organisation):
    admin = UserFactory(organisation=organisation, role=User.Role.ORG_ADMIN)
    worker = UserFactory(organisation=organisation)
    client = _signed_in(admin)
    form = client.get(reverse("accounts:organisation_settings")).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(language="es", name=organisation.name)
    data.pop("require_two_factor", None)
    response = client.post(reverse("accounts:organisation_settings"), data)
    assert response.status_code == 302, response.context["form"].errors
    organisation.refresh_from_db()
    assert organisation.language == "es"
    assert _lang(_signed_in(worker).get(reverse("home"))) == "es"
    data["language"] = "xx"
    response = client.post(reverse("accounts:organisation_settings"), data)
    assert response.status_code == 400
    organisation.refresh_from_db()
    assert organisation.language == "es"


def test_javascript_catalogue_is_a_file_in_her_language(organisation):
    """Loaded by <script src> (the CSP forbids inline script), for anyone."""
    user = UserFactory(organisation=organisation, language="de")
    page = _signed_in(user).get(reverse("home")).content.decode()
    assert f'<script src="{reverse("javascript_catalogue")}" defer>' in page
    response = Client().get(reverse("javascript_catalogue"))
    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]
    assert "django.gettext" in response.content.decode()
