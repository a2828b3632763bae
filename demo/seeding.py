"""The order of the demo steps, each a function of the shared context."""

import time
from collections.abc import Callable

from django.db import transaction

from demo import (
    complaints,  # complaints, letters, equality monitoring
    enquiries,  # enquiries
    organisations,
    outcomes,
    participants,
    partners,
    programmes,
    referrals,
    retention,  # retention
    risk,
)
from demo.constraints import foreign_keys_checked_once
from demo.context import DemoContext

# Each step after the organisations, in dependency order.
STEPS: list[tuple[str, Callable[[DemoContext], None]]] = [
    ("participants", participants.seed),
    ("programmes", programmes.seed),
    ("partner_contact", partners.seed),
    # enquiries: before risk, whose detectors find the overdue first contacts.
    ("enquiries", enquiries.seed),  # enquiries
    ("referrals", referrals.seed),
    ("risk", risk.seed),
    ("outcomes", outcomes.seed),
    # complaints: last, with its own random generator (and the letters, monitoring).
    ("complaints", complaints.seed),
    # retention: after everything it lists; a legal hold and a batch for review.
    ("retention", retention.seed),  # retention
]


def seed(
    ctx: DemoContext,
    organisation_count: int,
    report: Callable[[str, float], None] = lambda what, seconds: None,
) -> None:
    """Everything, in one transaction; `report` hears each step's duration."""
    with transaction.atomic(), foreign_keys_checked_once():
        started = time.monotonic()
        passwords = organisations.seed(ctx, organisation_count)
        report("organisations and users", time.monotonic() - started)
        for name, step in STEPS:
            started = time.monotonic()
            step(ctx)
            ctx.loader.flush()
            report(name, time.monotonic() - started)
        started = time.monotonic()
        passwords.write(ctx)
        ctx.loader.flush()
        report("password hashes", time.monotonic() - started)
        started = time.monotonic()
    report("foreign keys checked, commit", time.monotonic() - started)
