"""Demo complaints, compliments, letters to referrers and equality monitoring.

Small and obviously fictional: per organisation a handful of complaints and
compliments (one about partner support, one past its deadline so that the
detector has something to find), letters to the referrers of a few accepted
referrals (one sent by e-mail, one by post, one still a draft), the default
monitoring lists, and answers for about two men in three. Its own random
generator, so the steps before it draw exactly what they drew before.
"""

import random
from datetime import timedelta

from django.utils import timezone

from complaints.models import Complaint
from demo.context import DemoContext, Staff
from equality.models import Characteristic, EqualityAnswer, MonitoringOption
from equality.services import ensure_default_options
from referrals import letters
from referrals.models import Referral, ReferralDecision, ReferrerLetter

COMPLAINTS = [
    # (kind, source, about partner support, summary, days ago, answered after)
    (
        "complaint",
        "man",
        False,
        "Group moved to another room without notice (demo)",
        40,
        12,
    ),
    ("complaint", "agency", False, "Report to probation arrived late (demo)", 8, None),
    (
        "complaint",
        "woman",
        True,
        "Call-back from partner support was missed (demo)",
        10,
        None,
    ),
    (
        "complaint",
        "public",
        False,
        "Car park by the centre blocked on group night (demo)",
        60,
        5,
    ),
    (
        "compliment",
        "agency",
        False,
        "Thanks for the joint review meeting (demo)",
        15,
        None,
    ),
    (
        "compliment",
        "man",
        False,
        "The facilitators made the group feel safe (demo)",
        5,
        None,
    ),
]
OUTCOMES = ["partly_upheld", "not_upheld"]


def seed(ctx: DemoContext) -> None:
    """Complaints, letters and monitoring for each demo organisation."""
    rng = random.Random(ctx.seed + 17)
    for staff in ctx.staff:
        _complaints(ctx, staff, rng)
        _letters(ctx, staff)
        _monitoring(ctx, staff, rng)


def _complaints(ctx: DemoContext, staff: Staff, rng: random.Random) -> None:
    manager = staff.first("manager")
    caseworker = staff.first("caseworker")
    men = ctx.men.get(staff.organisation.pk, [])
    for number, (kind, source, partner_side, summary, ago, answered) in enumerate(
        COMPLAINTS
    ):
        received = ctx.today - timedelta(days=ago)
        complaint = Complaint(
            organisation=staff.organisation,
            kind=kind,
            source=source,
            about_partner_service=partner_side,
            from_name="" if source in ("man", "woman") else "A. Sample (demo)",
            summary=summary,
            details="Invented for the demonstration; no real person.",
            received_on=received,
            acknowledged_on=received + timedelta(days=2)
            if kind == "complaint"
            else None,
            participant_id=men[number].id
            if source == "man" and len(men) > number
            else None,
            handled_by_id=manager if kind == "complaint" else None,
            recorded_by_id=staff.first("partner_support")
            if partner_side
            else caseworker,
        )
        if answered is not None:
            complaint.responded_on = received + timedelta(days=answered)
            complaint.outcome = rng.choice(OUTCOMES)
            complaint.learning = "Tell the group of any change a week ahead (demo)."
        complaint.set_response_due()
        complaint.save()


def _letters(ctx: DemoContext, staff: Staff) -> None:
    """Letters on the three newest accepted referrals from an agency."""
    decisions = (
        ReferralDecision.objects.filter(
            organisation=staff.organisation,
            to_status=Referral.Status.ACCEPTED,
            referral__agency__isnull=False,
        )
        .select_related("referral__agency", "referral__participant", "decided_by")
        .order_by("-decided_on", "-pk")[:3]
    )
    for index, decision in enumerate(decisions):
        letter = letters.draft_letter_for_decision(
            referral=decision.referral, decision=decision, actor=decision.decided_by
        )
        if letter is None or index == 2:
            continue
        sent_at = min(ctx.at(decision.decided_on, 15), timezone.now())
        via = ReferrerLetter.Method.EMAIL if index == 0 else ReferrerLetter.Method.POST
        letter.mark_sent(
            via=via,
            by=decision.decided_by,
            at=sent_at,
            on=decision.decided_on,
            to=letter.recipient_email if index == 0 else letter.recipient_name,
        )
        letter.save()


def _monitoring(ctx: DemoContext, staff: Staff, rng: random.Random) -> None:
    """The default lists, and age band, gender and ethnicity for two men in three
    (some preferring not to say)."""
    organisation = staff.organisation
    ensure_default_options(organisation)
    options: dict[str, list[int]] = {}
    for pk, characteristic in MonitoringOption.objects.filter(
        organisation=organisation
    ).values_list("pk", "characteristic"):
        options.setdefault(characteristic, []).append(pk)
    asked = (Characteristic.AGE_BAND, Characteristic.GENDER, Characteristic.ETHNICITY)
    for man in ctx.men.get(organisation.pk, []):
        if rng.random() > 0.66:
            continue
        for characteristic in asked:
            refused = rng.random() < 0.08
            # In bulk without history rows, as bulk_create wrote them.
            ctx.loader.add(
                EqualityAnswer,
                history=False,
                organisation_id=organisation.pk,
                participant_id=man.id,
                characteristic=characteristic,
                answer=(
                    EqualityAnswer.Answer.PREFER_NOT_TO_SAY
                    if refused
                    else EqualityAnswer.Answer.ANSWERED
                ),
                option_id=None
                if refused
                else _pick(rng, options[characteristic], characteristic),
                recorded_by_id=man.caseworker_id,
            )


def _pick(rng: random.Random, pks: list[int], characteristic: str) -> int:
    # Most men on these programmes are men: the gender list's first option.
    if characteristic == Characteristic.GENDER:
        return pks[0] if rng.random() < 0.97 else rng.choice(pks)
    return rng.choice(pks)
