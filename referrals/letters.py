"""Writes of letters to referrers (a sub-domain of referrals' services): drafting
one when an event happens, editing, sending by e-mail, recording a posted one.

A draft is written in the transaction of its event, once per fact (the
referral's decision, the man's status change): reporting a fact twice drafts
nothing new. Self-referrals have no referrer to tell and get no letter.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.calendar import local_today
from accounts.emails import send_templated
from accounts.models import Organisation, User
from participants.models import Participant, StatusChange
from referrals import placeholders
from referrals.models import (
    LetterEvent,
    LetterTemplate,
    Referral,
    ReferralDecision,
    ReferrerLetter,
)

# His lifecycle moves that the referrer is told of.
STATUS_EVENTS = {
    Participant.Status.ACTIVE: LetterEvent.STARTED,
    Participant.Status.DROPPED_OUT: LetterEvent.DROPPED_OUT,
    Participant.Status.EXCLUDED: LetterEvent.EXCLUDED,
    Participant.Status.COMPLETED: LetterEvent.COMPLETED,
}
DECISION_EVENTS = {
    Referral.Status.ACCEPTED: LetterEvent.ACCEPTED,
    Referral.Status.DECLINED: LetterEvent.DECLINED,
}


class LetterNotSendable(Exception):
    """A letter cannot be sent this way (already sent, or no address)."""


def template_for(organisation: Organisation, event: str) -> tuple[str, str]:
    """(subject, body) of the organisation's template, or the default wording."""
    saved = LetterTemplate.objects.filter(
        organisation=organisation, event=event
    ).first()
    if saved is not None:
        return saved.subject, saved.body
    return placeholders.default_subject(event), placeholders.default_body(event)


def draft_letter(
    *,
    referral: Referral,
    event: str,
    event_key: str,
    event_on: date,
    outcome: str,
    actor: User | None,
) -> ReferrerLetter | None:
    """Draft the letter for one event from the organisation's template; the one
    already drafted for the same fact if there is one; None for self-referrals."""
    if referral.agency_id is None:
        return None
    existing = ReferrerLetter.objects.filter(
        referral=referral, event_key=event_key
    ).first()
    if existing is not None:
        return existing
    subject, body = template_for(referral.organisation, event)
    values = placeholders.letter_values(
        referral=referral,
        event_on=event_on,
        outcome=outcome,
        worker_name=actor.get_full_name() if actor else "",
    )
    agency = referral.agency
    return ReferrerLetter.objects.create(
        organisation_id=referral.organisation_id,
        referral=referral,
        event=event,
        event_key=event_key,
        event_on=event_on,
        recipient_name=referral.referrer_name or agency.contact_name or agency.name,
        recipient_email=_email_of(referral),
        recipient_address=agency.address,
        subject=placeholders.substitute(subject, values)[:200],
        body=placeholders.substitute(body, values),
    )


def _email_of(referral: Referral) -> str:
    contact = referral.referrer_contact.strip()
    if "@" in contact and " " not in contact:
        return contact[:254]
    return referral.agency.email


def draft_letter_for_decision(
    *, referral: Referral, decision: ReferralDecision, actor: User
) -> ReferrerLetter | None:
    """The letter telling the referrer a referral was accepted or declined."""
    event = DECISION_EVENTS.get(decision.to_status)
    if event is None:
        return None
    return draft_letter(
        referral=referral,
        event=event,
        event_key=f"decision:{decision.pk}",
        event_on=decision.decided_on,
        outcome=decision.get_reason_display(),
        actor=actor,
    )


def draft_letter_for_status_change(
    *, status_change: StatusChange, actor: User | None
) -> ReferrerLetter | None:
    """The letter telling his referrer he started, dropped out, was excluded or
    completed; on his latest accepted referral from an agency. Resuming after a
    suspension is not a start."""
    event = STATUS_EVENTS.get(status_change.to_status)
    if event is None:
        return None
    if (
        event == LetterEvent.STARTED
        and status_change.from_status == Participant.Status.SUSPENDED
    ):
        return None
    referral = (
        Referral.objects.filter(
            participant_id=status_change.participant_id,
            status=Referral.Status.ACCEPTED,
            agency__isnull=False,
        )
        .select_related("agency", "organisation", "participant")
        .order_by("-received_on", "-created_at")
        .first()
    )
    if referral is None:
        return None
    return draft_letter(
        referral=referral,
        event=event,
        event_key=f"status:{status_change.pk}",
        event_on=status_change.effective_on,
        outcome=str(status_change.reason_label),
        actor=actor,
    )


def _refuse_unless_draft(letter: ReferrerLetter) -> ReferrerLetter:
    letter = ReferrerLetter.objects.select_for_update().get(pk=letter.pk)
    if not letter.is_draft:
        raise LetterNotSendable(
            _("This letter was already %(status)s; nothing was changed.")
            % {"status": letter.get_status_display().lower()}
        )
    return letter


@transaction.atomic
def send_letter_by_email(*, letter: ReferrerLetter, by: User) -> ReferrerLetter:
    """Send the letter as it now reads to its e-mail address, and record it.

    The e-mail goes out before the row says "sent": if sending fails, the
    transaction rolls back and the letter stays a draft to try again.
    """
    letter = _refuse_unless_draft(letter)
    if not letter.recipient_email:
        raise LetterNotSendable(_("Give an e-mail address before sending by e-mail."))
    now = timezone.now()
    letter.mark_sent(
        via=ReferrerLetter.Method.EMAIL,
        by=by,
        at=now,
        on=local_today(by.organisation, now),
        to=letter.recipient_email,
    )
    letter._history_user = by
    letter.save()
    send_templated(
        name="referrer-letter", context={"letter": letter}, to=[letter.recipient_email]
    )
    return letter


@transaction.atomic
def mark_letter_posted(*, letter: ReferrerLetter, by: User) -> ReferrerLetter:
    """Record that the printed letter went by post, to its postal address."""
    letter = _refuse_unless_draft(letter)
    now = timezone.now()
    to = "\n".join(
        part for part in (letter.recipient_name, letter.recipient_address) if part
    )
    letter.mark_sent(
        via=ReferrerLetter.Method.POST,
        by=by,
        at=now,
        on=local_today(by.organisation, now),
        to=to,
    )
    letter._history_user = by
    letter.save()
    return letter


@transaction.atomic
def discard_letter(*, letter: ReferrerLetter, by: User) -> ReferrerLetter:
    """Decide not to send a drafted letter; it stays on the referral as not sent."""
    letter = _refuse_unless_draft(letter)
    letter.mark_discarded()
    letter._history_user = by
    letter.save(update_fields=["status", "updated_at"])
    return letter


@transaction.atomic
def save_letter_template(
    *, organisation: Organisation, event: str, subject: str, body: str, by: User
) -> LetterTemplate:
    """Save the organisation's wording for one event (new or changed)."""
    template, _created = LetterTemplate.objects.update_or_create(
        organisation=organisation,
        event=event,
        defaults={"subject": subject, "body": body, "updated_by": by},
    )
    return template


def reset_letter_template(*, organisation: Organisation, event: str) -> None:
    """Go back to the default wording for one event."""
    LetterTemplate.objects.filter(organisation=organisation, event=event).delete()
