"""Demo agencies, referrals in every state, onward referrals and information shares.

Every name is invented and looks it. Each man's referral was accepted on the day
his case opened; about one referral in five more is open, declined or withdrawn.
"""

from datetime import timedelta

from demo.context import DemoContext, Man, Staff
from demo.names import FIRST_NAMES, LAST_NAMES, mobile
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
SOURCE_KINDS = [Agency.Kind.COURT] * 2 + [Agency.Kind.PROBATION] * 2
SOURCE_KINDS += [Agency.Kind.CHILD_SERVICES, Agency.Kind.POLICE, Agency.Kind.HEALTH]
SOURCE_KINDS += [None]  # self-referral
REASONS = [
    "Conviction for assault on his partner; programme requirement considered.",
    "Child-protection plan asks him to address his behaviour.",
    "Police call-outs to the home; he agreed to be referred.",
    "He asked for help after his partner left.",
    "Controlling behaviour described by the family's social worker.",
]
OPEN_STATES = [
    Referral.Status.RECEIVED,
    Referral.Status.SCREENING,
    Referral.Status.DECLINED,
    Referral.Status.WITHDRAWN,
]


def seed(ctx: DemoContext) -> None:
    """Agencies of every kind, referrals in every state, onward referrals."""
    for staff in ctx.staff:
        men = ctx.men.get(staff.organisation.pk, [])
        agencies = _agencies(ctx, staff)
        for man in men:
            _accepted(ctx, staff, agencies, man)
        for index in range(max(10, len(men) // 5)):
            _undecided(ctx, staff, agencies, index)
        if men:
            _onward(ctx, staff, agencies, men)


def _agencies(ctx: DemoContext, staff: Staff) -> dict[str, list[int]]:
    rng, by_kind = ctx.rng, {}
    for index, (kind, name) in enumerate(AGENCIES):
        pk = ctx.loader.add(
            Agency,
            history_user=staff.first("manager"),
            history_date=ctx.at(ctx.today - timedelta(weeks=150)),
            organisation_id=staff.organisation.pk,
            kind=kind,
            name=name,
            contact_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            phone=f"01632 960{index:03d}",
            email=f"referrals{index}@agency.demo.example.org",
            address=f"{index + 1} Sample Street, Demotown",
            notes="Fictional agency for demonstration.",
        )
        by_kind.setdefault(kind, []).append(pk)
    return by_kind


def _source(rng, agencies):
    kind = rng.choice(SOURCE_KINDS)
    return (rng.choice(agencies[kind]), kind) if kind else (None, None)


def _accepted(ctx: DemoContext, staff: Staff, agencies, man: Man) -> None:
    rng = ctx.rng
    agency, kind = _source(rng, agencies)
    decided = man.moves[0][1] if man.moves else man.referred_on
    screened = decided - timedelta(days=rng.randint(1, 10))
    received = screened - timedelta(days=rng.randint(0, 6))
    _referral(
        ctx,
        staff,
        plan=[
            (Referral.Status.SCREENING, screened, ""),
            (Referral.Status.ACCEPTED, decided, "meets_criteria"),
        ],
        agency_id=agency,
        is_self_referral=agency is None,
        referrer_name="" if agency is None else f"{rng.choice(LAST_NAMES)} (demo)",
        referrer_role="" if agency is None else "Referring officer",
        received_on=received,
        received_by_id=rng.choice(staff.ids("caseworker")),
        reason=rng.choice(REASONS),
        mandate=Referral.Mandate.COURT_MANDATED
        if kind == Agency.Kind.COURT
        else Referral.Mandate.VOLUNTARY,
        first_name=man.first_name,
        last_name=man.last_name,
        date_of_birth=man.date_of_birth,
        phone=man.phone,
        language=man.language,
        partner_known="Referrer says they have separated (demo).",
        children_known="One child at primary school (demo).",
        participant_id=man.id,
    )


def _undecided(ctx: DemoContext, staff: Staff, agencies, index: int) -> None:
    """Open and closed referrals beside the accepted ones; every other open one is
    past its screening limit."""
    rng, today = ctx.rng, ctx.today
    agency, _kind = _source(rng, agencies)
    state = OPEN_STATES[index % 4]
    overdue = index % 8 in (0, 1)
    if state in Referral.OPEN:
        days = rng.randint(10, 25) if overdue else rng.randint(0, 3)
    else:
        days = rng.randint(20, 300)
    received = today - timedelta(days=days)
    screened = min(today, received + timedelta(days=rng.randint(0, 4)))
    decided = min(today, screened + timedelta(days=rng.randint(1, 10)))
    plan = []
    if state != Referral.Status.RECEIVED:
        plan.append((Referral.Status.SCREENING, screened, ""))
    if state in (Referral.Status.DECLINED, Referral.Status.WITHDRAWN):
        reasons = ReferralDecision.REASONS_FOR[state][:-1]
        plan.append((state, decided, rng.choice(reasons)))
    _referral(
        ctx,
        staff,
        plan=plan,
        agency_id=agency,
        is_self_referral=agency is None,
        referrer_name="" if agency is None else f"{rng.choice(LAST_NAMES)} (demo)",
        received_on=received,
        received_by_id=rng.choice(staff.ids("caseworker")),
        reason=rng.choice(REASONS),
        mandate=Referral.Mandate.VOLUNTARY,
        first_name=rng.choice(FIRST_NAMES),
        last_name=rng.choice(LAST_NAMES),
        phone=mobile(index),
    )


def _referral(ctx: DemoContext, staff: Staff, *, plan, **values) -> None:
    """A referral with one decision row per move, from its receipt on."""
    loader, org = ctx.loader, staff.organisation.pk
    received_on, by = values["received_on"], values["received_by_id"]
    last = plan[-1] if plan else (Referral.Status.RECEIVED, received_on, "")
    pk = loader.add(
        Referral,
        history_user=by,
        organisation_id=org,
        status=last[0],
        status_changed_on=last[1],
        created_at=ctx.during(received_on),
        updated_at=ctx.during(last[1]),
        **values,
    )
    previous = ""
    for to_status, on, reason in [(Referral.Status.RECEIVED, received_on, "")] + plan:
        loader.add(
            ReferralDecision,
            organisation_id=org,
            referral_id=pk,
            from_status=previous,
            to_status=to_status,
            decided_on=on,
            decided_by_id=by,
            reason=reason,
            created_at=ctx.at(on, 14),
        )
        previous = to_status


def _onward(ctx: DemoContext, staff: Staff, agencies, men: list[Man]) -> None:
    """MARAC and child-services referrals, women's-service referrals for three
    women, and the information shares that go with them and with probation."""
    rng, today = ctx.rng, ctx.today
    org, caseworkers = staff.organisation.pk, staff.ids("caseworker")
    marac_count = child_count = max(2, len(men) // 20)
    chosen = rng.sample(men, min(len(men), marac_count + child_count))
    for index, man in enumerate(chosen):
        made_on = today - timedelta(days=rng.randint(5, 200))
        settled = made_on < today - timedelta(days=30)
        outcome = (
            rng.choice(["heard", "accepted", "no_further_action"]) if settled else ""
        )
        common = {
            "participant_id": man.id,
            "made_by_id": rng.choice(caseworkers),
            "made_on": made_on,
            "outcome": outcome,
            "outcome_on": made_on + timedelta(days=14) if outcome else None,
        }
        if index < marac_count:
            _onward_referral(
                ctx,
                org,
                kind=OnwardReferral.Kind.MARAC,
                agency_id=agencies[Agency.Kind.MARAC][0],
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
        else:
            _onward_referral(
                ctx,
                org,
                kind=OnwardReferral.Kind.CHILD_SERVICES,
                agency_id=agencies[Agency.Kind.CHILD_SERVICES][0],
                reason="Children present during incidents (demo).",
                information_shared="Attendance and concerns about the children.",
                legal_basis=LegalBasis.CONSENT,
                consent_recorded=True,
                **common,
            )
    # The organisation's first three women (by key), from what the partners step
    # noted: a query here waited for every row queued before it, once per
    # organisation (at 500 organisations the step took 23 times its time at 50).
    women = sorted({woman for man in men for woman, _worker in man.women})
    for partner in women[:3]:
        _onward_referral(
            ctx,
            org,
            kind=OnwardReferral.Kind.WOMENS_SERVICE,
            partner_id=partner,
            agency_id=agencies[Agency.Kind.WOMENS_SERVICE][0],
            reason="She asked for outreach support (demo).",
            information_shared="Her safe number and the support she asked for.",
            legal_basis=LegalBasis.CONSENT,
            consent_recorded=True,
            made_by_id=rng.choice(staff.ids("partner_support")),
            made_on=today - timedelta(days=rng.randint(1, 60)),
        )
    # Progress letters to probation: disclosures that are not referrals.
    for man in rng.sample(men, min(len(men), max(3, len(men) // 10))):
        _share(
            ctx,
            org,
            participant_id=man.id,
            agency_id=agencies[Agency.Kind.PROBATION][0],
            what_shared="Attendance and engagement update (demo).",
            legal_basis=LegalBasis.PUBLIC_TASK,
            consent_recorded=True,
            shared_by_id=rng.choice(caseworkers),
            shared_on=today - timedelta(days=rng.randint(1, 90)),
        )


def _onward_referral(ctx: DemoContext, org: int, **values) -> None:
    made = ctx.during(values["made_on"])
    pk = ctx.loader.add(
        OnwardReferral,
        history_user=values["made_by_id"],
        organisation_id=org,
        created_at=made,
        **values,
    )
    _share(
        ctx,
        org,
        participant_id=values.get("participant_id"),
        partner_id=values.get("partner_id"),
        agency_id=values["agency_id"],
        what_shared=values["information_shared"],
        legal_basis=values["legal_basis"],
        consent_recorded=values["consent_recorded"],
        reason_without_consent=values.get("reason_without_consent", ""),
        shared_by_id=values["made_by_id"],
        shared_on=values["made_on"],
        onward_referral_id=pk,
    )


def _share(ctx: DemoContext, org: int, **values) -> None:
    ctx.loader.add(
        InformationShare,
        history_user=values["shared_by_id"],
        organisation_id=org,
        created_at=ctx.during(values["shared_on"]),
        **values,
    )
