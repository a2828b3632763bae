"""The lifecycle of a man's case as a table: which moves exist, and why one is made.

Read it top to bottom like the diagram in DESIGN.md section 5:

    referred -> contact pending -> assessment -> not suitable | waiting list
    -> active <-> suspended
    -> completed | dropped out | excluded | transferred | moved away
    -> follow-up -> closed (reopenable)

`participants.services.move_participant` is the only code that changes a man's
status, and it consults nothing but this module. A move to a status in
NEEDS_APPROVAL takes effect only when a manager approves it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from localisation import lists


class Status(models.TextChoices):
    """Where a man's case stands: the states of the table below (Participant.Status)."""

    REFERRED = "referred", _("Referred")
    CONTACT_PENDING = "contact_pending", _("Contact pending")
    ASSESSMENT = "assessment", _("Assessment")
    NOT_SUITABLE = "not_suitable", _("Not suitable")
    WAITING_LIST = "waiting_list", _("Waiting list")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    COMPLETED = "completed", _("Completed")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    EXCLUDED = "excluded", _("Excluded")
    TRANSFERRED = "transferred", _("Transferred")
    MOVED_AWAY = "moved_away", _("Moved away")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")


S = Status

# How long after his programme ends the outcome window stays open.
FOLLOW_UP_MONTHS = 6

# Statuses that end his time on the programme; each has an exit report per enrolment.
EXIT_STATUSES = frozenset(
    {S.COMPLETED, S.DROPPED_OUT, S.EXCLUDED, S.TRANSFERRED, S.MOVED_AWAY}
)
# A manager must approve these moves (DESIGN.md section 5).
NEEDS_APPROVAL = frozenset({S.EXCLUDED, S.CLOSED})

# from status -> the statuses he may move to next.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.REFERRED: frozenset(
        {S.CONTACT_PENDING, S.ASSESSMENT, S.NOT_SUITABLE, S.MOVED_AWAY, S.CLOSED}
    ),
    S.CONTACT_PENDING: frozenset(
        {S.ASSESSMENT, S.NOT_SUITABLE, S.DROPPED_OUT, S.MOVED_AWAY, S.CLOSED}
    ),
    S.ASSESSMENT: frozenset(
        {S.WAITING_LIST, S.ACTIVE, S.NOT_SUITABLE, S.DROPPED_OUT, S.MOVED_AWAY}
    ),
    S.NOT_SUITABLE: frozenset({S.ASSESSMENT, S.CLOSED}),
    # Back to assessment when he was put on the list without one.
    S.WAITING_LIST: frozenset(
        {S.ACTIVE, S.ASSESSMENT, S.DROPPED_OUT, S.TRANSFERRED, S.MOVED_AWAY}
    ),
    S.ACTIVE: frozenset(
        {S.SUSPENDED, S.COMPLETED, S.DROPPED_OUT, S.EXCLUDED, S.TRANSFERRED}
        | {S.MOVED_AWAY}
    ),
    S.SUSPENDED: frozenset(
        {S.ACTIVE, S.DROPPED_OUT, S.EXCLUDED, S.TRANSFERRED, S.MOVED_AWAY}
    ),
    S.COMPLETED: frozenset({S.FOLLOW_UP, S.CLOSED}),
    S.DROPPED_OUT: frozenset({S.FOLLOW_UP, S.CLOSED}),
    S.EXCLUDED: frozenset({S.FOLLOW_UP, S.CLOSED}),
    S.TRANSFERRED: frozenset({S.FOLLOW_UP, S.CLOSED}),
    S.MOVED_AWAY: frozenset({S.FOLLOW_UP, S.CLOSED}),
    S.FOLLOW_UP: frozenset({S.CLOSED}),
    # Reopening: a new referral, or straight back to assessment.
    S.CLOSED: frozenset({S.REFERRED, S.ASSESSMENT}),
}

# to status -> the controlled list of reasons for moving there (code, label).
REASONS: dict[str, list[tuple[str, str]]] = {
    S.REFERRED: [
        ("reopened_new_referral", _("Reopened: a new referral")),
        ("reopened_in_error", _("Reopened: closed in error")),
    ],
    S.CONTACT_PENDING: [
        ("referral_accepted", _("Referral accepted, contacting him")),
        ("awaiting_information", _("Waiting for information from the referrer")),
    ],
    S.ASSESSMENT: [
        ("contact_made", _("Contact made, assessment booked")),
        ("not_yet_assessed", _("Back from the waiting list: never assessed")),
        ("reassessment", _("Reassessment after a change")),
        ("reopened", _("Reopened for assessment")),
    ],
    S.NOT_SUITABLE: [
        ("denies_abuse", _("Denies any abusive behaviour")),
        ("not_motivated", _("Not motivated to change")),
        ("mental_health", _("Mental health needs come first")),
        ("substance_use", _("Substance use needs come first")),
        ("risk_unmanageable", _("Risk cannot be managed in the programme")),
        ("not_eligible", _("Does not meet the eligibility criteria")),
    ],
    S.WAITING_LIST: [
        ("assessed_suitable", _("Assessed suitable, waiting for a group place")),
        ("waiting_for_start", _("Waiting for the next cohort to start")),
    ],
    S.ACTIVE: [
        ("started_programme", _("Started the programme")),
        ("resumed", _("Resumed after a suspension")),
    ],
    S.SUSPENDED: [
        ("custody", _("In custody or on remand")),
        ("illness", _("Illness")),
        ("escalated_risk", _("Escalated risk: paused for review")),
        ("work_or_family", _("Work or family commitments")),
        ("breach_warning", _("Breach of the programme agreement: warning")),
    ],
    S.COMPLETED: [
        ("completed_goals_achieved", _("Completed: all goals achieved")),
        ("completed_some_goals", _("Completed: some goals achieved")),
        ("completed_goals_not_met", _("Completed: goals not achieved or unknown")),
    ],
    S.DROPPED_OUT: [
        ("stopped_engaging", _("Stopped engaging")),
        ("declined_to_continue", _("Declined to continue")),
        ("missed_sessions", _("Missed too many sessions")),
        ("custody", _("Custody")),
        ("moved_out_of_area", _("Moved out of the area")),
    ],
    S.EXCLUDED: [
        ("breach_of_agreement", _("Breach of the programme agreement")),
        ("reoffending", _("Re-offending or arrest")),
        ("escalated_risk", _("Escalated risk, unsuited to the programme")),
        ("behaviour_in_group", _("Behaviour in the group")),
    ],
    S.TRANSFERRED: [
        ("another_provider", _("Transferred to another provider")),
        ("another_group", _("Transferred to another group")),
        ("statutory_programme", _("Moved to a statutory programme")),
    ],
    S.MOVED_AWAY: [
        ("moved_out_of_area", _("Moved out of the area")),
    ],
    S.FOLLOW_UP: [
        ("outcome_window", _("Follow-up window started")),
    ],
    S.CLOSED: [
        ("follow_up_complete", _("Follow-up complete")),
        ("no_contact_possible", _("No contact possible")),
        ("not_suitable_closed", _("Not suitable: case closed")),
        ("no_follow_up_needed", _("No follow-up needed")),
        ("duplicate_record", _("Duplicate record")),
    ],
}


def allowed_moves(from_status: str) -> frozenset[str]:
    """The statuses a man in `from_status` may move to."""
    return TRANSITIONS.get(from_status, frozenset())


def is_allowed(from_status: str, to_status: str) -> bool:
    return to_status in allowed_moves(from_status)


def reasons_for(
    to_status: str, organisation_id: int | None = None
) -> list[tuple[str, str]]:
    """The reasons offered for a move: the organisation's current entries
    (localisation lists, editable by its managers), or the shipped ones."""
    if organisation_id is None or to_status not in REASONS:
        return REASONS.get(to_status, [])
    return lists.choices(organisation_id, reason_list(to_status))


def reason_label(to_status: str, code: str, organisation_id: int | None = None) -> str:
    """How a saved reason reads (its organisation's label, retired ones too)."""
    if organisation_id is None or to_status not in REASONS:
        return dict(reasons_for(to_status)).get(code, code)
    return lists.label(organisation_id, reason_list(to_status), code)


def reason_list(to_status: str) -> str:
    """The key of the organisation's list of reasons for moving to a status."""
    return f"participants.reason.{to_status}"


def needs_approval(to_status: str) -> bool:
    return to_status in NEEDS_APPROVAL


def grouped_reason_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every reason, grouped by the status it leads to, for one select."""
    return [
        (S(status).label, [(f"{status}:{code}", label) for code, label in reasons])
        for status, reasons in REASONS.items()
    ]
