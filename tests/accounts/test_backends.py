"""The signed-in user's permissions as the backend reads them (accounts/backends.py)."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission

from accounts import backends
from accounts.models import User

pytestmark = pytest.mark.django_db


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _djangos(user: User) -> set[str]:
    # Django's own backend, on a fresh copy (it keeps its answer on the instance).
    return ModelBackend().get_all_permissions(User.objects.get(pk=user.pk))


@pytest.mark.parametrize("role", [choice for choice, _label in User.Role.choices])
def test_each_roles_permissions_are_djangos(role, make_user):
    """The one static query gives every role what Django's backend gives."""
    user = make_user(role)
    backends.forget_permissions()

    assert backends._permissions_of(user) == _djangos(user)


def test_her_own_and_her_groups_permissions_both_count(make_user):
    user = make_user("facilitator")
    user.user_permissions.add(_permission("accounts", "view_accesslog"))
    extra = Group.objects.create(name="Complaints readers (test)")
    extra.permissions.add(_permission("complaints", "view_complaint"))
    user.groups.add(extra)
    backends.forget_permissions()

    found = backends._permissions_of(user)

    assert {"accounts.view_accesslog", "complaints.view_complaint"} <= found
    assert found == _djangos(user)


def test_a_user_without_any_has_none(make_user):
    user = make_user("facilitator")
    user.groups.clear()
    backends.forget_permissions()

    assert backends._permissions_of(user) == frozenset()
