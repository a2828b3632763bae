"""Django's model backend, with fewer queries on every signed-in request."""

import time

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from accounts.models import User


class OrganisationUserBackend(ModelBackend):
    """Loads the user with her organisation, and her permissions in one query.

    Every page reads both (the menu, scoping, the two-factor rule), so the
    ordinary backend's separate queries for the organisation, the user's own
    permissions and her groups' permissions were paid on each request; the
    permissions are now read at most once a minute per process (below).
    """

    def get_user(self, user_id):
        # get() rather than filter().first(): no ordering to add and compile on
        # every signed-in request (0.2 ms of the floor's CPU).
        try:
            user = User._default_manager.select_related("organisation").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = _permissions_of(user_obj)
        return user_obj._perm_cache


# Permissions change by migration or in the admin site, never in case work, yet the
# menu reads them on every page: each worker process keeps a user's set for a
# minute. The key holds the role, so a new role (accounts.services.set_role) takes
# effect at once; any other change within PERMISSIONS_SECONDS.
PERMISSIONS_SECONDS = 60
_PERMISSIONS: dict[tuple, tuple[float, frozenset[str]]] = {}


def _permissions_of(user: User) -> frozenset[str]:
    key = (user.pk, user.role, user.is_superuser)
    now = time.time()
    cached = _PERMISSIONS.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    columns = ("content_type__app_label", "codename")
    if user.is_superuser:
        permissions = Permission.objects.values_list(*columns)
    else:
        # Her own and her groups' permissions as a UNION: one OR across both
        # joins made PostgreSQL join every user's groups (35 ms at 100,000 men,
        # against 3 ms; docs/performance-findings.md).
        permissions = (
            Permission.objects.filter(user=user)
            .values_list(*columns)
            .union(Permission.objects.filter(group__user=user).values_list(*columns))
        )
    found = frozenset(f"{app_label}.{codename}" for app_label, codename in permissions)
    if len(_PERMISSIONS) > 10_000:
        _PERMISSIONS.clear()
    _PERMISSIONS[key] = (now + PERMISSIONS_SECONDS, found)
    return found


def forget_permissions() -> None:
    """Drop every cached permission set (tests that change permissions call it)."""
    _PERMISSIONS.clear()
