"""Benchmark (not a test): how long every risk detector takes at scale.

    python -m tests.bench.bench_detectors [--men 5000] [--weeks 104] [--keep]

Creates a separate database (the DATABASE_URL database's name + "_bench_risk"),
migrates it, bulk-seeds one organisation of 5,000 men in groups of 12 with two
years of weekly sessions and attendance, partners, contacts, consents,
assessments, notes, events and alerts, then prints the seconds each detector
takes (reads only, twice), a full `run_detectors` (detect and record), and a
second full run (which must record nothing). The database is dropped afterwards
unless --keep is given.

`time_detectors()` times the detectors over whatever database is configured, for
tests/bench/detector_timing.py.
"""

import argparse
import os
import random
import sys
import time
import uuid
from datetime import date, timedelta
from urllib.parse import urlsplit, urlunsplit

import django


def time_detectors(*, passes: int = 2) -> dict:
    """Seconds per detector and in total, for each pass, over the configured DB."""
    from django.utils import timezone

    from risk import rules

    now = timezone.now()
    today = timezone.localdate(now)
    result = []
    for _ in range(passes):
        figures = {}
        for detector in [*rules.DETECTORS, rules.detect_unacknowledged_alerts]:
            started = time.perf_counter()
            found = detector(today=today, now=now)
            figures[detector.__name__] = (time.perf_counter() - started, len(found))
        figures["total"] = (
            sum(s for s, _ in figures.values()),
            sum(n for _, n in figures.values()),
        )
        result.append(figures)
    return {"passes": result}


# A separate database --------------------------------------------------------------


def _bench_url(base_url: str) -> tuple[str, str]:
    parts = urlsplit(base_url)
    name = parts.path.lstrip("/") + "_bench_risk"
    return urlunsplit(parts._replace(path="/" + name)), name


def _admin(base_url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(base_url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


# Seeding --------------------------------------------------------------------------


def _copy(table: str, columns: list[str], rows) -> int:
    """COPY rows into a table: far faster than INSERT for half a million rows."""
    from django.db import connection

    count = 0
    with connection.cursor() as cursor:
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def seed(*, men: int, weeks: int, rng: random.Random, today: date) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import Organisation, User
    from participants.models import Participant, StatusChange
    from partner_contact.models import Consent, Partner, PartnerContact, Relationship
    from programmes.models import Attendance, Enrolment, Group, Programme, Session
    from risk.models import (
        Alert,
        MonitoringPeriod,
        RiskAnswer,
        RiskAssessment,
        RiskEvent,
        RiskInstrument,
        RiskNote,
    )

    now = timezone.now()
    counts = {}
    org = Organisation.objects.create(name="Bench Programme (fictional)")
    password = make_password(None)

    def staff(role, n):
        User.objects.bulk_create(
            User(
                username=f"bench-{role}-{i}",
                email=f"bench-{role}-{i}@example.org",
                organisation=org,
                role=role,
                password=password,
            )
            for i in range(n)
        )
        return list(User.objects.filter(organisation=org, role=role).order_by("pk"))

    caseworkers = staff("caseworker", max(1, men // 80))
    partner_workers = staff("partner_support", max(1, men // 400))
    facilitators = staff("facilitator", max(1, men // 250))
    managers = staff("manager", 2)

    start = today - timedelta(weeks=weeks)
    programme = Programme.objects.create(organisation=org, name="Bench programme")
    group_count = (men + 11) // 12
    Group.objects.bulk_create(
        Group(
            organisation=org,
            programme=programme,
            name=f"Group {g}",
            weekday=g % 5,
            start_time="18:30",
            venue="Bench room",
            start_date=start,
        )
        for g in range(group_count)
    )
    groups = list(Group.objects.filter(organisation=org).order_by("pk"))
    statuses = ["active"] * 18 + ["suspended", "completed"]
    Participant.objects.bulk_create(
        (
            Participant(
                organisation=org,
                reference=f"B26-{i:05d}",
                first_name=f"Benchman{i}",
                last_name="Sampleby",
                caseworker=caseworkers[i % len(caseworkers)],
                status=rng.choice(statuses),
            )
            for i in range(men)
        ),
        batch_size=5000,
    )
    people = list(Participant.objects.filter(organisation=org).order_by("pk"))
    Enrolment.objects.bulk_create(
        (
            Enrolment(
                organisation=org,
                participant=man,
                group=groups[i // 12],
                start_date=start,
            )
            for i, man in enumerate(people)
        ),
        batch_size=5000,
    )
    Session.objects.bulk_create(
        (
            Session(
                organisation=org,
                group=group,
                date=start + timedelta(weeks=w, days=group.weekday),
                start_time="18:30",
                status="held",
                logged_at=now,
            )
            for group in groups
            for w in range(weeks)
            if start + timedelta(weeks=w, days=group.weekday) <= today
        ),
        batch_size=10000,
    )
    sessions_by_group = {}
    for session_id, group_id in Session.objects.filter(organisation=org).values_list(
        "pk", "group_id"
    ):
        sessions_by_group.setdefault(group_id, []).append(session_id)
    counts["sessions"] = sum(len(s) for s in sessions_by_group.values())
    weights = ["present"] * 16 + ["late", "excused", "unexcused", "unexcused"]
    counts["attendances"] = _copy(
        Attendance._meta.db_table,
        [
            "uuid",
            "organisation_id",
            "session_id",
            "participant_id",
            "status",
            "note",
            "concern",
            "recorded_by_id",
            "updated_at",
        ],
        (
            (
                uuid.uuid4(),
                org.pk,
                session_id,
                man.pk,
                rng.choice(weights),
                "",
                False,
                facilitators[0].pk,
                now,
            )
            for i, man in enumerate(people)
            for session_id in sessions_by_group[groups[i // 12].pk]
        ),
    )

    # Partners for 60% of the men; a few separations; monthly contacts.
    linked = [m for m in people if rng.random() < 0.6]
    Partner.objects.bulk_create(
        (
            Partner(
                organisation=org,
                name=f"Benchwoman{i} Testwell",
                phone="07700 900000",
                partner_support_worker=partner_workers[i % len(partner_workers)],
            )
            for i in range(len(linked))
        ),
        batch_size=2000,
    )
    partners = list(Partner.objects.filter(organisation=org).order_by("pk"))
    relationships = []
    for man, partner in zip(linked, partners, strict=True):
        roll = rng.random()
        relationship = Relationship(
            organisation=org, partner=partner, participant=man, linked_on=start
        )
        if roll < 0.02:
            relationship.status = "separated"
            relationship.separated_on = today - timedelta(days=rng.randint(1, 80))
        elif roll < 0.03:
            relationship.status = "separation_announced"
            relationship.separation_announced_on = today - timedelta(rng.randint(1, 30))
        relationships.append(relationship)
    Relationship.objects.bulk_create(relationships, batch_size=5000)
    PartnerContact.objects.bulk_create(
        (
            PartnerContact(
                organisation=org,
                partner=partner,
                occurred_at=now - timedelta(days=30 * m + rng.randint(0, 20)),
                channel="phone",
                contact_made=True,
                outcome="spoke",
                worker=partner.partner_support_worker,
            )
            for partner in partners
            for m in range(6)
        ),
        batch_size=5000,
    )
    Partner.objects.filter(organisation=org).refresh_contact_summary()
    Consent.objects.bulk_create(
        (
            Consent(
                organisation=org,
                partner=partner,
                kind="contact",
                given_on=start,
                how_given="verbal_phone",
                expires_on=today + timedelta(days=rng.randint(1, 365)),
                recorded_by=partner.partner_support_worker,
            )
            for partner in partners
        ),
        batch_size=5000,
    )

    # Assessments (1-3 each) with every answer, notes, events, periods, alerts.
    instrument = RiskInstrument.objects.active().get(code="ric-24")
    items = list(instrument.items.order_by("order"))
    assessments = []
    for man in people:
        on = today - timedelta(weeks=rng.randint(1, 30))
        for step in range(rng.randint(1, 3)):
            yes = rng.randint(0, 20)
            level = "high" if yes >= 14 else "medium" if yes >= 10 else "standard"
            day = on - timedelta(weeks=12 * step)
            assessments.append(
                RiskAssessment(
                    organisation=org,
                    participant=man,
                    instrument=instrument,
                    assessed_on=day,
                    assessed_by=man.caseworker,
                    sources=["interview"],
                    score=yes,
                    yes_count=yes,
                    medium_from=10,
                    high_from=14,
                    computed_level=level,
                    level=level,
                    next_review_on=day + timedelta(weeks=8),
                )
            )
    RiskAssessment.objects.bulk_create(assessments, batch_size=5000)
    counts["assessments"] = len(assessments)
    counts["answers"] = _copy(
        RiskAnswer._meta.db_table,
        ["assessment_id", "item_id", "answer", "comment"],
        (
            (a.pk, item.pk, "yes" if n < a.yes_count else "no", "")
            for a in assessments
            for n, item in enumerate(items)
        ),
    )
    RiskNote.objects.bulk_create(
        (
            RiskNote(
                organisation=org,
                participant=man,
                author=man.caseworker,
                severity="urgent" if rng.random() < 0.02 else "concern",
                category="behaviour",
                text="Bench note.",
            )
            for man in people
            if rng.random() < 0.33
        ),
        batch_size=5000,
    )
    kinds = ["police_callout", "new_incident", "threats", "order_breach"]
    events = [
        RiskEvent(
            organisation=org,
            participant=man,
            kind=rng.choice(kinds),
            occurred_on=today - timedelta(days=rng.randint(1, 700)),
            source="person",
            reported_by=man.caseworker,
            dedup_key=f"person:{uuid.uuid4()}",
        )
        for man in people
        for _ in range(rng.choice([0, 0, 0, 1, 2, 3]))
    ]
    events += [
        RiskEvent(
            organisation=org,
            participant=man,
            kind="court",
            occurred_on=today + timedelta(days=rng.randint(1, 60)),
            source="person",
            reported_by=man.caseworker,
            dedup_key=f"person:{uuid.uuid4()}",
        )
        for man in people
        if rng.random() < 0.03
    ]
    separations = [
        RiskEvent(
            organisation=org,
            participant_id=r.participant_id,
            kind="separation",
            occurred_on=r.separated_on or r.separation_announced_on,
            source="record",
            dedup_key=f"bench-separation:{r.pk}",
        )
        for r in relationships
        if r.status != "together"
    ]
    RiskEvent.objects.bulk_create(events + separations, batch_size=5000)
    counts["events"] = len(events) + len(separations)
    MonitoringPeriod.objects.bulk_create(
        MonitoringPeriod(
            organisation=org,
            participant_id=e.participant_id,
            event=e,
            reason=e.kind,
            starts_on=e.occurred_on,
            ends_on=e.occurred_on + timedelta(days=90),
        )
        for e in separations
    )
    Alert.objects.bulk_create(
        (
            Alert(
                organisation=org,
                event=e,
                recipient_id=e.participant.caseworker_id,
                reason="caseworker",
                email_status="sent",
            )
            for e in events[:2000]
        ),
        batch_size=5000,
    )
    Alert.objects.filter(organisation=org).update(created_at=now - timedelta(days=2))
    StatusChange.objects.bulk_create(
        StatusChange(
            organisation=org,
            participant=man,
            from_status="active",
            to_status=rng.choice(["dropped_out", "excluded"]),
            effective_on=today - timedelta(days=rng.randint(1, 60)),
            reason="bench",
            changed_by=managers[0],
        )
        for man in people[:: max(1, men // 150)]
    )
    counts["men"] = len(people)
    counts["partners"] = len(partners)
    return counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--men", type=int, default=5000)
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--keep", action="store_true", help="Keep the database.")
    args = parser.parse_args(argv)

    base = os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/caserecords"
    )
    if not base.startswith("postgres"):
        print("The benchmark needs PostgreSQL (DATABASE_URL).", file=sys.stderr)
        return 2
    url, name = _bench_url(base)
    _admin(base, f'DROP DATABASE IF EXISTS "{name}"')
    _admin(base, f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["CELERY_BROKER_URL"] = "memory://localhost/"
    try:
        django.setup()
        from django.core.management import call_command
        from django.db import connection, transaction
        from django.utils import timezone

        from risk import services

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        with transaction.atomic():
            counts = seed(
                men=args.men,
                weeks=args.weeks,
                rng=random.Random(2026),
                today=timezone.localdate(),
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"Seeded in {time.perf_counter() - started:.1f} s: {counts}")

        timing = time_detectors()
        for number, figures in enumerate(timing["passes"], start=1):
            print(f"\nPass {number}: detections only (the 15-minute read)")
            for detector, (seconds, found) in figures.items():
                print(f"  {detector:34} {seconds * 1000:9.1f} ms  {found:6d} found")
        # Recorded events can open monitoring periods that the next run checks,
        # so runs repeat until one records nothing (the steady state every
        # 15 minutes), at most four.
        for run in range(1, 5):
            started = time.perf_counter()
            results = services.run_detectors(deliver=False)
            escalated = services.escalate_unacknowledged_alerts()
            seconds = time.perf_counter() - started
            results["detect_unacknowledged_alerts"] = escalated
            events = sum(len(r.events) for r in results.values())
            alerts = sum(len(r.alerts) for r in results.values())
            print(
                f"\nFull run {run} (detect and record): {seconds:.2f} s, "
                f"{events} new events, {alerts} alerts"
            )
            for detector, result in results.items():
                if result.events:
                    print(f"  {detector:34} {len(result.events):6d} new events")
            if not events:
                break
        return 0
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _admin(base, f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    sys.exit(main())
