"""The cached menu (templates/includes/navbar.html) follows what it shows."""

from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.backends import forget_permissions


def _menu(client) -> str:
    return client.get(reverse("accounts:password_change")).content.decode()


def test_a_permission_granted_shows_in_the_menu_at_once(login, facilitator):
    client = login(facilitator)
    assert "Complaints and compliments" not in _menu(client)

    facilitator.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="complaints", codename="view_complaint"
        )
    )
    # What accounts.backends keeps a minute; the menu itself is still cached.
    forget_permissions()

    assert "Complaints and compliments" in _menu(client)


def test_a_new_name_shows_in_the_menu_at_once(login, facilitator):
    client = login(facilitator)
    _menu(client)

    facilitator.first_name, facilitator.last_name = "Renamed", "Worker"
    facilitator.save()

    assert "Renamed Worker" in _menu(client)


def test_each_user_sees_her_own_menu(login, facilitator, manager):
    assert "Complaints and compliments" not in _menu(login(facilitator))
    assert "Complaints and compliments" in _menu(login(manager))
    assert "Complaints and compliments" not in _menu(login(facilitator))
