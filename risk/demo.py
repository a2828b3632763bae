"""Demo risk data: assessments over time, notes, events, alerts, monitoring.

Reads the demo men the participants seeder made (whatever their number) and
bulk-inserts with history, so `seed_demo --participants 5000` stays fast. Events
and alerts go through the outbox with `deliver=False`: demo alerts send no e-mail.
"""

from datetime import timedelta

from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.demo import DemoContext
from participants.models import Participant
from risk import outbox, services
from risk.models import (
    Alert,
    MonitoringPeriod,
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


def seed(ctx: DemoContext) -> None:
    instrument = RiskInstrument.objects.active().get(code="ric-24")
    items = list(instrument.items.order_by("order"))
    for organisation in ctx.organisations:
        _seed_organisation(ctx, organisation, instrument, items)
    # Fresh statistics for the planner (the rows are not committed yet), then
    # the detectors once over every organisation, not once per organisation.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    services.run_detectors(today=ctx.today, deliver=False)
    for organisation in ctx.organisations:
        _settle_alerts(ctx, organisation)


def _seed_organisation(ctx, organisation, instrument, items) -> None:
    rng, today = ctx.rng, ctx.today
    men = list(
        Participant.objects.filter(organisation=organisation, status__in=OPEN_STATUSES)
        .select_related("caseworker")
        .order_by("pk")
    )
    if not men:
        return
    caseworkers = ctx.users(organisation, "caseworker")
    partner_workers = ctx.users(organisation, "partner_support")
    thresholds = instrument.thresholds_for(organisation)
    settings = RiskSettings.for_organisation(organisation.pk)

    assessments, yes_items, latest = [], [], {}
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
            assessment = RiskAssessment(
                organisation=organisation,
                participant=man,
                instrument=instrument,
                assessed_on=on,
                assessed_by=man.caseworker or caseworkers[0],
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
            )
            assessments.append(assessment)
            yes_items.append({i.pk for i in rng.sample(items, yes)})
            latest[man.pk] = assessment
    bulk_create_with_history(assessments, RiskAssessment, batch_size=2000)
    RiskAnswer.objects.bulk_create(
        (
            RiskAnswer(
                assessment=assessment,
                item=item,
                answer="yes"
                if item.pk in chosen
                else rng.choice(["no"] * 5 + ["dont_know"]),
            )
            for assessment, chosen in zip(assessments, yes_items, strict=True)
            for item in items
        ),
        batch_size=5000,
    )
    for man in men:
        if man.pk in latest:
            man.risk_level = latest[man.pk].level
            man.risk_level_assessed_on = latest[man.pk].assessed_on
    bulk_update_with_history(
        [m for m in men if m.pk in latest],
        Participant,
        ["risk_level", "risk_level_assessed_on"],
        batch_size=2000,
    )

    # Notes; an urgent one is also an event (through the outbox below).
    linked = set(
        Participant.objects.filter(
            organisation=organisation, partner_relationships__isnull=False
        ).values_list("pk", flat=True)
    )
    notes = []
    for man in men:
        if rng.random() < 0.3:
            severity, category, text = rng.choice(NOTES)
            notes.append(
                RiskNote(
                    organisation=organisation,
                    participant=man,
                    author=man.caseworker or caseworkers[0],
                    severity=severity,
                    category=category,
                    text=text,
                )
            )
        if man.pk in linked and partner_workers and rng.random() < 0.2:
            notes.append(
                RiskNote(
                    organisation=organisation,
                    participant=man,
                    author=rng.choice(partner_workers),
                    severity="concern",
                    category="partner_signal",
                    text=rng.choice(PARTNER_NOTES),
                    visibility=Visibility.PARTNER_SUPPORT_ONLY,
                )
            )
    bulk_create_with_history(notes, RiskNote, batch_size=2000)

    # Events a worker typed in: call-outs, breaches, hearings to come.
    detections = []
    for index, man in enumerate(men):
        reporter = man.caseworker or caseworkers[0]
        roll = rng.random()
        if roll < 0.08 or index == 0:
            for n in range(3 if index == 0 else rng.randint(1, 2)):
                detections.append(
                    _person(
                        man,
                        reporter,
                        Kind.POLICE_CALLOUT,
                        today
                        - timedelta(
                            days=rng.randint(5, 300) if n else rng.randint(1, 20)
                        ),
                        "Police attended after a neighbour called (demo).",
                    )
                )
        elif roll < 0.12:
            detections.append(
                _person(
                    man,
                    reporter,
                    Kind.COURT,
                    today + timedelta(rng.randint(3, 40)),
                    "Child-contact hearing listed (demo).",
                )
            )
        elif roll < 0.14:
            detections.append(
                _person(
                    man,
                    reporter,
                    Kind.NEW_RELATIONSHIP,
                    today - timedelta(rng.randint(5, 60)),
                    "Mentions a new girlfriend (demo).",
                )
            )
    outbox.record_events(detections, deliver=False)

    _separation_with_period(ctx, organisation, men)


def _settle_alerts(ctx, organisation) -> None:
    rng = ctx.rng
    # Some alerts already acknowledged or resolved. Demo rows only, set in bulk:
    # their history shows them as created, which is all a demo needs.
    alerts = list(
        Alert.objects.filter(organisation=organisation, status="open")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    acknowledged = [pk for pk in alerts if rng.random() < 0.4]
    Alert.objects.filter(pk__in=acknowledged).update(
        status="acknowledged", acknowledged_at=now - timedelta(hours=rng.randint(1, 30))
    )
    resolved = acknowledged[: len(acknowledged) // 3]
    Alert.objects.filter(pk__in=resolved).update(
        status="resolved",
        resolved_at=now,
        resolution_note="Discussed in supervision; plan updated (demo).",
    )


def _person(man, reporter, kind, on, summary) -> outbox.Detection:
    return outbox.Detection(
        organisation_id=man.organisation_id,
        participant_id=man.pk,
        kind=kind,
        occurred_on=on,
        dedup_key=f"person:demo:{man.pk}:{kind}:{on.isoformat()}",
        summary=summary,
        source=RiskEvent.Source.PERSON,
        reported_by_id=reporter.pk,
    )


def _separation_with_period(ctx, organisation, men) -> None:
    """At least one man in a period of increased risk after a separation."""
    if MonitoringPeriod.objects.filter(
        organisation=organisation,
        reason__in=[Kind.SEPARATION, Kind.ANNOUNCED_SEPARATION],
    ).exists():
        return
    from partner_contact import services as partner_services
    from partner_contact.models import Relationship

    relationship = (
        Relationship.objects.filter(organisation=organisation, status="together")
        .select_related("partner")
        .order_by("pk")
        .first()
    )
    on = ctx.today - timedelta(days=12)
    if relationship is not None:
        partner_services.record_separation(
            relationship=relationship,
            occurred_on=on,
            announced=False,
            actor=relationship.partner.partner_support_worker
            or ctx.users(organisation, "partner_support")[0],
        )
        return
    man = men[0]
    outbox.record_events(
        [
            outbox.Detection(
                organisation_id=organisation.pk,
                participant_id=man.pk,
                kind=Kind.SEPARATION,
                occurred_on=on,
                dedup_key=f"demo-separation:{man.pk}",
                summary="Separation recorded (demo).",
                source=RiskEvent.Source.RECORD,
            )
        ],
        deliver=False,
    )
