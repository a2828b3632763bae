"""Demo organisations and users. Every name here is invented and looks it."""

import os
import random
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts.models import Organisation, User
from accounts.roles import ROLES

# Demo user names per role, as README.md lists them.
DEMO_USERNAMES = {
    "facilitator": "facilitator",
    "caseworker": "caseworker",
    "partner_support": "partner",
    "manager": "manager",
    "org_admin": "orgadmin",
}
ORGANISATION_NAMES = [
    "Northbrook Change Programme (demo)",
    "Riverside Respect Project (demo)",
]
FIRST_NAMES = [
    "Alex",
    "Sam",
    "Jo",
    "Robin",
    "Kit",
    "Charlie",
    "Morgan",
    "Frankie",
    "Rowan",
    "Jamie",
]
LAST_NAMES = ["Demoson", "Testwell", "Sampleby", "Fictitia", "Placeholm", "Mockridge"]
# Organisations whose users can log in: the two README lists; the benchmark logs
# in as users of the first. Staff of further ones exist for realistic caseloads.
LOGIN_ORGANISATIONS = 2


@dataclass
class DemoContext:
    """What every app's demo seeder needs: the organisations, their staff, a seeded
    random generator and the requested size."""

    rng: random.Random
    today: date
    participants_per_organisation: int
    organisations: list[Organisation] = field(default_factory=list)
    # organisation id -> role -> users of that role
    staff: dict[int, dict[str, list[User]]] = field(default_factory=dict)

    def users(self, organisation: Organisation, role: str) -> list[User]:
        return self.staff[organisation.pk][role]


def seed(ctx: DemoContext, organisation_count: int) -> None:
    """Create the organisations and one user per role (more staff at scale).

    Users of the first two organisations log in with the demo password; staff of
    further organisations have unusable passwords.
    """
    unusable = make_password(None)
    groups = {g.name: g for g in Group.objects.filter(name__in=ROLES)}
    # Staff grow with the caseload so that per-worker pages stay realistic.
    extra = max(0, ctx.participants_per_organisation // 60)
    for index in range(organisation_count):
        name = (
            ORGANISATION_NAMES[index]
            if index < len(ORGANISATION_NAMES)
            else f"Demo Programme {index + 1:03d} (demo)"
        )
        prefix = "" if index == 0 else ("b-" if index == 1 else f"o{index + 1}-")
        organisation = Organisation.objects.create(name=name)
        ctx.organisations.append(organisation)
        ctx.staff[organisation.pk] = {role: [] for role in ROLES}
        users = []
        for role in ROLES:
            count = 1 + (extra if role in ("facilitator", "caseworker") else extra // 4)
            if role == "org_admin":
                count = 1
            for n in range(count):
                suffix = "" if n == 0 else str(n + 1)
                username = f"{prefix}{DEMO_USERNAMES[role]}{suffix}"
                users.append(
                    User(
                        username=username,
                        first_name=ctx.rng.choice(FIRST_NAMES),
                        last_name=ctx.rng.choice(LAST_NAMES),
                        email=f"{username}@demo.example.org",
                        organisation=organisation,
                        role=role,
                        password=unusable,
                    )
                )
        if index < LOGIN_ORGANISATIONS:
            hash_passwords(users)
        User.objects.bulk_create(users)
        users = list(User.objects.filter(organisation=organisation).order_by("pk"))
        memberships = []
        for user in users:
            ctx.staff[organisation.pk][user.role].append(user)
            memberships.append(
                User.groups.through(user_id=user.pk, group_id=groups[user.role].pk)
            )
        User.groups.through.objects.bulk_create(memberships)


def hash_passwords(users: list[User]) -> None:
    """Give each user a hash of the demo password with a salt of its own.

    As in a real install, no two users share a hash. PBKDF2 releases the GIL, so
    threads keep the hundred or so login users of the benchmark's scale quick.
    """
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        hashes = pool.map(make_password, [settings.DEMO_PASSWORD] * len(users))
        for user, password in zip(users, hashes, strict=True):
            user.password = password
