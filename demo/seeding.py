"""The order of the demo steps, each a function of the shared context."""

import time
from collections.abc import Callable

from django.apps import apps
from django.db import transaction

from demo import (
    complaints,  # complaints, letters, equality monitoring
    enquiries,  # enquiries
    her_case,
    organisations,
    outcomes,
    participants,
    partners,
    programmes,
    referrals,
    retention,  # retention
    risk,
)
from demo.constraints import (
    SecondaryIndexes,
    foreign_keys_checked_once,
    secondary_indexes_built_once,
)
from demo.context import DemoContext
from equality.models import EqualityAnswer
from outcomes.models import Answer, Response, ResponseSummary, TimePoint
from participants.models import CaseNote, StatusChange
from partner_contact.models import Consent, PartnerContact
from programmes.models import Attendance, Session
from referrals.models import Referral, ReferralDecision
from risk.bulk import collector_paused
from risk.models import Alert, RiskAnswer, RiskAssessment, RiskEvent

# Each step after the organisations, in dependency order.
STEPS: list[tuple[str, Callable[[DemoContext], None]]] = [
    ("participants", participants.seed),
    ("programmes", programmes.seed),
    ("partner_contact", partners.seed),
    # enquiries: before risk, whose detectors find the overdue first contacts.
    ("enquiries", enquiries.seed),  # enquiries
    ("referrals", referrals.seed),
    # outcomes before risk: the database makes the answers (millions of rows)
    # while Python makes the risk step's rows; scored after both.
    ("outcomes", outcomes.seed),
    ("risk", risk.seed),
    ("outcome scores", outcomes.finish),
    # complaints: last, with its own random generator (and the letters, monitoring).
    ("complaints", complaints.seed),
    # retention: after everything it lists; a legal hold and a batch for review.
    ("retention", retention.seed),  # retention
]


# From this many men on, the plain indexes of the largest tables are dropped for
# the load and built once at the end (demo.constraints): quicker at scale,
# slower for a small demo.
REBUILD_INDEXES_FROM = 5000
# The models with the most rows (over 100,000 each at 100,000 men).
BULK_MODELS = [
    Answer,
    RiskAnswer,
    Alert,
    Attendance,
    Session,
    StatusChange,
    TimePoint,
    ReferralDecision,
    PartnerContact,
    Response,
    ResponseSummary,
    Consent,
    EqualityAnswer,
    CaseNote,
    RiskEvent,
    Referral,
    RiskAssessment,
]


def seed(
    ctx: DemoContext,
    organisation_count: int,
    report: Callable[[str, float], None] = lambda what, seconds: None,
    *,
    rebuild_indexes: bool | None = None,
) -> None:
    """Everything, in one transaction; `report` hears each step's duration."""
    men = ctx.participants_per_organisation * organisation_count
    if rebuild_indexes is None:
        rebuild_indexes = men >= REBUILD_INDEXES_FROM
    ctx.indexes = SecondaryIndexes(rebuild_indexes, BULK_MODELS)

    with (
        # The seed keeps millions of objects alive to the end (the men, their
        # places, the rows queued): the collector's full passes over them found
        # nothing to free, and grew with the heap (at 10,000 men 18% of the
        # seeder's CPU; at a million the steps took 15 times as long as at
        # 100,000 for 10 times the men).
        collector_paused(men),
        transaction.atomic(),
        foreign_keys_checked_once(),
        secondary_indexes_built_once(ctx.indexes),
        ctx.loader.writing_behind(),
    ):
        started = time.monotonic()
        # Every table's next key, and what the migrations ship that a step
        # reads, before any row is queued: read later, each would wait for the
        # rows queued before it.
        ctx.loader.known_keys(apps.get_models(include_auto_created=True))
        ctx.checklist = her_case.shipped_checklist()
        passwords = organisations.seed(ctx, organisation_count)
        risk.prepare(ctx)
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
    report("indexes built, foreign keys checked, commit", time.monotonic() - started)
