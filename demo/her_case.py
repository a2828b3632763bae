"""Demo data of her own case (issue 16): statuses read from each woman's log,
the moves that led there for the first women of each organisation, a few risk
checklists (some over the conference threshold) and safety plans in sections.

Rows only, through the bulk loader: the risk step's detectors then find the
conference flags on the men's side (risk.rules.marac_criteria), as they would
after a worker completed the checklists.
"""

from datetime import date, timedelta

from demo.context import DemoContext
from participants.models import RiskLevel
from partner_contact.case_lifecycle import PartnerStatus
from partner_contact.models import (
    ChecklistVersion,
    PartnerChecklist,
    PartnerChecklistAnswer,
    PartnerStatusChange,
)

# Women of each organisation whose moves and checklists are written out in full;
# the others get their status only, as the migration gave existing records.
DETAILED = 30

PLANS = [
    {
        "safe_contacts": "Her sister (code name 'Aunt May'); the helpline (demo).",
        "safe_places": "The library on the high street; her mother's (demo).",
        "emergency": "Call 999; the children know to go to the neighbour at "
        "number 3 (demo).",
        "children": "The school knows who may collect them.",
        "digital": "Location sharing off; a new e-mail address he does not know.",
        "money_documents": "Passports and bank cards in a bag at a friend's (demo).",
    },
    {
        "safe_contacts": "Her friend from work; the women's service (demo).",
        "emergency": "Agreed word with her sister means 'call the police'.",
        "digital": "Phone checked for tracking apps at the last visit.",
    },
]


def shipped_checklist():
    """The active checklist version and its questions, read once per seed."""
    version = ChecklistVersion.objects.filter(is_active=True).first()
    return version, list(version.questions.all()) if version else []


def status_for(number: int, summary: dict, do_not_contact: bool) -> str:
    """Where her case stands, from her log and a little variety."""
    if do_not_contact:
        return PartnerStatus.DECLINED
    if summary.get("last_reached_at"):
        if number % 13 == 6:
            return PartnerStatus.CLOSED
        return PartnerStatus.ENGAGED if number % 3 == 0 else PartnerStatus.IN_CONTACT
    if summary.get("last_contact_at"):
        failed = summary.get("failed_attempts", 0)
        return (
            PartnerStatus.NOT_REACHABLE
            if failed >= 3
            else PartnerStatus.CONTACT_PENDING
        )
    return PartnerStatus.IDENTIFIED


# The moves that lead to each status from "identified", with their reasons.
PATHS = {
    PartnerStatus.IDENTIFIED: [],
    PartnerStatus.CONTACT_PENDING: [(PartnerStatus.CONTACT_PENDING, "first_attempt")],
    PartnerStatus.NOT_REACHABLE: [
        (PartnerStatus.CONTACT_PENDING, "first_attempt"),
        (PartnerStatus.NOT_REACHABLE, "no_answer"),
    ],
    PartnerStatus.IN_CONTACT: [(PartnerStatus.IN_CONTACT, "first_conversation")],
    PartnerStatus.ENGAGED: [
        (PartnerStatus.IN_CONTACT, "first_conversation"),
        (PartnerStatus.ENGAGED, "safety_planning"),
    ],
    PartnerStatus.DECLINED: [(PartnerStatus.DECLINED, "no_support_wanted")],
    PartnerStatus.CLOSED: [
        (PartnerStatus.IN_CONTACT, "first_conversation"),
        (PartnerStatus.CLOSED, "support_completed"),
    ],
}


def add_moves(ctx: DemoContext, *, partner, organisation_id, worker, status, since):
    """Her status's moves, a few weeks apart, the last one on `since`."""
    steps = PATHS[status]
    current = PartnerStatus.IDENTIFIED
    for index, (to_status, reason) in enumerate(steps):
        day = since - timedelta(days=14 * (len(steps) - 1 - index))
        ctx.loader.add(
            PartnerStatusChange,
            history_user=worker,
            organisation_id=organisation_id,
            partner_id=partner,
            from_status=current,
            to_status=to_status,
            reason=reason,
            note="",
            effective_on=day,
            actor_id=worker,
            created_at=ctx.during(day),
        )
        current = to_status


def add_checklist(
    ctx: DemoContext, *, checklist, partner, organisation_id, worker, yes, on: date
):
    """A checklist with `yes` "yes" answers (the rest "no" or "not asked")."""
    version, questions = checklist
    level = version.level_for(yes)
    pk = ctx.loader.add(
        PartnerChecklist,
        history_user=worker,
        organisation_id=organisation_id,
        partner_id=partner,
        version_id=version.pk,
        completed_on=on,
        completed_by_id=worker,
        yes_count=yes,
        dont_know_count=0,
        not_asked_count=2 if yes < 20 else 0,
        computed_level=level,
        judgement_level="",
        judgement_reason="",
        level=level,
        meets_conference_criteria=yes >= version.conference_from
        or level == RiskLevel.HIGH,
        notes="Completed by phone at her safe time (demo).",
        created_at=ctx.during(on),
    )
    for index, question in enumerate(questions):
        if index < yes:
            answer = "yes"
        elif index >= len(questions) - 2 and yes < 20:
            answer = "not_asked"
        else:
            answer = "no"
        ctx.loader.add(
            PartnerChecklistAnswer,
            checklist_id=pk,
            question_id=question.pk,
            answer=answer,
        )
