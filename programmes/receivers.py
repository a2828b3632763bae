"""How programmes reacts to signals of the participants app."""

from participants import lifecycle
from participants.signals import status_changed
from programmes import services


def end_places_when_case_leaves(sender, participant, status_change, actor, **kwargs):
    """A man who left the programme (for example an approved exclusion) loses his
    places in groups, each with an exit report."""
    if status_change.to_status not in lifecycle.EXIT_STATUSES:
        return
    services.end_current_enrolments(
        participant=participant,
        to_status=status_change.to_status,
        reason=status_change.reason,
        end_date=status_change.effective_on,
        actor=actor,
    )


def connect():
    status_changed.connect(
        end_places_when_case_leaves, dispatch_uid="programmes.end_places"
    )
