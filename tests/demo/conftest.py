import pytest
from django.db import transaction

from demo import seeding
from demo.context import DemoContext


def seed_demo(men_per_organisation=60, *, seed=7, copy=True, now=None) -> DemoContext:
    """The whole demo, two organisations; `copy=False` takes the path SQLite
    takes (executemany), on this database."""
    ctx = DemoContext.start(
        seed=seed, participants_per_organisation=men_per_organisation, now=now
    )
    if not copy:
        ctx.loader.is_postgresql = False
    seeding.seed(ctx, 2)
    return ctx


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """One demo for a module's tests, in a transaction rolled back after its last
    test; each test runs in a savepoint inside it, so what a test changes is
    undone before the next (seeding took some 4 s, once per test, for 32 tests).
    A module whose other tests seed databases of their own keeps `seeded` per
    test (test_seed_demo.py)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed_demo()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, db):
    return seeded_once
