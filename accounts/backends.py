"""Django's model backend, with fewer queries on every signed-in request."""

import functools
import time

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection

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
    if user.is_superuser:
        rows = Permission.objects.values_list("content_type__app_label", "codename")
    else:
        with connection.cursor() as cursor:
            cursor.execute(_permissions_sql(), [user.pk, user.pk])
            rows = cursor.fetchall()
    found = frozenset(f"{app_label}.{codename}" for app_label, codename in rows)
    if len(_PERMISSIONS) > 10_000:
        _PERMISSIONS.clear()
    _PERMISSIONS[key] = (now + PERMISSIONS_SECONDS, found)
    return found


@functools.cache
def _permissions_sql() -> str:
    """Her own and her groups' permissions, by permission id in one UNION.

    Written once from the models' tables rather than built by the ORM: in
    every worker process each user's set is read again every minute, so about
    one signed-in page in five on a busy worker read it, and compiling the
    ORM's UNION took 2.5 of its 3.5 ms (decision 0007, shortcut 12). A UNION,
    not an OR across both joins, which made PostgreSQL join every user's
    groups (35 ms at 100,000 men, against under 1 ms;
    docs/performance-findings.md)."""
    qn = connection.ops.quote_name
    own = User.user_permissions.through._meta
    member = User.groups.through._meta
    granted = Group.permissions.through._meta

    def column(meta, field: str) -> str:
        return qn(meta.get_field(field).column)

    # Only table and column names of the models enter the text; the user is a
    # parameter.
    return (
        f"SELECT ct.{qn('app_label')}, p.{qn('codename')}"  # noqa: S608
        f" FROM {qn(Permission._meta.db_table)} p"
        f" JOIN {qn(ContentType._meta.db_table)} ct"
        f" ON ct.{qn('id')} = p.{qn('content_type_id')}"
        f" WHERE p.{qn('id')} IN ("
        f"SELECT {column(own, 'permission')} FROM {qn(own.db_table)}"
        f" WHERE {column(own, 'user')} = %s"
        f" UNION SELECT g.{column(granted, 'permission')}"
        f" FROM {qn(granted.db_table)} g JOIN {qn(member.db_table)} m"
        f" ON m.{column(member, 'group')} = g.{column(granted, 'group')}"
        f" WHERE m.{column(member, 'user')} = %s)"
    )


def forget_permissions() -> None:
    """Drop every cached permission set (tests that change permissions call it)."""
    _PERMISSIONS.clear()
