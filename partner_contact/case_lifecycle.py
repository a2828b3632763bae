"""The woman's own case as a table: where it stands, which moves exist, and why.

Read it top to bottom like the statuses of a victim service's case (DOMAIN.md
section 3.4):

    identified -> contact pending -> in contact -> engaged in support
    (from any open status) -> declined | not reachable | closed
    closed -> contact pending | in contact (reopened)

`partner_contact.her_case.move_partner` is the only code that changes her status,
and it consults nothing but this module. Her status is hers, not his: one
record, one status, however many men she is linked to.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerStatus(models.TextChoices):
    """Where a woman's own case stands (Partner.status)."""

    IDENTIFIED = "identified", _("Identified")
    CONTACT_PENDING = "contact_pending", _("Contact pending")
    IN_CONTACT = "in_contact", _("In contact")
    ENGAGED = "engaged", _("Engaged in support")
    DECLINED = "declined", _("Declined")
    NOT_REACHABLE = "not_reachable", _("Not reachable")
    CLOSED = "closed", _("Closed")


S = PartnerStatus

# Statuses in which no worker should be reaching out to her: the worklist
# leaves her out of first contacts, retries and follow-ups.
NO_OUTREACH_STATUSES = (S.DECLINED, S.CLOSED)

# from status -> the statuses her case may move to next.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.IDENTIFIED: frozenset(
        {S.CONTACT_PENDING, S.IN_CONTACT, S.DECLINED, S.NOT_REACHABLE, S.CLOSED}
    ),
    S.CONTACT_PENDING: frozenset({S.IN_CONTACT, S.DECLINED, S.NOT_REACHABLE, S.CLOSED}),
    S.IN_CONTACT: frozenset({S.ENGAGED, S.DECLINED, S.NOT_REACHABLE, S.CLOSED}),
    # Back to "in contact" when ongoing support pauses but contact goes on.
    S.ENGAGED: frozenset({S.IN_CONTACT, S.DECLINED, S.NOT_REACHABLE, S.CLOSED}),
    # She may change her mind: a declined or unreachable woman is tried again.
    S.DECLINED: frozenset({S.CONTACT_PENDING, S.IN_CONTACT, S.CLOSED}),
    S.NOT_REACHABLE: frozenset({S.CONTACT_PENDING, S.IN_CONTACT, S.CLOSED}),
    # Reopening.
    S.CLOSED: frozenset({S.CONTACT_PENDING, S.IN_CONTACT}),
}

# to status -> the controlled list of reasons for moving there (code, label).
REASONS: dict[str, list[tuple[str, str]]] = {
    S.CONTACT_PENDING: [
        ("first_attempt", _("A first contact attempt was made")),
        ("awaiting_safe_details", _("Waiting for safe contact details")),
        ("new_details", _("New contact details to try")),
        ("reopened", _("Reopened: contact to be offered again")),
    ],
    S.IN_CONTACT: [
        ("first_conversation", _("Spoke with her for the first time")),
        ("she_got_in_touch", _("She got in touch")),
        ("support_paused", _("Ongoing support paused; contact goes on")),
        ("reopened", _("Reopened: she asked for support again")),
    ],
    S.ENGAGED: [
        ("accepted_support", _("She accepted ongoing support")),
        ("safety_planning", _("Safety planning under way")),
        ("referred_and_supported", _("Referred on and supported meanwhile")),
    ],
    S.DECLINED: [
        ("no_support_wanted", _("She does not want support")),
        ("supported_elsewhere", _("She is supported by another service")),
        ("unsafe_to_engage", _("It is not safe for her to engage now")),
    ],
    S.NOT_REACHABLE: [
        ("no_answer", _("No answer after repeated attempts")),
        ("no_safe_details", _("No safe way to reach her")),
        ("moved_no_details", _("Moved away, no new details")),
    ],
    S.CLOSED: [
        ("support_completed", _("Support ended by agreement")),
        ("his_case_ended", _("His case ended; she wants no further contact")),
        ("declined_support", _("She declined support")),
        ("never_reached", _("She could not be reached")),
        ("moved_to_other_service", _("Support taken over by another service")),
        ("other", _("Another reason (see the note)")),
    ],
}
# Reasons that need a note saying what happened.
NOTE_REQUIRED = frozenset({(S.CLOSED, "other")})


def allowed_moves(status: str) -> list[str]:
    """The statuses her case may move to from `status`, in the table's order."""
    allowed = TRANSITIONS.get(status, frozenset())
    return [s for s in PartnerStatus.values if s in allowed]


def reasons_for(status: str) -> list[tuple[str, str]]:
    return REASONS.get(status, [])


def reason_label(status: str, reason: str) -> str:
    """The words for a reason code, or the code itself for a retired one."""
    return str(dict(reasons_for(status)).get(reason, reason))
