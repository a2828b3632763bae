"""Demo agencies, referrals in every state, onward referrals and information shares.

Every name is invented and looks it. Accepted referrals are linked to the demo men
the participants seeder made; partner data, if the partner seeder made any, gets
a woman's referral to a women's support service.
"""

from datetime import timedelta

from django.db.models import Min
from simple_history.utils import bulk_create_with_history

from accounts.demo import FIRST_NAMES, LAST_NAMES, DemoContext
from participants.models import Participant, StatusChange
from participants.services import create_participant
from partner_contact.models import Partner
from referrals.models import (
    Agency,
    InformationShare,
    LegalBasis,
    OnwardReferral,
    Referral,
    ReferralDecision,
)

AGENCIES = [
    (Agency.Kind.COURT, "Demotown Magistrates' Court (demo)"),
    (Agency.Kind.COURT, "Demoshire Family Court (demo)"),
    (Agency.Kind.PROBATION, "Demoshire Probation Service (demo)"),
    (Agency.Kind.POLICE, "Demotown Police Domestic Abuse Unit (demo)"),
    (Agency.Kind.CHILD_SERVICES, "Demoshire Children's Services (demo)"),
    (Agency.Kind.WOMENS_SERVICE, "Safe Harbour Women's Service (demo)"),
    (Agency.Kind.HEALTH, "Demotown Health Centre (demo)"),
    (Agency.Kind.MARAC, "Demoshire Risk Conference (demo)"),
    (Agency.Kind.HOUSING, "Demotown Housing Options (demo)"),
    (Agency.Kind.OTHER, "Sampleby Family Mediation (demo)"),
]
# Where the men come from: courts and probation above all, as in practice.
SOURCE_KINDS = [
    Agency.Kind.COURT,
    Agency.Kind.COURT,
    Agency.Kind.PROBATION,
    Agency.Kind.PROBATION,
    Agency.Kind.CHILD_SERVICES,
    Agency.Kind.POLICE,
    Agency.Kind.HEALTH,
    None,  # self-referral
]
REASONS = [
    "Conviction for assault on his partner; programme requirement considered.",
    "Child-protection plan asks him to address his behaviour.",
    "Police call-outs to the home; he agreed to be referred.",
    "He asked for help after his partner left.",
    "Controlling behaviour described by the family's social worker.",
]


def seed(ctx: DemoContext) -> None:
    """Agencies of every kind, referrals in every state, onward referrals."""
    for organisation in ctx.organisations:
        _seed_organisation(ctx, organisation)


def _seed_organisation(ctx: DemoContext, organisation) -> None:
    rng = ctx.rng
    today = ctx.today
    caseworkers = ctx.users(organisation, "caseworker")
    manager = ctx.users(organisation, "manager")[0]
    partner_workers = ctx.users(organisation, "partner_support")
    agencies = bulk_create_with_history(
        [
            Agency(
                organisation=organisation,
                kind=kind,
                name=name,
                contact_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                phone=f"01632 960{index:03d}",
                email=f"referrals{index}@agency.demo.example.org",
                address=f"{index + 1} Sample Street, Demotown",
                notes="Fictional agency for demonstration.",
            )
            for index, (kind, name) in enumerate(AGENCIES)
        ],
        Agency,
        default_user=manager,
    )
    by_kind: dict[str, list[Agency]] = {}
    for agency in agencies:
        by_kind.setdefault(agency.kind, []).append(agency)

    men = list(Participant.objects.filter(organisation=organisation).order_by("pk"))
    if not men:
        # Without the participants seeder, a few men so accepted referrals exist.
        men = [
            create_participant(
                organisation=organisation,
                created_by=caseworkers[0],
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                caseworker=caseworkers[0],
                today=today,
            )
            for _ in range(8)
        ]

    referrals: list[Referral] = []
    steps: list[list[tuple]] = []  # per referral: (to_status, days after, reason)

    def source():
        kind = rng.choice(SOURCE_KINDS)
        return (rng.choice(by_kind[kind]), False) if kind else (None, True)

    # Each referral was accepted on the day his case opened (his first move).
    opened_on = dict(
        StatusChange.objects.filter(organisation=organisation)
        .values("participant_id")
        .annotate(first=Min("effective_on"))
        .values_list("participant_id", "first")
    )
    for man in men:
        agency, is_self = source()
        decided = opened_on.get(man.pk) or today - timedelta(days=rng.randint(30, 420))
        screened = decided - timedelta(days=rng.randint(1, 10))
        received = screened - timedelta(days=rng.randint(0, 6))
        referrals.append(
            Referral(
                organisation=organisation,
                agency=agency,
                is_self_referral=is_self,
                referrer_name="" if is_self else f"{rng.choice(LAST_NAMES)} (demo)",
                referrer_role="" if is_self else "Referring officer",
                received_on=received,
                received_by=rng.choice(caseworkers),
                reason=rng.choice(REASONS),
                mandate=Referral.Mandate.COURT_MANDATED
                if agency is not None and agency.kind == Agency.Kind.COURT
                else Referral.Mandate.VOLUNTARY,
                first_name=man.first_name,
                last_name=man.last_name,
                date_of_birth=man.date_of_birth,
                phone=man.phone,
                language=man.language,
                partner_known="Referrer says they have separated (demo).",
                children_known="One child at primary school (demo).",
                status=Referral.Status.ACCEPTED,
                status_changed_on=decided,
                participant=man,
            )
        )
        steps.append(
            [
                (Referral.Status.SCREENING, screened, ""),
                (Referral.Status.ACCEPTED, decided, "meets_criteria"),
            ]
        )

    # Open and closed referrals beside the accepted ones: about one in five.
    extra = max(10, len(men) // 5)
    decline_reasons = ReferralDecision.REASONS_FOR[Referral.Status.DECLINED][:-1]
    withdraw_reasons = ReferralDecision.REASONS_FOR[Referral.Status.WITHDRAWN][:-1]
    for index in range(extra):
        agency, is_self = source()
        state = [
            Referral.Status.RECEIVED,
            Referral.Status.SCREENING,
            Referral.Status.DECLINED,
            Referral.Status.WITHDRAWN,
        ][index % 4]
        # Every other open referral is past its screening limit.
        overdue = index % 8 in (0, 1)
        if state in Referral.OPEN:
            received = today - timedelta(
                days=rng.randint(10, 25) if overdue else rng.randint(0, 3)
            )
        else:
            received = today - timedelta(days=rng.randint(20, 300))
        screened = min(today, received + timedelta(days=rng.randint(0, 4)))
        decided = min(today, screened + timedelta(days=rng.randint(1, 10)))
        plan = []
        if state != Referral.Status.RECEIVED:
            plan.append((Referral.Status.SCREENING, screened, ""))
        if state == Referral.Status.DECLINED:
            plan.append((state, decided, rng.choice(decline_reasons)))
        if state == Referral.Status.WITHDRAWN:
            plan.append((state, decided, rng.choice(withdraw_reasons)))
        referrals.append(
            Referral(
                organisation=organisation,
                agency=agency,
                is_self_referral=is_self,
                referrer_name="" if is_self else f"{rng.choice(LAST_NAMES)} (demo)",
                received_on=received,
                received_by=rng.choice(caseworkers),
                reason=rng.choice(REASONS),
                mandate=Referral.Mandate.VOLUNTARY,
                first_name=rng.choice(FIRST_NAMES),
                last_name=f"{rng.choice(LAST_NAMES)}",
                phone=f"07700 900{index % 1000:03d}",
                status=state,
                status_changed_on=plan[-1][1] if plan else received,
            )
        )
        steps.append(plan)

    referrals = bulk_create_with_history(referrals, Referral, default_user=manager)
    decisions = []
    for referral, plan in zip(referrals, steps, strict=True):
        decisions.append(
            ReferralDecision(
                organisation=organisation,
                referral=referral,
                from_status="",
                to_status=Referral.Status.RECEIVED,
                decided_on=referral.received_on,
                decided_by=referral.received_by,
            )
        )
        previous = Referral.Status.RECEIVED
        for to_status, on, reason in plan:
            decisions.append(
                ReferralDecision(
                    organisation=organisation,
                    referral=referral,
                    from_status=previous,
                    to_status=to_status,
                    decided_on=on,
                    decided_by=referral.received_by,
                    reason=reason,
                )
            )
            previous = to_status
    # Append-only history rows, no audit table of their own.
    ReferralDecision.objects.bulk_create(decisions, batch_size=2000)

    _seed_onward(ctx, organisation, men, by_kind, caseworkers, partner_workers)


def _seed_onward(ctx, organisation, men, by_kind, caseworkers, partner_workers):
    rng = ctx.rng
    today = ctx.today
    onward: list[OnwardReferral] = []
    marac_count = max(2, len(men) // 20)
    child_count = max(2, len(men) // 20)
    chosen = rng.sample(men, min(len(men), marac_count + child_count))
    for index, man in enumerate(chosen):
        made_on = today - timedelta(days=rng.randint(5, 200))
        settled = made_on < today - timedelta(days=30)
        outcome = (
            rng.choice(["heard", "accepted", "no_further_action"]) if settled else ""
        )
        common = {
            "organisation": organisation,
            "participant": man,
            "made_by": rng.choice(caseworkers),
            "made_on": made_on,
            "outcome": outcome,
            "outcome_on": made_on + timedelta(days=14) if outcome else None,
        }
        if index < marac_count:
            onward.append(
                OnwardReferral(
                    kind=OnwardReferral.Kind.MARAC,
                    agency=by_kind[Agency.Kind.MARAC][0],
                    reason="High risk to his ex-partner after separation (demo).",
                    information_shared="Risk assessment summary, attendance.",
                    legal_basis=LegalBasis.VITAL_INTERESTS,
                    consent_recorded=False,
                    reason_without_consent="Asking him would raise the risk to her.",
                    marac_criterion=rng.choice(OnwardReferral.Criterion.values[1:]),
                    yes_count=rng.randint(10, 20),
                    incidents_last_12_months=rng.randint(1, 5),
                    judgement_narrative="Threats disclosed in a one-to-one (demo).",
                    **common,
                )
            )
        else:
            onward.append(
                OnwardReferral(
                    kind=OnwardReferral.Kind.CHILD_SERVICES,
                    agency=by_kind[Agency.Kind.CHILD_SERVICES][0],
                    reason="Children present during incidents (demo).",
                    information_shared="Attendance and concerns about the children.",
                    legal_basis=LegalBasis.CONSENT,
                    consent_recorded=True,
                    **common,
                )
            )
    partners = list(Partner.objects.filter(organisation=organisation)[:3])
    for partner in partners:
        onward.append(
            OnwardReferral(
                organisation=organisation,
                kind=OnwardReferral.Kind.WOMENS_SERVICE,
                partner=partner,
                agency=by_kind[Agency.Kind.WOMENS_SERVICE][0],
                reason="She asked for outreach support (demo).",
                information_shared="Her safe number and the support she asked for.",
                legal_basis=LegalBasis.CONSENT,
                consent_recorded=True,
                made_by=rng.choice(partner_workers),
                made_on=today - timedelta(days=rng.randint(1, 60)),
            )
        )
    onward = bulk_create_with_history(onward, OnwardReferral)
    shares = [
        InformationShare(
            organisation=organisation,
            participant=item.participant,
            partner=item.partner,
            agency=item.agency,
            what_shared=item.information_shared,
            legal_basis=item.legal_basis,
            consent_recorded=item.consent_recorded,
            reason_without_consent=item.reason_without_consent,
            shared_by=item.made_by,
            shared_on=item.made_on,
            onward_referral=item,
        )
        for item in onward
    ]
    # Progress letters to probation: disclosures that are not referrals.
    probation = by_kind[Agency.Kind.PROBATION][0]
    for man in rng.sample(men, min(len(men), max(3, len(men) // 10))):
        shares.append(
            InformationShare(
                organisation=organisation,
                participant=man,
                agency=probation,
                what_shared="Attendance and engagement update (demo).",
                legal_basis=LegalBasis.PUBLIC_TASK,
                consent_recorded=True,
                shared_by=rng.choice(caseworkers),
                shared_on=today - timedelta(days=rng.randint(1, 90)),
            )
        )
    bulk_create_with_history(shares, InformationShare)
