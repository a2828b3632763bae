import pytest

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


@pytest.fixture
def seeded(db):
    return seed_demo()
