"""Shared fixtures: two organisations, and one user per role in each.

Following healthchecks' test base, most permission tests are one login and one
assert: `org` is the owner's organisation, `other_org` the outsider's.
"""

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.utils import translation

from accounts.backends import forget_permissions
from accounts.models import User
from tests.accounts.factories import OrganisationFactory, UserFactory

ROLES = [r.value for r in User.Role]


@pytest.fixture(autouse=True)
def fresh_permissions():
    """Each test starts with no permission set kept from another test's users."""
    forget_permissions()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: no alert badge or rate-limit count
    kept from another test, and no menu drawn for another test's user."""
    cache.clear()
    caches["menu"].clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's language: a test that signs in a user
    with another language leaves it active in this thread otherwise."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Owner Programme (fictional)")


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="Outsider Programme (fictional)")


@pytest.fixture
def make_user(db, org):
    def make(role, organisation=None, **kwargs):
        return UserFactory(role=role, organisation=organisation or org, **kwargs)

    return make


@pytest.fixture
def facilitator(make_user):
    return make_user(User.Role.FACILITATOR, username="t-facilitator")


@pytest.fixture
def caseworker(make_user):
    return make_user(User.Role.CASEWORKER, username="t-caseworker")


@pytest.fixture
def partner_worker(make_user):
    return make_user(User.Role.PARTNER_SUPPORT, username="t-partner")


@pytest.fixture
def manager(make_user):
    return make_user(User.Role.MANAGER, username="t-manager")


@pytest.fixture
def org_admin(make_user):
    return make_user(User.Role.ORG_ADMIN, username="t-orgadmin")


@pytest.fixture
def outsider(make_user, other_org):
    """A manager of another organisation: sees everything of hers, nothing of ours."""
    return make_user(User.Role.MANAGER, organisation=other_org, username="t-outsider")


@pytest.fixture
def login(client):
    def do_login(user):
        client.force_login(user)
        return client

    return do_login
