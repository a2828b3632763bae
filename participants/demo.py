"""Demo men in every lifecycle state, with children, notes and status histories.

Every name is invented and looks it; phone numbers are in the range set aside
for drama (07700 900xxx). Bulk inserts keep `seed_demo --participants 5000` fast.
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from simple_history.utils import bulk_create_with_history

from accounts.demo import FIRST_NAMES, LAST_NAMES, DemoContext
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
# The road each state is reached by, from the referral on.
PATHS = {
    S.REFERRED: [],
    S.CONTACT_PENDING: [S.CONTACT_PENDING],
    S.ASSESSMENT: [S.CONTACT_PENDING, S.ASSESSMENT],
    S.NOT_SUITABLE: [S.CONTACT_PENDING, S.ASSESSMENT, S.NOT_SUITABLE],
    S.WAITING_LIST: [S.CONTACT_PENDING, S.ASSESSMENT, S.WAITING_LIST],
    S.ACTIVE: [S.CONTACT_PENDING, S.ASSESSMENT, S.WAITING_LIST, S.ACTIVE],
    S.SUSPENDED: [S.CONTACT_PENDING, S.ASSESSMENT, S.ACTIVE, S.SUSPENDED],
    S.COMPLETED: [S.CONTACT_PENDING, S.ASSESSMENT, S.ACTIVE, S.COMPLETED],
    S.DROPPED_OUT: [S.CONTACT_PENDING, S.ASSESSMENT, S.ACTIVE, S.DROPPED_OUT],
    S.EXCLUDED: [S.CONTACT_PENDING, S.ASSESSMENT, S.ACTIVE, S.EXCLUDED],
    S.TRANSFERRED: [S.CONTACT_PENDING, S.ASSESSMENT, S.ACTIVE, S.TRANSFERRED],
    S.MOVED_AWAY: [S.CONTACT_PENDING, S.ASSESSMENT, S.ACTIVE, S.MOVED_AWAY],
    S.FOLLOW_UP: [S.CONTACT_PENDING, S.ASSESSMENT, S.ACTIVE, S.COMPLETED, S.FOLLOW_UP],
    S.CLOSED: [
        S.CONTACT_PENDING,
        S.ASSESSMENT,
        S.ACTIVE,
        S.COMPLETED,
        S.FOLLOW_UP,
        S.CLOSED,
    ],
}
ORDINARY_MOVES = (
    S.CONTACT_PENDING,
    S.ASSESSMENT,
    S.WAITING_LIST,
    S.ACTIVE,
    S.FOLLOW_UP,
)
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


def _timing(ctx: DemoContext, status: str) -> tuple[date, date | None]:
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


def _path_dates(ctx, status, started, ended) -> list[tuple[str, date]]:
    """Dates of each move on his road, in order, consistent with his programme."""
    path = PATHS[status]
    started_programme = S.ACTIVE in path
    before = [
        s
        for s in path
        if s not in lifecycle.EXIT_STATUSES
        and s not in (S.ACTIVE, S.SUSPENDED, S.FOLLOW_UP, S.CLOSED)
    ]
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
    statuses = [status for status, share in SHARES for _ in range(share)]
    for organisation in ctx.organisations:
        caseworkers = ctx.users(organisation, "caseworker")
        managers = ctx.users(organisation, "manager")
        men, plans = [], []
        year = ctx.today.year % 100
        for n in range(ctx.participants_per_organisation):
            # Every state once first, then spread by the shares (37 is prime to 100).
            status = SHARES[n][0] if n < len(SHARES) else statuses[(n * 37) % 100]
            started, ended = _timing(ctx, status)
            moves = _path_dates(ctx, status, started, ended)
            referred_on = (moves[0][1] if moves else started) - timedelta(days=10)
            consent = ctx.rng.random() < 0.8
            men.append(
                Participant(
                    organisation=organisation,
                    reference=f"P{year:02d}-{n + 1:05d}",
                    first_name=ctx.rng.choice(FIRST_NAMES),
                    last_name=ctx.rng.choice(LAST_NAMES),
                    date_of_birth=date(ctx.rng.randint(1968, 2003), 1, 1)
                    + timedelta(days=ctx.rng.randint(0, 364)),
                    phone=f"07700 900{n % 1000:03d}",
                    language=(language := ctx.rng.choice(LANGUAGES)),
                    interpreter_needed=language != "English" and ctx.rng.random() < 0.6,
                    consents_to_partner_contact=consent,
                    consents_to_information_sharing=consent,
                    consent_recorded_on=referred_on if consent else None,
                    caseworker=caseworkers[n % len(caseworkers)],
                    status=status,
                    status_changed_on=moves[-1][1] if moves else referred_on,
                    follow_up_until=(
                        moves[-1][1] + relativedelta(months=lifecycle.FOLLOW_UP_MONTHS)
                        if status == S.FOLLOW_UP
                        else None
                    ),
                )
            )
            plans.append((moves, referred_on))
        men = bulk_create_with_history(
            men, Participant, batch_size=1000, default_user=caseworkers[0]
        )
        men = list(
            Participant.objects.filter(organisation=organisation)
            .select_related("caseworker")
            .order_by("pk")
        )
        changes, children, notes = [], [], []
        for man, (moves, _) in zip(men, plans, strict=True):
            previous = S.REFERRED
            for target, day in moves:
                reasons = lifecycle.reasons_for(target)
                # The ordinary reason on the way in; a varied one for endings.
                reason = (
                    reasons[0][0]
                    if target in ORDINARY_MOVES
                    else ctx.rng.choice(reasons)[0]
                )
                needs = lifecycle.needs_approval(target)
                changes.append(
                    StatusChange(
                        organisation=organisation,
                        participant=man,
                        from_status=previous,
                        to_status=target,
                        effective_on=day,
                        reason=reason,
                        changed_by=man.caseworker,
                        approval=(
                            StatusChange.Approval.APPROVED
                            if needs
                            else StatusChange.Approval.NOT_NEEDED
                        ),
                        decided_by=managers[0] if needs else None,
                    )
                )
                previous = target
            for c in range(ctx.rng.choice([0, 0, 1, 1, 2])):
                born = ctx.today.year - ctx.rng.randint(1, 15)
                children.append(
                    Child(
                        organisation=organisation,
                        participant=man,
                        name=f"Child {'ABCD'[c]}. (demo)",
                        birth_year=born,
                        lives_with_participant=ctx.rng.random() < 0.3,
                        protection_status=ctx.rng.choice(Child.ProtectionStatus.values),
                        contact_arrangements="Supervised contact at a family centre"
                        if ctx.rng.random() < 0.4
                        else "",
                        social_worker_agency="Children's Services (demo)"
                        if ctx.rng.random() < 0.4
                        else "",
                    )
                )
            for k in range(ctx.rng.randint(0, 3)):
                notes.append(
                    CaseNote(
                        organisation=organisation,
                        participant=man,
                        author=man.caseworker,
                        kind=ctx.rng.choice(CaseNote.Kind.values),
                        occurred_on=min(
                            ctx.today, man.status_changed_on + timedelta(days=k * 9)
                        ),
                        body=ctx.rng.choice(NOTES),
                    )
                )
        StatusChange.objects.bulk_create(changes, batch_size=2000)
        bulk_create_with_history(children, Child, batch_size=1000)
        bulk_create_with_history(notes, CaseNote, batch_size=1000)
        _seed_work_in_progress(ctx, organisation, men, managers, caseworkers)


def _seed_work_in_progress(ctx, organisation, men, managers, caseworkers) -> None:
    """A pending exclusion for the manager, and a draft for the caseworker."""
    active = [m for m in men if m.status == S.ACTIVE]
    if not active:
        return
    man = active[0]
    StatusChange.objects.create(
        organisation=organisation,
        participant=man,
        from_status=S.ACTIVE,
        to_status=S.EXCLUDED,
        effective_on=ctx.today,
        reason="breach_of_agreement",
        note="Threatening remarks to another group member (demo).",
        changed_by=man.caseworker,
        approval=StatusChange.Approval.PENDING,
    )
    CaseNoteDraft.objects.create(
        organisation=organisation,
        participant=active[-1],
        author=active[-1].caseworker or caseworkers[0],
        kind=CaseNote.Kind.PHONE,
        body="Started writing after his call: he asked about the (demo) ...",
    )
