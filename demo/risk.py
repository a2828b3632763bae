"""Demo risk data: assessments over time, notes, reported events, detector runs.

Assessments, answers and notes are bulk loaded, and so are the events a worker
typed in and then what every detector finds, run once
over all organisations as beat would: `demo.alerts` writes those events and their
alerts in bulk, already dated from what caused them (demo alerts send no e-mail).
"""

from datetime import timedelta
from typing import NamedTuple

from django.db import connection

from demo import alerts
from demo.constraints import analyse
from demo.context import DemoContext, Man, Staff
from participants.models import Participant
from risk.events import Detection
from risk.models import (
    Alert,
    RiskAnswer,
    RiskAssessment,
    RiskEvent,
    RiskInstrument,
    RiskNote,
    RiskSettings,
    Visibility,
)
from risk.rules import OPEN_STATUSES

Kind = RiskEvent.Kind
# Starting yes counts: the first three men are high, medium and standard, so every
# band appears however few men there are.
FIRST_YES = [16, 11, 4]
NOTES = [
    ("information", "behaviour", "Took part well; named his controlling behaviour."),
    ("concern", "behaviour", "Minimised the incident and blamed her for it (demo)."),
    ("concern", "substances", "Says he is drinking more since losing his job (demo)."),
    ("urgent", "disclosure", "Said he 'will not let her take the kids' (demo)."),
    ("information", "circumstances", "Has moved to his brother's flat (demo)."),
]
PARTNER_NOTES = [
    "Partner-side signal: increased monitoring of her phone (demo).",
    "Partner-side signal: she fears the contact handover this week (demo).",
]


class Reads(NamedTuple):
    """What the risk step reads from the database (demo.risk.prepare)."""

    instrument: RiskInstrument
    items: list[int]
    # Organisation id -> the instrument's thresholds there, and its settings.
    thresholds: dict
    settings: dict


def prepare(ctx: DemoContext) -> None:
    """Read what the risk step needs before the load begins (demo.seeding): the
    outcomes step before it leaves the database making millions of answers, and
    a query made after that would wait for them instead of the risk step's
    rows being made meanwhile."""
    instrument = RiskInstrument.objects.active().get(code="ric-24")
    orgs = [staff.organisation for staff in ctx.staff]
    ctx.risk_reads = Reads(
        instrument=instrument,
        items=list(instrument.items.order_by("order").values_list("pk", flat=True)),
        thresholds={org.pk: instrument.thresholds_for(org) for org in orgs},
        settings=RiskSettings.by_organisation([org.pk for org in orgs]),
    )


def seed(ctx: DemoContext) -> None:
    """Assessments, notes and events per organisation, then the detectors once."""
    if ctx.risk_reads is None:
        prepare(ctx)
    instrument, items, thresholds, settings = ctx.risk_reads
    # The men with a woman linked to them (demo.partners gave every link).
    linked = {man.id for men in ctx.men.values() for man in men if man.women}
    first_assessment = ctx.loader.pk(RiskAssessment)
    ctx.loader.next_pk[RiskAssessment] = first_assessment
    reported = []
    levels = {}
    for staff in ctx.staff:
        men = [
            m
            for m in ctx.men.get(staff.organisation.pk, [])
            if m.status in OPEN_STATUSES
        ]
        if not men:
            continue
        org = staff.organisation.pk
        levels.update(
            _assessments(ctx, men, instrument, items, thresholds[org], settings[org])
        )
        _notes(ctx, staff, men, linked)
        reported += _reported_events(ctx, men)
    # Every organisation's levels at once: the update waits for the rows queued
    # before it, which Python made without stopping meanwhile.
    ctx.loader.flush()
    _levels(ctx, levels)
    recorder = alerts.Recorder(ctx)
    recorder.record(reported)
    # Fresh statistics for the planner (the rows are not committed yet), then
    # the detectors once over every organisation, and the escalations of what
    # they raised that nobody acknowledged in time.
    if ctx.loader.is_postgresql:
        _answers_in_the_database(first_assessment, items)
        # The indexes of what the detectors read; history, alerts and outcomes
        # (never read by a detector, mostly written from here on) wait.
        ctx.indexes.build(unless=_read_by_no_detector)
        analyse()
    recorder.run_detectors()
    recorder.escalate()


def _assessments(ctx, men: list[Man], instrument, items, thresholds, settings) -> dict:
    """One to three assessments per man, ten weeks apart; his level is the last's."""
    rng, today, loader = ctx.rng, ctx.today, ctx.loader
    latest = {}
    for index, man in enumerate(men):
        if index >= 3 and rng.random() < 0.15:
            continue  # not assessed yet
        count = 1 if index < 3 else rng.randint(1, 3)
        yes = FIRST_YES[index] if index < 3 else rng.choice([2, 5, 7, 9, 11, 12, 15])
        on = today - timedelta(weeks=rng.randint(1, 6) + 10 * (count - 1))
        for step in range(count):
            if step:
                yes = max(0, min(24, yes + rng.choice([-3, -1, 0, 2, 4])))
                on += timedelta(weeks=10)
            computed = thresholds.level_for(yes)
            judged = computed != "high" and rng.random() < 0.05
            level = "high" if judged else computed
            made = ctx.during(on)
            pk = loader.add(
                RiskAssessment,
                history_user=man.caseworker_id,
                organisation_id=man.organisation_id,
                participant_id=man.id,
                instrument_id=instrument.pk,
                assessed_on=on,
                assessed_by_id=man.caseworker_id,
                sources=rng.sample(["interview", "case_records", "police"], 2),
                score=yes,
                yes_count=yes,
                medium_from=thresholds.medium_from,
                high_from=thresholds.high_from,
                computed_level=computed,
                judgement_level="high" if judged else "",
                judgement_reason=(
                    "Threats to kill reported by police (demo)." if judged else ""
                ),
                level=level,
                next_review_on=on + timedelta(weeks=settings.review_weeks(level)),
                created_at=made,
            )
            if not loader.is_postgresql:
                _answers(ctx, pk, items, yes)
            latest[man.id] = (level, on, made, man.caseworker_id)
            man.risk_level = level
    return latest


def _answers(ctx: DemoContext, assessment: int, items: list[int], yes: int) -> None:
    """His answers, row by row: `yes` of them yes, the rest mostly no."""
    chosen = set(ctx.rng.sample(items, yes))
    others = ctx.rng.choices(["no"] * 5 + ["dont_know"], k=len(items))
    for item, other in zip(items, others, strict=True):
        ctx.loader.add(
            RiskAnswer,
            assessment_id=assessment,
            item_id=item,
            answer="yes" if item in chosen else other,
        )


# On PostgreSQL, two and a half million answers at 100,000 men are written by the
# database itself: for each assessment, the `yes_count` items first in an order
# drawn from its (seeded) uuid are yes, about one in six of the rest don't know.
ANSWERS_SQL = """
INSERT INTO {answer} (assessment_id, item_id, answer, comment)
SELECT a.id, i.id,
  CASE
    WHEN row_number() OVER (
      PARTITION BY a.id ORDER BY hashtextextended(a.uuid::text, i.id)
    ) <= a.yes_count THEN 'yes'
    WHEN hashtextextended(i.id::text || a.uuid::text, 0) & 255 < 43
      THEN 'dont_know'
    ELSE 'no'
  END,
  ''
FROM {assessment} a CROSS JOIN unnest(%s::bigint[]) AS i(id)
WHERE a.id >= %s
"""


def _answers_in_the_database(first_assessment: int, items: list[int]) -> None:
    sql = ANSWERS_SQL.format(
        answer=RiskAnswer._meta.db_table, assessment=RiskAssessment._meta.db_table
    )
    with connection.cursor() as cursor:
        # Room to sort each assessment's items in memory rather than on disk.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(sql, [items, first_assessment])
        cursor.execute("RESET work_mem")


def _read_by_no_detector(table: str) -> bool:
    return (
        "_historical" in table
        or table == Alert._meta.db_table
        or table.startswith("outcomes_")
    )


def _levels(ctx: DemoContext, latest: dict) -> None:
    """His level is his latest assessment's: set with a history row of its own."""
    loader = ctx.loader
    loader.update(
        Participant,
        ["risk_level", "risk_level_assessed_on", "updated_at"],
        [(pk, level, on, made) for pk, (level, on, made, _by) in latest.items()],
    )
    loader.add_history_of_rows(
        Participant,
        [(pk, made, by) for pk, (_level, _on, made, by) in latest.items()],
    )


def _notes(ctx: DemoContext, staff: Staff, men: list[Man], linked: set) -> None:
    rng, loader = ctx.rng, ctx.loader
    partner_workers = staff.ids("partner_support")
    for man in men:
        written = ctx.during(ctx.today - timedelta(days=rng.randint(0, 120)))
        if rng.random() < 0.3:
            severity, category, text = rng.choice(NOTES)
            loader.add(
                RiskNote,
                history_user=man.caseworker_id,
                organisation_id=man.organisation_id,
                participant_id=man.id,
                author_id=man.caseworker_id,
                severity=severity,
                category=category,
                text=text,
                created_at=written,
            )
        if man.id in linked and partner_workers and rng.random() < 0.2:
            author = rng.choice(partner_workers)
            loader.add(
                RiskNote,
                history_user=author,
                organisation_id=man.organisation_id,
                participant_id=man.id,
                author_id=author,
                severity="concern",
                category="partner_signal",
                text=rng.choice(PARTNER_NOTES),
                visibility=Visibility.PARTNER_SUPPORT_ONLY,
                created_at=written,
            )


def _reported_events(ctx: DemoContext, men: list[Man]) -> list[Detection]:
    """Events a worker typed in: call-outs, hearings to come, new relationships."""
    rng, today = ctx.rng, ctx.today
    found = []
    for index, man in enumerate(men):
        roll = rng.random()
        if roll < 0.08 or index == 0:
            for n in range(3 if index == 0 else rng.randint(1, 2)):
                days = rng.randint(5, 300) if n else rng.randint(1, 20)
                found.append(
                    _person(
                        man,
                        Kind.POLICE_CALLOUT,
                        today - timedelta(days=days),
                        "Police attended after a neighbour called (demo).",
                    )
                )
        elif roll < 0.12:
            found.append(
                _person(
                    man,
                    Kind.COURT,
                    today + timedelta(rng.randint(3, 40)),
                    "Child-contact hearing listed (demo).",
                )
            )
        elif roll < 0.14:
            found.append(
                _person(
                    man,
                    Kind.NEW_RELATIONSHIP,
                    today - timedelta(rng.randint(5, 60)),
                    "Mentions a new girlfriend (demo).",
                )
            )
    return found


def _person(man: Man, kind, on, summary) -> Detection:
    return Detection(
        organisation_id=man.organisation_id,
        participant_id=man.id,
        kind=kind,
        occurred_on=on,
        dedup_key=f"person:demo:{man.id}:{kind}:{on.isoformat()}",
        summary=summary,
        source=RiskEvent.Source.PERSON,
        reported_by_id=man.caseworker_id,
    )
