"""Demo partners: safe-contact details, contact histories, consents, safety plans.

Every name, number and address is invented and looks it. Each woman's contact
summary (latest contact, next date due, failed attempts since she was reached) is
computed here as her contacts are made, as `services.log_contact` keeps it one
contact at a time. One separation per organisation goes through
`services.log_contact`, so the risk app's receivers see a real one.
"""

from datetime import time, timedelta

from demo import her_case
from demo.context import DemoContext, Man, Staff
from demo.names import STREETS, WOMEN_FIRST_NAMES, WOMEN_LAST_NAMES, mobile
from partner_contact import services
from partner_contact.models import (
    Channel,
    Consent,
    Partner,
    PartnerContact,
    Relationship,
    SafetyPlan,
)

SUMMARIES = [
    "Explained the programme's aims and limits; she asked about the schedule.",
    "Talked about how things are at home since he started the group.",
    "She has support from her sister; no new concerns today.",
    "Went through the safety plan and updated two numbers.",
]
DISCLOSURES = [
    "He has been checking her phone again since the weekend.",
    "He shouted at her in front of the children on Sunday.",
]
Outcome = PartnerContact.Outcome
MADE = [Outcome.SPOKE] * 4 + [Outcome.DECLINED]
NOT_MADE = [Outcome.NO_ANSWER] * 2 + [
    Outcome.MESSAGE_LEFT,
    Outcome.SOMEONE_ELSE_ANSWERED,
]
KINDS = [Relationship.Kind.CURRENT_PARTNER] * 3 + [
    Relationship.Kind.EX_PARTNER,
    Relationship.Kind.CO_PARENT,
]
# Share of men who have a partner on record, and of those a second (ex-)partner.
LINKED_SHARE = 0.75
SECOND_PARTNER_SHARE = 0.12


def seed(ctx: DemoContext) -> None:
    """Partners of the demo men, with histories in every state, per organisation,
    then one separation per organisation logged through the service."""
    checklist = ctx.checklist or her_case.shipped_checklist()
    seeded = [
        staff
        for staff in ctx.staff
        if seed_organisation(
            ctx, staff, ctx.men.get(staff.organisation.pk, []), checklist
        )
    ]
    # The service reads what was loaded (each of its queries first waits for the
    # loader), so it runs once every organisation's rows are queued: Python makes
    # the next organisation's rows while the database takes the last's. Each
    # contact it logs refreshes her summary from her contacts: their indexes
    # first, rather than a scan of every contact per refresh.
    ctx.loader.flush()
    ctx.indexes.build(unless=lambda table: table != PartnerContact._meta.db_table)
    for staff in seeded:
        _separation_through_the_service(ctx, staff)


def seed_organisation(
    ctx: DemoContext, staff: Staff, men: list[Man], checklist=None
) -> bool:
    """One organisation's partners in bulk; whether it has any to seed."""
    workers = staff.ids("partner_support")
    if not men or not workers:
        return False
    rng = ctx.rng
    number = 0
    checklist = checklist or her_case.shipped_checklist()
    for man in men:
        if rng.random() > LINKED_SHARE:
            continue
        count = 2 if rng.random() < SECOND_PARTNER_SHARE else 1
        for n in range(count):
            _woman(ctx, staff, man, n, number, checklist)
            number += 1
    return True


def _woman(
    ctx: DemoContext, staff: Staff, man: Man, n: int, number: int, checklist
) -> None:
    """One woman: her record, her relationship to him, consents, contacts, plans,
    and her own case (status, moves, a checklist for some: demo.her_case)."""
    rng, today, loader = ctx.rng, ctx.today, ctx.loader
    workers = staff.ids("partner_support")
    # Most are the demo worker's, so the `partner` login has a full worklist.
    worker = workers[number % len(workers)] if number % 4 else workers[0]
    linked_on = today - timedelta(days=rng.randint(0, 200))
    partner = loader.pk(Partner)
    relationship = _relationship(ctx, man, partner, n, linked_on, worker)
    man.women.append((partner, worker))
    contacts = _contacts(ctx, man, partner, relationship, linked_on, worker, number)
    fields = _partner_fields(ctx, man.organisation_id, number, worker)
    summary = _summary(contacts)
    status = her_case.status_for(number, summary, fields["do_not_contact"])
    last = summary.get("last_contact_at")
    since = min(today, last.date()) if last else linked_on
    loader.add(
        Partner,
        id=partner,
        history_user=worker,
        created_at=ctx.during(linked_on),
        status=status,
        status_changed_on=since if status != "identified" else None,
        **fields,
        **summary,
    )
    if number < her_case.DETAILED:
        her_case.add_moves(
            ctx,
            partner=partner,
            organisation_id=man.organisation_id,
            worker=worker,
            status=status,
            since=since,
        )
        if number % 3 == 0 and summary.get("last_reached_at") and checklist[0]:
            her_case.add_checklist(
                ctx,
                checklist=checklist,
                partner=partner,
                organisation_id=man.organisation_id,
                worker=worker,
                # Every other one over the conference threshold.
                yes=15 if number % 2 == 0 else 7,
                on=summary["last_reached_at"].date(),
            )
    for row in contacts:
        loader.add(PartnerContact, history_user=worker, **row)
    given = today - timedelta(days=rng.randint(20, 300))
    for row in _consents(ctx, partner, worker, number, given):
        loader.add(
            Consent,
            history_user=worker,
            organisation_id=man.organisation_id,
            partner_id=partner,
            recorded_by_id=worker,
            created_at=ctx.during(row["given_on"]),
            **row,
        )
    if number % 3 == 0:
        for version in range(1, 2 + (number % 2)):
            written = linked_on + timedelta(days=30 * (version - 1))
            loader.add(
                SafetyPlan,
                history_user=worker,
                organisation_id=man.organisation_id,
                partner_id=partner,
                version=version,
                plan="",
                **her_case.PLANS[(number + version) % len(her_case.PLANS)],
                review_on=today + timedelta(days=rng.randint(-10, 60)),
                created_by_id=worker,
                created_at=ctx.during(min(written, today)),
            )


def _relationship(ctx, man, partner, n, linked_on, worker) -> int:
    rng, today = ctx.rng, ctx.today
    row = {
        "organisation_id": man.organisation_id,
        "partner_id": partner,
        "participant_id": man.id,
        "kind": Relationship.Kind.EX_PARTNER if n else rng.choice(KINDS),
        "living_together": not n and rng.random() < 0.4,
        "children_in_common": rng.choice([0, 0, 1, 1, 2, 3]),
        "linked_on": linked_on,
        "status": Relationship.Status.TOGETHER,
        "separated_on": None,
        "separation_announced_on": None,
        "created_at": ctx.during(linked_on),
    }
    if n or row["kind"] == Relationship.Kind.EX_PARTNER:
        row["status"] = Relationship.Status.SEPARATED
        row["separated_on"] = linked_on - timedelta(days=rng.randint(30, 900))
    elif rng.random() < 0.08:
        # Recent separations: periods of increased risk on the worklist.
        row["status"] = Relationship.Status.SEPARATED
        row["separated_on"] = today - timedelta(days=rng.randint(3, 60))
        row["kind"] = Relationship.Kind.EX_PARTNER
    elif rng.random() < 0.05:
        row["status"] = Relationship.Status.SEPARATION_ANNOUNCED
        row["separation_announced_on"] = today - timedelta(days=rng.randint(1, 30))
    return ctx.loader.add(Relationship, history_user=worker, **row)


def _partner_fields(ctx, organisation_id, number, worker) -> dict:
    rng = ctx.rng
    do_not_contact = number % 23 == 7
    channels = rng.choice([["phone"], ["phone", "email"], ["phone", "text"], []])
    return {
        "organisation_id": organisation_id,
        "name": (
            f"{rng.choice(WOMEN_FIRST_NAMES)} {rng.choice(WOMEN_LAST_NAMES)} (demo)"
        ),
        "phone": mobile(number),
        "email": f"partner{organisation_id}-{number}@example.org",
        "address": f"{rng.randint(1, 99)} {rng.choice(STREETS)}, Demotown (demo)",
        "safe_contact_notes": rng.choice(
            ["", "Only call her mobile, never the landline.", "Work phone is safe."]
        ),
        "safe_weekdays": rng.choice([[], [0, 1, 2, 3, 4], [1, 3]]),
        "safe_from": rng.choice([None, time(9, 30), time(10)]),
        "safe_until": rng.choice([None, time(14, 30), time(16)]),
        "safe_channels": channels,
        "voicemail_ok": rng.random() < 0.3,
        "text_ok": "text" in channels,
        "withhold_caller_id": rng.random() < 0.8,
        "code_word": rng.choice(["", "Bluebell", "Lighthouse", "Pinecone"]),
        "if_someone_else_answers": rng.choice(
            ["", "Say it is the dentist's surgery and ring off."]
        ),
        "language": rng.choice(["English"] * 6 + ["Polish", "Urdu"]),
        "interpreter_needed": rng.random() < 0.05,
        "do_not_contact": do_not_contact,
        "do_not_contact_reason": "She asked for no further contact."
        if do_not_contact
        else "",
        "partner_support_worker_id": worker,
    }


def _summary(contacts: list[dict]) -> dict:
    """What Partner.refresh_contact_summary would compute from these contacts."""
    if not contacts:
        return {}
    last = contacts[-1]
    reached = [c["occurred_at"] for c in contacts if c["contact_made"]]
    since = reached[-1] if reached else None
    return {
        "last_contact_at": last["occurred_at"],
        "last_contact_made": last["contact_made"],
        "next_contact_due": last["next_contact_due"],
        "last_reached_at": since,
        "failed_attempts": sum(
            1
            for c in contacts
            if not c["contact_made"] and (since is None or c["occurred_at"] > since)
        ),
    }


def _consents(ctx, partner, worker, index, given) -> list[dict]:
    """Contact consent for most; sharing consent in each state in turn."""
    rng, today = ctx.rng, ctx.today
    rows = [
        {
            "kind": Consent.Kind.CONTACT,
            "given_on": given,
            "how_given": Consent.HowGiven.VERBAL_PHONE,
            "scope": "Phone contact at her safe times.",
        }
    ]
    state = index % 5
    if state == 4:  # none given
        return rows
    share = {
        "kind": Consent.Kind.SHARE_WITH_PROGRAMME,
        "given_on": given,
        "how_given": Consent.HowGiven.WRITING,
        "scope": "Risk-relevant information, without her words or whereabouts.",
        "expires_on": None,
        "withdrawn_on": None,
    }
    if state == 1:  # expiring soon
        share["expires_on"] = today + timedelta(days=rng.randint(1, 14))
    elif state == 2:  # expired
        share["given_on"] = today - timedelta(days=rng.randint(60, 300))
        share["expires_on"] = today - timedelta(days=rng.randint(1, 20))
    elif state == 3:  # withdrawn
        share["withdrawn_on"] = min(today, given + timedelta(days=10))
    else:
        share["expires_on"] = today + timedelta(days=365)
    rows.append(share)
    return rows


def _contacts(ctx, man, partner, relationship, start, worker, index) -> list[dict]:
    """A history of attempts and conversations; some women never contacted yet."""
    rng, today = ctx.rng, ctx.today
    if index % 6 == 5:
        return []  # awaiting a first contact
    do_not_contact = index % 23 == 7
    span = max(1, (today - start).days)
    moments = sorted(
        min(
            ctx.at(
                start + timedelta(days=rng.randint(0, span)),
                rng.randint(9, 15),
                rng.choice([0, 15, 30]),
            ),
            ctx.now - timedelta(hours=1),
        )
        for _ in range(1 + rng.randint(0, 5))
    )
    rows = []
    for n, moment in enumerate(moments):
        made = rng.random() < 0.6
        disclosure = rng.choice(DISCLOSURES) if made and rng.random() < 0.2 else ""
        # Sharing consent is in force for every fifth woman (index % 5 == 0).
        shared = bool(disclosure) and index % 5 == 0
        rows.append(
            {
                "organisation_id": man.organisation_id,
                "partner_id": partner,
                "relationship_id": relationship,
                "occurred_at": moment,
                "direction": PartnerContact.Direction.INBOUND
                if do_not_contact
                else PartnerContact.Direction.OUTBOUND,
                "channel": Channel.PHONE,
                "contact_made": made,
                "outcome": rng.choice(MADE) if made else rng.choice(NOT_MADE),
                "safety_check_done": made,
                "told_her": [PartnerContact.ToldHer.AIMS_AND_LIMITS]
                if made and n == 0
                else [],
                "summary": rng.choice(SUMMARIES) if made else "",
                "disclosure": disclosure,
                "disclosure_may_share": shared,
                "consent_basis": "consent" if shared else "",
                "safety_planning_done": made and rng.random() < 0.3,
                "referrals_made": [PartnerContact.Referral.WOMENS_SERVICES]
                if made and rng.random() < 0.15
                else [],
                "next_contact_due": (today + timedelta(days=rng.randint(-7, 14)))
                if n == len(moments) - 1 and made
                else None,
                "worker_id": worker,
                "created_at": moment + timedelta(minutes=20),
            }
        )
    return rows


def _separation_through_the_service(ctx: DemoContext, staff: Staff) -> None:
    """One separation, logged today as a worker would record it: a call she
    took, so never with a woman who asked not to be contacted (the service
    refuses that, and at 500 organisations the first couple of one was hers)."""
    chosen = (
        Relationship.objects.filter(
            organisation_id=staff.organisation.pk,
            status=Relationship.Status.TOGETHER,
            partner__do_not_contact=False,
        )
        .select_related("partner__partner_support_worker", "organisation")
        .order_by("pk")
        .first()
    )
    if chosen is None:
        return
    services.log_contact(
        partner=chosen.partner,
        worker=chosen.partner.partner_support_worker,
        relationship=chosen,
        occurred_at=ctx.now - timedelta(hours=2),
        channel=Channel.PHONE,
        outcome=PartnerContact.Outcome.SPOKE,
        safety_check_done=True,
        told_her=[PartnerContact.ToldHer.ATTENDANCE],
        summary="She told me she has asked him to leave (demo).",
        risk_events=[PartnerContact.RiskEventKind.SEPARATION],
        separation_on=ctx.today - timedelta(days=1),
        safety_planning_done=True,
        next_contact_due=ctx.today + timedelta(days=3),
    )
