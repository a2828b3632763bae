"""Demo men in every lifecycle state, with children, notes and status histories.

Each man's road (his moves and their dates), his programme dates and the plan of
his risk assessments are decided here and kept in memory (`demo.context.Man`) for
the later steps. His history starts as he is after his latest move; the risk step
adds a row when his assessment sets his level.
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from demo.context import DemoContext, Man, Staff
from demo.names import FIRST_NAMES, LAST_NAMES, mobile
from participants import lifecycle
from participants.models import (
    CaseNote,
    CaseNoteDraft,
    Child,
    Participant,
    StatusChange,
)

S = Participant.Status

# How many men of a hundred are in each state.
SHARES = [
    (S.REFERRED, 5),
    (S.CONTACT_PENDING, 4),
    (S.ASSESSMENT, 6),
    (S.NOT_SUITABLE, 3),
    (S.WAITING_LIST, 8),
    (S.ACTIVE, 40),
    (S.SUSPENDED, 4),
    (S.COMPLETED, 8),
    (S.DROPPED_OUT, 6),
    (S.EXCLUDED, 3),
    (S.TRANSFERRED, 2),
    (S.MOVED_AWAY, 2),
    (S.FOLLOW_UP, 5),
    (S.CLOSED, 4),
]
STATUSES = [status for status, share in SHARES for _ in range(share)]
_BEFORE = [S.CONTACT_PENDING, S.ASSESSMENT]
# The road each state is reached by, from the referral on.
PATHS = {
    S.REFERRED: [],
    S.CONTACT_PENDING: [S.CONTACT_PENDING],
    S.ASSESSMENT: _BEFORE,
    S.NOT_SUITABLE: [*_BEFORE, S.NOT_SUITABLE],
    S.WAITING_LIST: [*_BEFORE, S.WAITING_LIST],
    S.ACTIVE: [*_BEFORE, S.WAITING_LIST, S.ACTIVE],
    S.SUSPENDED: [*_BEFORE, S.ACTIVE, S.SUSPENDED],
    S.COMPLETED: [*_BEFORE, S.ACTIVE, S.COMPLETED],
    S.DROPPED_OUT: [*_BEFORE, S.ACTIVE, S.DROPPED_OUT],
    S.EXCLUDED: [*_BEFORE, S.ACTIVE, S.EXCLUDED],
    S.TRANSFERRED: [*_BEFORE, S.ACTIVE, S.TRANSFERRED],
    S.MOVED_AWAY: [*_BEFORE, S.ACTIVE, S.MOVED_AWAY],
    S.FOLLOW_UP: [*_BEFORE, S.ACTIVE, S.COMPLETED, S.FOLLOW_UP],
    S.CLOSED: [*_BEFORE, S.ACTIVE, S.COMPLETED, S.FOLLOW_UP, S.CLOSED],
}
ORDINARY_MOVES = (S.CONTACT_PENDING, S.ASSESSMENT, S.WAITING_LIST, S.ACTIVE)
ORDINARY_MOVES += (S.FOLLOW_UP,)
LATER = (S.ACTIVE, S.SUSPENDED, S.FOLLOW_UP, S.CLOSED)
NOTES = [
    "Talked through the week. He used his time-out plan twice.",
    "Phone call to rearrange the one-to-one; he was polite and on time.",
    "Discussed the impact on the children; he found it hard to listen.",
    "Reviewed his safety plan commitments; no new concerns raised.",
    "Professionals' meeting with children's services (fictional agency).",
]
LANGUAGES = ["English"] * 8 + ["Polish", "Urdu"]


def _weeks(n: int) -> timedelta:
    return timedelta(weeks=n)


def timing(ctx: DemoContext, status: str) -> tuple[date, date | None]:
    """When he started the programme (or would) and when he left it."""
    rng, today = ctx.rng, ctx.today
    if status in (S.ACTIVE, S.SUSPENDED):
        return today - _weeks(rng.randint(1, 18)), None
    if status in (S.FOLLOW_UP, S.CLOSED):
        start = today - _weeks(rng.randint(49, 60))
        return start, start + _weeks(22)
    if status in lifecycle.EXIT_STATUSES:
        start = today - _weeks(rng.randint(44, 60))
        length = 22 if status == S.COMPLETED else rng.randint(3, 15)
        return start, start + _weeks(length)
    return today - timedelta(days=rng.randint(3, 40)), None


def path_dates(ctx, status, started, ended) -> list[tuple[str, date]]:
    """Dates of each move on his road, in order, consistent with his programme."""
    path = PATHS[status]
    started_programme = S.ACTIVE in path
    before = [s for s in path if s not in lifecycle.EXIT_STATUSES and s not in LATER]
    moves = []
    for target in path:
        if target in before:
            i = before.index(target)
            if started_programme:
                day = started - _weeks(2 * (len(before) - i))
            else:
                day = started + timedelta(days=4 * i)
        elif target == S.ACTIVE:
            day = started
        elif target == S.SUSPENDED:
            day = started + timedelta(days=ctx.rng.randint(7, 20))
        elif target in lifecycle.EXIT_STATUSES:
            day = ended
        elif target == S.FOLLOW_UP:
            day = ended + timedelta(days=7)
        else:  # closed, after the follow-up window
            day = ended + relativedelta(months=lifecycle.FOLLOW_UP_MONTHS, days=7)
        moves.append((target, min(day, ctx.today)))
    return moves


def seed(ctx: DemoContext) -> None:
    """Men in every state for each organisation, with their case records."""
    for staff in ctx.staff:
        men = [_man(ctx, staff, n) for n in range(ctx.participants_per_organisation)]
        ctx.men[staff.organisation.pk] = men
        for man in men:
            _moves(ctx, staff, man)
            _children_and_notes(ctx, man)
        _work_in_progress(ctx, staff, men)


def _man(ctx: DemoContext, staff: Staff, n: int) -> Man:
    rng = ctx.rng
    # Every state once first, then spread by the shares (37 is prime to 100).
    status = SHARES[n][0] if n < len(SHARES) else STATUSES[(n * 37) % 100]
    started, ended = timing(ctx, status)
    moves = path_dates(ctx, status, started, ended)
    referred_on = (moves[0][1] if moves else started) - timedelta(days=10)
    caseworkers = staff.ids("caseworker")
    man = Man(
        id=0,
        organisation_id=staff.organisation.pk,
        status=status,
        caseworker_id=caseworkers[n % len(caseworkers)],
        first_name=rng.choice(FIRST_NAMES),
        last_name=rng.choice(LAST_NAMES),
        date_of_birth=date(rng.randint(1968, 2003), 1, 1)
        + timedelta(days=rng.randint(0, 364)),
        phone=mobile(n),
        language=rng.choice(LANGUAGES),
        referred_on=referred_on,
        moves=moves,
        started=started if S.ACTIVE in PATHS[status] else None,
        ended=ended if S.ACTIVE in PATHS[status] else None,
    )
    consent = rng.random() < 0.8
    changed_on = moves[-1][1] if moves else referred_on
    values = {
        "organisation_id": man.organisation_id,
        "reference": f"P{ctx.today.year % 100:02d}-{n + 1:05d}",
        "first_name": man.first_name,
        "last_name": man.last_name,
        "date_of_birth": man.date_of_birth,
        "phone": man.phone,
        "language": man.language,
        "interpreter_needed": man.language != "English" and rng.random() < 0.6,
        "consents_to_partner_contact": consent,
        "consents_to_information_sharing": consent,
        "consent_recorded_on": referred_on if consent else None,
        "caseworker_id": man.caseworker_id,
        "created_at": ctx.during(referred_on),
    }
    man.id = ctx.loader.add(
        Participant,
        history_user=man.caseworker_id,
        status=status,
        status_changed_on=changed_on,
        follow_up_until=(
            changed_on + relativedelta(months=lifecycle.FOLLOW_UP_MONTHS)
            if status == S.FOLLOW_UP
            else None
        ),
        updated_at=ctx.during(changed_on),
        **values,
    )
    return man


def _moves(ctx: DemoContext, staff: Staff, man: Man) -> None:
    previous = S.REFERRED
    for target, day in man.moves:
        reasons = lifecycle.reasons_for(target)
        # The ordinary reason on the way in; a varied one for endings.
        reason = (
            reasons[0][0] if target in ORDINARY_MOVES else ctx.rng.choice(reasons)[0]
        )
        needs = lifecycle.needs_approval(target)
        if target in lifecycle.EXIT_STATUSES:
            man.exit_status, man.exit_reason = target, reason
        ctx.loader.add(
            StatusChange,
            organisation_id=man.organisation_id,
            participant_id=man.id,
            from_status=previous,
            to_status=target,
            effective_on=day,
            reason=reason,
            changed_by_id=man.caseworker_id,
            approval=StatusChange.Approval.APPROVED
            if needs
            else StatusChange.Approval.NOT_NEEDED,
            decided_by_id=staff.first("manager") if needs else None,
            decided_at=ctx.at(day, 16) if needs else None,
            created_at=ctx.at(day, 11),
        )
        previous = target


def _children_and_notes(ctx: DemoContext, man: Man) -> None:
    rng, loader = ctx.rng, ctx.loader
    opened = ctx.during(man.referred_on)
    for c in range(rng.choice([0, 0, 1, 1, 2])):
        loader.add(
            Child,
            history_user=man.caseworker_id,
            organisation_id=man.organisation_id,
            participant_id=man.id,
            name=f"Child {'ABCD'[c]}. (demo)",
            birth_year=ctx.today.year - rng.randint(1, 15),
            lives_with_participant=rng.random() < 0.3,
            protection_status=rng.choice(Child.ProtectionStatus.values),
            contact_arrangements="Supervised contact at a family centre"
            if rng.random() < 0.4
            else "",
            social_worker_agency="Children's Services (demo)"
            if rng.random() < 0.4
            else "",
            created_at=opened,
        )
    last = man.moves[-1][1] if man.moves else man.referred_on
    for k in range(rng.randint(0, 3)):
        day = min(ctx.today, last + timedelta(days=k * 9))
        loader.add(
            CaseNote,
            history_user=man.caseworker_id,
            organisation_id=man.organisation_id,
            participant_id=man.id,
            author_id=man.caseworker_id,
            kind=rng.choice(CaseNote.Kind.values),
            occurred_on=day,
            body=rng.choice(NOTES),
            created_at=ctx.at(day, 17),
        )


def _work_in_progress(ctx: DemoContext, staff: Staff, men: list[Man]) -> None:
    """A pending exclusion for the manager, and a draft for the caseworker."""
    active = [m for m in men if m.status == S.ACTIVE]
    if not active:
        return
    man = active[0]
    ctx.loader.add(
        StatusChange,
        organisation_id=man.organisation_id,
        participant_id=man.id,
        from_status=S.ACTIVE,
        to_status=S.EXCLUDED,
        effective_on=ctx.today,
        reason="breach_of_agreement",
        note="Threatening remarks to another group member (demo).",
        changed_by_id=man.caseworker_id,
        approval=StatusChange.Approval.PENDING,
        created_at=ctx.now - timedelta(hours=3),
    )
    ctx.loader.add(
        CaseNoteDraft,
        organisation_id=man.organisation_id,
        participant_id=active[-1].id,
        author_id=active[-1].caseworker_id,
        kind=CaseNote.Kind.PHONE,
        body="Started writing after his call: he asked about the (demo) ...",
        updated_at=ctx.now - timedelta(minutes=40),
    )
