"""What every demo step shares: the clock, the seeded generator, the loader, and
what earlier steps made (organisations, staff, men), kept in memory so that no
step reads back the rows another step wrote."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from django.utils import timezone

from accounts.models import Organisation
from demo.constraints import SecondaryIndexes
from demo.load import Loader


@lru_cache(maxsize=65536)
def _moment(day: date, hour: int, minute: int) -> datetime:
    # Made aware once per distinct moment: a million rows share a few thousand.
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@dataclass(slots=True)
class Man:
    """One demo man as the later steps need him."""

    id: int
    organisation_id: int
    status: str
    caseworker_id: int
    first_name: str
    last_name: str
    date_of_birth: date
    phone: str
    language: str
    referred_on: date
    # (status, day) of every move on his road, in order.
    moves: list[tuple[str, date]]
    started: date | None = None
    ended: date | None = None
    exit_status: str = ""
    exit_reason: str = ""
    risk_level: str = "none"
    # (enrolment id, start, end or None, outcome, programme weeks) of each place.
    places: list[tuple] = field(default_factory=list)
    # (partner id, her worker's id) of each woman linked to him.
    women: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Staff:
    """One organisation's demo users by role, as ids."""

    organisation: Organisation
    by_role: dict[str, list[int]] = field(default_factory=dict)

    def ids(self, role: str) -> list[int]:
        return self.by_role[role]

    def first(self, role: str) -> int:
        return self.by_role[role][0]


@dataclass
class DemoContext:
    """The state of one seeding run."""

    rng: random.Random
    seed: int
    today: date
    now: datetime
    participants_per_organisation: int
    loader: Loader
    staff: list[Staff] = field(default_factory=list)
    men: dict[int, list[Man]] = field(default_factory=dict)  # organisation id -> men
    # The plain indexes dropped for the load (demo.constraints), if any.
    indexes: SecondaryIndexes = field(default_factory=lambda: SecondaryIndexes(False))
    # The group attendance the database writes (demo.attendance), while the
    # programmes step runs on PostgreSQL.
    group_attendance: Any = None
    # The shipped partner checklist (version, questions), read before the load.
    checklist: Any = None
    # What the risk step reads (demo.risk.Reads), read before the load.
    risk_reads: Any = None
    # The outcome answers the database is making (demo.outcome_answers.Answers),
    # scored once the risk step has run meanwhile (demo.outcomes.finish).
    outcome_answers: Any = None

    @classmethod
    def start(cls, *, seed: int, participants_per_organisation: int, now=None):
        rng = random.Random(seed)
        now = now or timezone.now()
        return cls(
            rng=rng,
            seed=seed,
            today=timezone.localdate(now),
            now=now,
            participants_per_organisation=participants_per_organisation,
            loader=Loader(rng=rng, now=now),
        )

    @property
    def organisations(self) -> list[Organisation]:
        return [s.organisation for s in self.staff]

    def at(self, day: date, hour: int = 9, minute: int = 0) -> datetime:
        """A moment of a day in local time, never later than now."""
        moment = _moment(day, hour, minute)
        return moment if day < self.today else min(moment, self.latest)

    @property
    def latest(self) -> datetime:
        """The latest moment `at` gives: a minute before now."""
        return self.now - timedelta(minutes=1)

    def during(self, day: date) -> datetime:
        """A moment in the working hours of a day, never later than now."""
        return self.at(day, self.rng.randint(9, 16), self.rng.randrange(0, 60, 5))
