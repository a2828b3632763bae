"""Writes on her own case: status moves, her checklist, her safety plan, children.

Services of the woman's own case (DESIGN.md section 8), beside the contact and
plan services of `partner_contact.services`. Each is one transaction.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from participants.models import Child, RiskLevel
from partner_contact import case_lifecycle, signals
from partner_contact.case_lifecycle import PartnerStatus
from partner_contact.models import (
    SAFETY_PLAN_SECTIONS,
    ChecklistAnswer,
    ChecklistVersion,
    ChildLink,
    Partner,
    PartnerChecklist,
    PartnerChecklistAnswer,
    PartnerContact,
    PartnerStatusChange,
    SafetyPlan,
)

LEVEL_RANK = {
    RiskLevel.NOT_ASSESSED: 0,
    RiskLevel.STANDARD: 1,
    RiskLevel.MEDIUM: 2,
    RiskLevel.HIGH: 3,
}


# Status ------------------------------------------------------------------------


@transaction.atomic
def move_partner(
    *,
    partner: Partner,
    to_status: str,
    reason: str,
    actor: User,
    effective_on: date | None = None,
    note: str = "",
) -> PartnerStatusChange:
    """Move her case to another status, with a reason from the move's list.

    The only code that changes `Partner.status`; every move is kept as a
    PartnerStatusChange. Closure needs a reason (every move does), and the
    reason "other" needs a note.
    """
    today = timezone.localdate()
    effective_on = effective_on or today
    # Lock her row: two workers moving her at once must not both succeed.
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    partner.refuse_if_restricted()
    if to_status not in case_lifecycle.allowed_moves(partner.status):
        raise ValidationError(
            _("Her case cannot move from “%(from)s” to “%(to)s”.")
            % {
                "from": PartnerStatus(partner.status).label,
                "to": PartnerStatus(to_status).label
                if to_status in PartnerStatus.values
                else to_status,
            }
        )
    if reason not in dict(case_lifecycle.reasons_for(to_status)):
        raise ValidationError(_("Choose a reason from the list for this move."))
    if (to_status, reason) in case_lifecycle.NOTE_REQUIRED and not note.strip():
        raise ValidationError(_("Say in the note why her case is closed."))
    if effective_on > today:
        raise ValidationError(_("A move cannot take effect in the future."))
    if partner.status_changed_on and effective_on < partner.status_changed_on:
        raise ValidationError(
            _("A move cannot take effect before her last move (%(date)s).")
            % {"date": f"{partner.status_changed_on:%d %b %Y}"}
        )
    change = PartnerStatusChange.objects.create(
        organisation_id=partner.organisation_id,
        partner=partner,
        from_status=partner.status,
        to_status=to_status,
        reason=reason,
        note=note.strip(),
        effective_on=effective_on,
        actor=actor,
    )
    # An update, not save(): her record's history would gain a row per move,
    # which the moves already are.
    Partner.objects.filter(pk=partner.pk).update(
        status=to_status, status_changed_on=effective_on
    )
    return change


# What a contact says moves her case on its own, so her status never lags her
# log: the first attempt makes contact pending, reaching her makes her in
# contact. Nothing else moves without a worker.
AUTOMATIC_MOVES = {
    False: {PartnerStatus.IDENTIFIED: (PartnerStatus.CONTACT_PENDING, "first_attempt")},
    True: {
        PartnerStatus.IDENTIFIED: (PartnerStatus.IN_CONTACT, "first_conversation"),
        PartnerStatus.CONTACT_PENDING: (
            PartnerStatus.IN_CONTACT,
            "first_conversation",
        ),
        PartnerStatus.NOT_REACHABLE: (PartnerStatus.IN_CONTACT, "she_got_in_touch"),
    },
}


def follow_contact(*, partner: Partner, contact: PartnerContact, actor: User) -> None:
    """Move her case as a newly logged contact says (AUTOMATIC_MOVES), if at all."""
    # Her row as it stands now: the caller's copy may predate an earlier move.
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    move = AUTOMATIC_MOVES[contact.contact_made].get(partner.status)
    if move is None or contact.outcome == PartnerContact.Outcome.DECLINED:
        return
    effective_on = timezone.localdate(contact.occurred_at)
    if partner.status_changed_on and effective_on < partner.status_changed_on:
        effective_on = partner.status_changed_on
    move_partner(
        partner=partner,
        to_status=move[0],
        reason=move[1],
        actor=actor,
        effective_on=effective_on,
    )


# Her risk checklist -----------------------------------------------------------


def active_checklist() -> ChecklistVersion:
    """The checklist version offered for new checklists."""
    version = (
        ChecklistVersion.objects.filter(is_active=True)
        .prefetch_related("questions")
        .order_by("code")
        .first()
    )
    if version is None:
        raise ValidationError(_("No risk checklist is set up."))
    return version


def judged_level(
    *, computed: str, judgement_level: str, judgement_reason: str
) -> tuple[str, str]:
    """The judgement to store: it may raise the computed level, never lower it,
    and needs a reason; one equal to the computed level is no judgement."""
    if not judgement_level or judgement_level == computed:
        return "", ""
    if LEVEL_RANK[judgement_level] < LEVEL_RANK[computed]:
        raise ValidationError(
            _("Professional judgement may raise her level, never lower it.")
        )
    if not judgement_reason.strip():
        raise ValidationError(_("Give the reason for raising her level."))
    return judgement_level, judgement_reason.strip()


@transaction.atomic
def complete_checklist(
    *,
    partner: Partner,
    version: ChecklistVersion,
    answers: dict[str, str],
    completed_on: date,
    actor: User,
    judgement_level: str = "",
    judgement_reason: str = "",
    notes: str = "",
) -> PartnerChecklist:
    """Record her checklist: count the answers, set her level, and when it meets
    the conference criteria tell the programme that it does (and nothing else),
    through `signals.partner_conference_criteria_met`.

    `answers` maps each question's code to a ChecklistAnswer value; every
    question needs one ("not asked" is an answer).
    """
    partner.refuse_if_restricted()
    if completed_on > timezone.localdate():
        raise ValidationError(_("A checklist cannot be completed in the future."))
    questions = list(version.questions.all())
    missing = [q.order for q in questions if answers.get(q.code) is None]
    if missing:
        raise ValidationError(
            _("Every question needs an answer; unanswered: %(items)s.")
            % {"items": ", ".join(map(str, missing))}
        )
    said = [answers[q.code] for q in questions]
    if any(a not in ChecklistAnswer.values for a in said):
        raise ValidationError(_("An answer is not one of the choices."))
    yes_count = said.count(ChecklistAnswer.YES)
    computed = version.level_for(yes_count)
    judgement_level, judgement_reason = judged_level(
        computed=computed,
        judgement_level=judgement_level,
        judgement_reason=judgement_reason,
    )
    level = judgement_level or computed
    checklist = PartnerChecklist.objects.create(
        organisation_id=partner.organisation_id,
        partner=partner,
        version=version,
        completed_on=completed_on,
        completed_by=actor,
        yes_count=yes_count,
        dont_know_count=said.count(ChecklistAnswer.DONT_KNOW),
        not_asked_count=said.count(ChecklistAnswer.NOT_ASKED),
        computed_level=computed,
        judgement_level=judgement_level,
        judgement_reason=judgement_reason,
        level=level,
        meets_conference_criteria=(
            yes_count >= version.conference_from or judgement_level == RiskLevel.HIGH
        ),
        notes=notes.strip(),
    )
    PartnerChecklistAnswer.objects.bulk_create(
        PartnerChecklistAnswer(checklist=checklist, question=q, answer=answers[q.code])
        for q in questions
    )
    if checklist.meets_conference_criteria:
        signals.partner_conference_criteria_met.send(
            sender=PartnerChecklist, checklist=checklist, actor=actor
        )
    return checklist


# Her safety plan ---------------------------------------------------------------


@transaction.atomic
def save_safety_plan(
    *,
    partner: Partner,
    actor: User,
    review_on: date | None = None,
    contact: PartnerContact | None = None,
    **sections: str,
) -> SafetyPlan:
    """Save a new version of her safety plan, in sections (SAFETY_PLAN_SECTIONS:
    each optional, not all empty; `plan` is "other notes"); every earlier
    version is kept as it was."""
    partner.refuse_if_restricted()
    unknown = set(sections) - set(SAFETY_PLAN_SECTIONS)
    if unknown:
        raise TypeError(f"Unknown safety plan sections: {sorted(unknown)}")
    sections = {name: (text or "").strip() for name, text in sections.items()}
    if not any(sections.values()):
        raise ValidationError(_("Write at least one section of the plan."))
    if review_on is not None and review_on < timezone.localdate():
        raise ValidationError(_("The review date cannot be in the past."))
    # Locking her row serialises version numbers between two workers.
    Partner.objects.select_for_update().filter(pk=partner.pk).first()
    last = (
        SafetyPlan.objects.filter(partner=partner)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    return SafetyPlan.objects.create(
        organisation_id=partner.organisation_id,
        partner=partner,
        version=(last or 0) + 1,
        review_on=review_on,
        contact=contact,
        created_by=actor,
        **sections,
    )


# Children of hers --------------------------------------------------------------


def children_she_may_be_linked_to(partner: Partner):
    """Children on the cases of the men she is linked to, not linked to a mother."""
    return (
        Child.objects.filter(
            participant__partner_relationships__partner=partner,
        )
        .exclude(mother_links__isnull=False)
        .select_related("participant")
        .distinct()
    )


@transaction.atomic
def link_child(*, partner: Partner, child: Child, actor: User) -> ChildLink:
    """Record that a child on a man's case is hers; the link is seen on her side
    only."""
    partner.refuse_if_restricted()
    if not children_she_may_be_linked_to(partner).filter(pk=child.pk).exists():
        raise ValidationError(
            _(
                "That child is not on the case of a man she is linked to, or is "
                "already linked to a mother."
            )
        )
    return ChildLink.objects.create(
        organisation_id=partner.organisation_id,
        partner=partner,
        child=child,
        linked_by=actor,
    )


@transaction.atomic
def unlink_child(*, link: ChildLink, actor: User) -> None:
    """Remove a link made in error; the child's record on his case is untouched."""
    link.delete()
