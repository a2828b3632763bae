"""Demo partners: safe-contact details, contact histories, consents, safety plans.

Every name, number and address is invented and looks it (07700 900xxx numbers are
reserved for drama; example.org addresses do not deliver). Partners are linked to
the demo men the participants seeder made, whatever their number. Most rows are
bulk inserted with their history; one separation per organisation goes through
`services.record_separation`, so the risk app's receivers see a real one.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.demo import DemoContext
from participants.models import Participant
from partner_contact import services
from partner_contact.models import (
    Channel,
    Consent,
    Partner,
    PartnerContact,
    Relationship,
    SafetyPlan,
)

WOMEN_FIRST_NAMES = [
    "Ada",
    "Bea",
    "Cleo",
    "Dora",
    "Edie",
    "Faye",
    "Gwen",
    "Hana",
    "Iris",
    "Jude",
    "Kay",
    "Lena",
]
WOMEN_LAST_NAMES = ["Demoson", "Testwell", "Sampleby", "Fictitia", "Placeholm"]
STREETS = ["Example Road", "Sample Street", "Fiction Lane", "Demo Close", "Test Row"]
PLANS = [
    "Bag with documents and medication kept at a friend's (demo).\n"
    "Helpline and the police saved under a code name.\n"
    "Children know to go to the neighbour at number 3 (demo).",
    "Change the route to work on Tuesdays and Thursdays.\n"
    "Agreed word with her sister means 'call the police'.\n"
    "Spare key and phone charger at her mother's (demo).",
]
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
# Share of men who have a partner on record, and of those a second (ex-)partner.
LINKED_SHARE = 0.75
SECOND_PARTNER_SHARE = 0.12


def seed(ctx: DemoContext) -> None:
    """Partners of the demo men, with histories in every state, per organisation."""
    for organisation in ctx.organisations:
        _seed_organisation(ctx, organisation)


def _seed_organisation(ctx, organisation) -> None:
    rng, today = ctx.rng, ctx.today
    workers = ctx.users(organisation, "partner_support")
    men = list(
        Participant.objects.filter(organisation=organisation)
        .order_by("pk")
        .only("pk", "status", "created_at", "status_changed_on")
    )
    if not men or not workers:
        return
    # 1. Partners and relationships.
    partners, links = [], []
    for man in men:
        if rng.random() > LINKED_SHARE:
            continue
        count = 2 if rng.random() < SECOND_PARTNER_SHARE else 1
        for n in range(count):
            partner = _partner(rng, organisation, workers, len(partners))
            partners.append(partner)
            links.append((partner, man, n))
    bulk_create_with_history(partners, Partner, batch_size=1000)
    relationships = []
    for partner, man, n in links:
        linked_on = today - timedelta(days=rng.randint(0, 200))
        relationship = Relationship(
            organisation=organisation,
            partner=partner,
            participant=man,
            kind=Relationship.Kind.EX_PARTNER if n else _kind(rng),
            living_together=not n and rng.random() < 0.4,
            children_in_common=rng.choice([0, 0, 1, 1, 2, 3]),
            linked_on=linked_on,
        )
        if n or relationship.kind == Relationship.Kind.EX_PARTNER:
            relationship.status = Relationship.Status.SEPARATED
            relationship.separated_on = linked_on - timedelta(days=rng.randint(30, 900))
        elif rng.random() < 0.08:
            # Recent separations: periods of increased risk on the worklist.
            relationship.status = Relationship.Status.SEPARATED
            relationship.separated_on = today - timedelta(days=rng.randint(3, 60))
            relationship.kind = Relationship.Kind.EX_PARTNER
        elif rng.random() < 0.05:
            relationship.status = Relationship.Status.SEPARATION_ANNOUNCED
            relationship.separation_announced_on = today - timedelta(
                days=rng.randint(1, 30)
            )
        relationships.append(relationship)
    bulk_create_with_history(relationships, Relationship, batch_size=1000)

    # 2. Consents in every state, contacts and safety plans.
    consents, contacts, plans = [], [], []
    for index, relationship in enumerate(relationships):
        partner = relationship.partner
        worker = partner.partner_support_worker or workers[0]
        consents += _consents(rng, today, partner, worker, index)
        contacts += _contacts(rng, today, relationship, worker, index)
        if index % 3 == 0:
            for version in range(1, 2 + (index % 2)):
                plans.append(
                    SafetyPlan(
                        organisation=organisation,
                        partner=partner,
                        version=version,
                        plan=PLANS[(index + version) % len(PLANS)],
                        review_on=today + timedelta(days=rng.randint(-10, 60)),
                        created_by=worker,
                    )
                )
    bulk_create_with_history(consents, Consent, batch_size=1000)
    bulk_create_with_history(contacts, PartnerContact, batch_size=1000)
    # Her contact summary, as services.log_contact keeps it one contact at a time.
    Partner.objects.filter(organisation=organisation).refresh_contact_summary()
    bulk_create_with_history(plans, SafetyPlan, batch_size=1000)

    # 3. One separation through the service, as a worker would record it today.
    together = [r for r in relationships if r.status == Relationship.Status.TOGETHER]
    if together:
        chosen = together[0]
        services.log_contact(
            partner=chosen.partner,
            worker=chosen.partner.partner_support_worker or workers[0],
            relationship=chosen,
            occurred_at=timezone.now() - timedelta(hours=2),
            channel=Channel.PHONE,
            outcome=PartnerContact.Outcome.SPOKE,
            safety_check_done=True,
            told_her=[PartnerContact.ToldHer.ATTENDANCE],
            summary="She told me she has asked him to leave (demo).",
            risk_events=[PartnerContact.RiskEventKind.SEPARATION],
            separation_on=today - timedelta(days=1),
            safety_planning_done=True,
            next_contact_due=today + timedelta(days=3),
        )


def _kind(rng) -> str:
    return rng.choice(
        [
            Relationship.Kind.CURRENT_PARTNER,
            Relationship.Kind.CURRENT_PARTNER,
            Relationship.Kind.CURRENT_PARTNER,
            Relationship.Kind.EX_PARTNER,
            Relationship.Kind.CO_PARENT,
        ]
    )


def _partner(rng, organisation, workers, number) -> Partner:
    do_not_contact = number % 23 == 7
    channels = rng.choice([["phone"], ["phone", "email"], ["phone", "text"], []])
    return Partner(
        organisation=organisation,
        name=f"{rng.choice(WOMEN_FIRST_NAMES)} {rng.choice(WOMEN_LAST_NAMES)} (demo)",
        phone=f"07700 900{number % 1000:03d}",
        email=f"partner{organisation.pk}-{number}@example.org",
        address=f"{rng.randint(1, 99)} {rng.choice(STREETS)}, Demotown (demo)",
        safe_contact_notes=rng.choice(
            ["", "Only call her mobile, never the landline.", "Work phone is safe."]
        ),
        safe_weekdays=rng.choice([[], [0, 1, 2, 3, 4], [1, 3]]),
        safe_from=rng.choice([None, time(9, 30), time(10)]),
        safe_until=rng.choice([None, time(14, 30), time(16)]),
        safe_channels=channels,
        voicemail_ok=rng.random() < 0.3,
        text_ok="text" in channels,
        withhold_caller_id=rng.random() < 0.8,
        code_word=rng.choice(["", "Bluebell", "Lighthouse", "Pinecone"]),
        if_someone_else_answers=rng.choice(
            ["", "Say it is the dentist's surgery and ring off."]
        ),
        language=rng.choice(["English"] * 6 + ["Polish", "Urdu"]),
        interpreter_needed=rng.random() < 0.05,
        do_not_contact=do_not_contact,
        do_not_contact_reason="She asked for no further contact."
        if do_not_contact
        else "",
        # Most are the demo worker's, so the `partner` login has a full worklist.
        partner_support_worker=workers[number % len(workers)]
        if number % 4
        else workers[0],
    )


def _consents(rng, today, partner, worker, index) -> list[Consent]:
    """Contact consent for most; sharing consent in each state in turn."""
    given = today - timedelta(days=rng.randint(20, 300))
    rows = [
        Consent(
            organisation_id=partner.organisation_id,
            partner=partner,
            kind=Consent.Kind.CONTACT,
            given_on=given,
            how_given=Consent.HowGiven.VERBAL_PHONE,
            scope="Phone contact at her safe times.",
            recorded_by=worker,
        )
    ]
    state = index % 5
    share = Consent(
        organisation_id=partner.organisation_id,
        partner=partner,
        kind=Consent.Kind.SHARE_WITH_PROGRAMME,
        given_on=given,
        how_given=Consent.HowGiven.WRITING,
        scope="Risk-relevant information, without her words or whereabouts.",
        recorded_by=worker,
    )
    if state == 1:  # expiring soon
        share.expires_on = today + timedelta(days=rng.randint(1, 14))
    elif state == 2:  # expired
        share.given_on = today - timedelta(days=rng.randint(60, 300))
        share.expires_on = today - timedelta(days=rng.randint(1, 20))
    elif state == 3:  # withdrawn
        share.withdrawn_on = min(today, given + timedelta(days=10))
    elif state == 4:  # none given
        return rows
    else:
        share.expires_on = today + timedelta(days=365)
    rows.append(share)
    return rows


def _contacts(rng, today, relationship, worker, index) -> list[PartnerContact]:
    """A history of attempts and conversations; some women never contacted yet."""
    partner = relationship.partner
    if index % 6 == 5:
        return []  # awaiting a first contact
    rows = []
    start = relationship.linked_on
    span = max(1, (today - start).days)
    count = 1 + rng.randint(0, 5)
    moments = sorted(rng.randint(0, span) for _ in range(count))
    for n, offset in enumerate(moments):
        day = start + timedelta(days=offset)
        made = rng.random() < 0.6
        outcome = (
            rng.choice(
                [PartnerContact.Outcome.SPOKE] * 4 + [PartnerContact.Outcome.DECLINED]
            )
            if made
            else rng.choice(
                [
                    PartnerContact.Outcome.NO_ANSWER,
                    PartnerContact.Outcome.NO_ANSWER,
                    PartnerContact.Outcome.MESSAGE_LEFT,
                    PartnerContact.Outcome.SOMEONE_ELSE_ANSWERED,
                ]
            )
        )
        last = n == len(moments) - 1
        disclosure = rng.choice(DISCLOSURES) if made and rng.random() < 0.2 else ""
        moment = timezone.make_aware(
            datetime.combine(day, time(rng.randint(9, 15), rng.choice([0, 15, 30])))
        )
        rows.append(
            PartnerContact(
                organisation_id=partner.organisation_id,
                partner=partner,
                relationship=relationship,
                occurred_at=min(moment, timezone.now() - timedelta(hours=1)),
                direction=PartnerContact.Direction.INBOUND
                if partner.do_not_contact
                else PartnerContact.Direction.OUTBOUND,
                channel=Channel.PHONE,
                contact_made=made,
                outcome=outcome,
                safety_check_done=made,
                told_her=[PartnerContact.ToldHer.AIMS_AND_LIMITS]
                if made and n == 0
                else [],
                summary=rng.choice(SUMMARIES) if made else "",
                disclosure=disclosure,
                # Sharing consent is in force for every fifth woman (index % 5 == 0).
                disclosure_may_share=bool(disclosure) and index % 5 == 0,
                consent_basis="consent" if disclosure and index % 5 == 0 else "",
                safety_planning_done=made and rng.random() < 0.3,
                referrals_made=[PartnerContact.Referral.WOMENS_SERVICES]
                if made and rng.random() < 0.15
                else [],
                next_contact_due=(today + timedelta(days=rng.randint(-7, 14)))
                if last and made
                else None,
                worker=worker,
            )
        )
    return rows
