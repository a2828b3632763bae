"""Sharing what a partner said with the programme, as a risk note in the worker's
words: her identity and words only under her recorded consent, and one note per
contact and man (DESIGN.md section 3, the firewall); and the one thing her risk
checklist tells his case: that it met the conference criteria."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from participants.models import Participant
from partner_contact.models import Consent
from risk.events import OPEN_STATUSES, partner_side_detection
from risk.models import RiskNote, Visibility
from risk.outbox import Recorded, record_events
from risk.services import add_risk_note


def sharing_consent_in_force(*, partner, on: date) -> bool:
    """Whether she has a recorded consent to share with the programme, in force."""
    return (
        Consent.objects.filter(partner=partner, kind=Consent.Kind.SHARE_WITH_PROGRAMME)
        .in_force(on)
        .exists()
    )


def shares_from_contact(contact) -> list[RiskNote]:
    """The notes shared with the programme from a partner contact, oldest first."""
    return list(
        RiskNote.objects.filter(
            partner_contact=contact, visibility=Visibility.PROGRAMME
        )
        .select_related("participant", "author")
        .order_by("created_at")
    )


def share_contact_with_programme(
    *,
    contact,
    participant: Participant,
    author: User,
    severity: str,
    category: str,
    text: str,
    attribute_to_her: bool = False,
    include_her_words: bool = False,
) -> RiskNote:
    """Turn what a partner said into a programme risk note in the worker's words.

    Her identity and words go with it only under her recorded consent to share.
    """
    if (attribute_to_her or include_her_words) and not sharing_consent_in_force(
        partner=contact.partner, on=timezone.localdate()
    ):
        raise ValidationError(
            _(
                "She has no consent to share with the programme in force: her "
                "identity and words stay with partner support."
            )
        )
    if not contact.partner.relationships.filter(participant=participant).exists():
        raise ValidationError(_("That man is not linked to her."))
    # One note per contact and man (also a constraint): a second share of the
    # same signal would read as a second signal.
    already = RiskNote.objects.filter(
        partner_contact=contact,
        participant=participant,
        visibility=Visibility.PROGRAMME,
    )
    if already.exists():
        raise ValidationError(
            _("This contact was already shared with the programme for him.")
        )
    return add_risk_note(
        participant=participant,
        author=author,
        severity=severity,
        category=category,
        text=text,
        visibility=Visibility.PROGRAMME,
        source=RiskNote.Source.PARTNER_CONTACT,
        partner_contact=contact,
        source_attributed=attribute_to_her,
        partner_words=contact.disclosure if include_her_words else "",
    )


def flag_partner_side_criteria(*, checklist, actor: User | None) -> Recorded:
    """Tell each man's case she is linked to that her checklist met the conference
    criteria: a programme-visible event saying only that (partner_side), which his
    MARAC offer reads (risk.marac.partner_side_flags). Idempotent by its key."""
    today = timezone.localdate()
    men = checklist.partner.relationships.filter(
        participant__status__in=OPEN_STATUSES
    ).values_list("participant_id", flat=True)
    return record_events(
        [
            partner_side_detection(
                organisation_id=checklist.organisation_id,
                participant_id=participant_id,
                checklist_id=checklist.pk,
                on=today,
            )
            for participant_id in men
        ],
        actor=actor,
    )
