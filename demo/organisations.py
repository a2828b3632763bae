"""Demo organisations and their staff, one user per role and more at scale.

The named demo users (`facilitator`, `caseworker`, `partner`, `manager`,
`orgadmin`, and `b-...` in the second organisation) get a password hash of their
own (its own salt), computed in a background thread while the rest is seeded
(PBKDF2 releases the GIL). The other users of those two organisations (about 164
at 100,000 men, whom the benchmark logs in as) share one more hash of the same
password: each hash costs a fifth of a second of CPU at Django's iterations, 30 s
in all, for accounts that are fictional and whose password is published anyway
(README, DEMO_PASSWORD), where a salt of their own would protect nothing. Sign-in
checks the hash as for anyone else. Staff of further organisations exist for
realistic caseloads and get unusable passwords.
"""

from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts.models import Organisation, User
from accounts.roles import CASEWORKER, FACILITATOR, ORG_ADMIN, ROLES
from demo.context import DemoContext, Staff
from demo.names import FIRST_NAMES, LAST_NAMES, organisation_name

# Demo user names per role, as README.md lists them.
DEMO_USERNAMES = {
    "facilitator": "facilitator",
    "caseworker": "caseworker",
    "partner_support": "partner",
    "manager": "manager",
    "org_admin": "orgadmin",
}
# Organisations whose users can log in (make run's two, the benchmark's first).
LOGIN_ORGANISATIONS = 2
# Men per extra facilitator and caseworker, so per-worker pages stay realistic.
MEN_PER_WORKER = 60


class Passwords:
    """One hash per named user and one shared by the others, made in a background
    thread and written at the end."""

    def __init__(self):
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-hash")
        self.pending: dict[int, Future] = {}
        self.shared: Future | None = None

    def hash_for(self, user_id: int, *, named: bool) -> None:
        if named:
            future = self.pool.submit(make_password, settings.DEMO_PASSWORD)
        else:
            if self.shared is None:
                self.shared = self.pool.submit(make_password, settings.DEMO_PASSWORD)
            future = self.shared
        self.pending[user_id] = future

    def write(self, ctx: DemoContext) -> None:
        rows = [(pk, future.result()) for pk, future in self.pending.items()]
        self.pool.shutdown()
        ctx.loader.update(User, ["password"], rows)


def staff_counts(men_per_organisation: int) -> dict[str, int]:
    extra = max(0, men_per_organisation // MEN_PER_WORKER)
    return {
        role: 1
        if role == ORG_ADMIN
        else 1 + (extra if role in (FACILITATOR, CASEWORKER) else extra // 4)
        for role in ROLES
    }


def prefix(index: int) -> str:
    return "" if index == 0 else ("b-" if index == 1 else f"o{index + 1}-")


def seed(ctx: DemoContext, organisation_count: int) -> Passwords:
    """Organisations and their users; returns the passwords still being hashed."""
    loader, rng = ctx.loader, ctx.rng
    passwords = Passwords()
    groups = dict(Group.objects.filter(name__in=ROLES).values_list("name", "pk"))
    counts = staff_counts(ctx.participants_per_organisation)
    opened = ctx.now - timedelta(weeks=160)
    unusable = make_password(None)
    for index in range(organisation_count):
        organisation = Organisation(
            pk=loader.add(
                Organisation, name=organisation_name(index), created_at=opened
            ),
            name=organisation_name(index),
        )
        staff = Staff(organisation=organisation, by_role={r: [] for r in ROLES})
        for role in ROLES:
            for n in range(counts[role]):
                username = f"{prefix(index)}{DEMO_USERNAMES[role]}{n + 1 if n else ''}"
                pk = loader.add(
                    User,
                    username=username,
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    email=f"{username}@demo.example.org",
                    organisation_id=organisation.pk,
                    role=role,
                    password=unusable,
                    date_joined=opened,
                )
                loader.add(User.groups.through, user_id=pk, group_id=groups[role])
                staff.by_role[role].append(pk)
                if index < LOGIN_ORGANISATIONS:
                    passwords.hash_for(pk, named=n == 0)
        ctx.staff.append(staff)
    loader.flush(Organisation, User, User.groups.through)
    return passwords
