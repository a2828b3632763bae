"""What detectors, receivers and services share about risk events, before any write.

A leaf of the risk app: it imports risk's models and lower apps only, never
`rules`, `services`, `outbox` or `tasks`, which all import it. It holds

- `Detection`, a fact that should become a risk event, with its stable key;
- the key builders for facts that a signal or a form reports and a detector
  finds again later: both build the same key, so the two never double an event
  (docs/decisions/0005-alert-outbox.md);
- the event-kind vocabulary as risk uses it (`Kind`, from
  `participants.risk_vocabulary`), the lifecycle moves that are events, and
- the audience rules: who an event of each kind reaches.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_noop

from participants.models import Participant, RiskLevel, StatusChange
from risk.models import RiskAssessment, RiskEvent, RiskNote, Visibility
from risk.words import Summaries, Words, lower

Kind = RiskEvent.Kind

# Cases in which risk is still being worked with.
OPEN_STATUSES = (
    Participant.Status.ASSESSMENT,
    Participant.Status.WAITING_LIST,
    Participant.Status.ACTIVE,
    Participant.Status.SUSPENDED,
    Participant.Status.FOLLOW_UP,
)
# A man's lifecycle moves that the partner-support worker must hear about.
STATUS_EVENT_KINDS = {
    Participant.Status.DROPPED_OUT: Kind.DROP_OUT,
    Participant.Status.EXCLUDED: Kind.EXCLUSION,
    Participant.Status.COMPLETED: Kind.COMPLETION,
    Participant.Status.SUSPENDED: Kind.SUSPENSION,
}
PREGNANCY_MONITORING_DAYS = 548  # eighteen months after a pregnancy or a birth


@dataclass(frozen=True)
class Detection:
    """A fact found (or reported) that should be a risk event, with its stable key."""

    organisation_id: int
    # enquiries: None for an event about an enquiry, where no man is known.
    participant_id: int | None
    kind: str
    occurred_on: date
    dedup_key: str
    # Words (risk.words) are written in the organisation's language when the
    # event is written; a plain string is the words of a person, kept as given.
    summary: "str | Words" = ""
    visibility: str = Visibility.PROGRAMME
    source: str = RiskEvent.Source.DETECTOR
    # Filled in by risk.rules.registry for what a registered detector finds.
    detector: str = ""
    reported_by_id: int | None = None
    partner_contact_id: int | None = None
    # enquiries: the enquiry, or the partner, an event is about (risk.outbox
    # alerts her partner-support worker, or the organisation's when nobody holds it).
    enquiry_id: int | None = None
    partner_id: int | None = None
    # complaints: the complaint an overdue-response event is about.
    complaint_id: int | None = None

    def event_fields(self, summaries: Summaries) -> dict:
        """The RiskEvent columns this detection fills: the outbox and the demo
        loader both write events from it, so a new field is added here once.
        `summaries` writes the summary in the organisation's language."""
        return {
            "organisation_id": self.organisation_id,
            "participant_id": self.participant_id,
            "kind": self.kind,
            "occurred_on": self.occurred_on,
            "summary": summaries.of(self.organisation_id, self.summary)[:300],
            "source": self.source,
            "detector": self.detector,
            "reported_by_id": self.reported_by_id,
            "visibility": self.visibility,
            "partner_contact_id": self.partner_contact_id,
            "enquiry_id": self.enquiry_id,  # enquiries
            "partner_id": self.partner_id,  # enquiries
            "complaint_id": self.complaint_id,  # complaints
            "dedup_key": self.dedup_key,
        }


# Who hears of an event -------------------------------------------------------

CASEWORKER = "caseworker"
PARTNER_SUPPORT = "partner_support"
MANAGER = "manager"
DEFAULT_AUDIENCE = frozenset({CASEWORKER, PARTNER_SUPPORT})
# Who an event of each kind reaches; managers for urgent kinds and escalation.
AUDIENCE: dict[str, frozenset[str]] = {
    Kind.SEPARATION: frozenset({CASEWORKER, PARTNER_SUPPORT, MANAGER}),
    Kind.ANNOUNCED_SEPARATION: frozenset({CASEWORKER, PARTNER_SUPPORT, MANAGER}),
    Kind.THREATS: frozenset({CASEWORKER, PARTNER_SUPPORT, MANAGER}),
    Kind.ORDER_BREACH: frozenset({CASEWORKER, PARTNER_SUPPORT, MANAGER}),
    Kind.POLICE_CALLOUT: frozenset({CASEWORKER, PARTNER_SUPPORT, MANAGER}),
    Kind.NEW_INCIDENT: frozenset({CASEWORKER, PARTNER_SUPPORT, MANAGER}),
    Kind.RELEASE_FROM_CUSTODY: frozenset({CASEWORKER, PARTNER_SUPPORT, MANAGER}),
    Kind.LEVEL_RAISED: frozenset({CASEWORKER, PARTNER_SUPPORT, MANAGER}),
    Kind.MARAC_CRITERION: frozenset({CASEWORKER, MANAGER}),
    Kind.URGENT_NOTE: frozenset({CASEWORKER, PARTNER_SUPPORT, MANAGER}),
    # A facilitator's "this worried me": his caseworker; a manager too if urgent.
    Kind.SESSION_CONCERN: frozenset({CASEWORKER}),
    Kind.URGENT_SESSION_CONCERN: frozenset({CASEWORKER, MANAGER}),
    Kind.UNACKNOWLEDGED_ALERT: frozenset({MANAGER}),
    Kind.NO_PARTNER_CONTACT: frozenset({PARTNER_SUPPORT, MANAGER}),
    Kind.CONSENT_EXPIRING: frozenset({PARTNER_SUPPORT}),
    Kind.REVIEW_OVERDUE: frozenset({CASEWORKER}),
    # So the woman can be told about his engagement (DESIGN.md section 5).
    Kind.DROP_OUT: frozenset({PARTNER_SUPPORT, CASEWORKER}),
    Kind.EXCLUSION: frozenset({PARTNER_SUPPORT, CASEWORKER}),
    Kind.SUSPENSION: frozenset({PARTNER_SUPPORT}),
    Kind.COMPLETION: frozenset({PARTNER_SUPPORT}),
    # enquiries: her worker (or, nobody holding her yet, every partner-support
    # worker); a manager hears of it only by escalation.
    Kind.ENQUIRY_RECEIVED: frozenset({PARTNER_SUPPORT}),
    Kind.FIRST_CONTACT_OVERDUE: frozenset({PARTNER_SUPPORT}),
    # complaints: the managers answer for the complaints procedure.
    Kind.COMPLAINT_OVERDUE: frozenset({MANAGER}),
    # outcomes: whoever collects the questionnaire, his caseworker or her own
    # partner-support worker (the event names her), never his other partners'.
    Kind.HIS_QUESTIONNAIRE_MISSED: frozenset({CASEWORKER}),
    Kind.HER_QUESTIONNAIRE_MISSED: frozenset({PARTNER_SUPPORT}),
}


def audience_for(kind: str) -> frozenset[str]:
    """The roles an event of this kind reaches (before the firewall and the actor)."""
    return AUDIENCE.get(kind, DEFAULT_AUDIENCE)


# Detections made outside the detectors, with the same keys -------------------


def separation_detection(
    *,
    relationship_id: int,
    organisation_id: int,
    participant_id: int,
    announced: bool,
    occurred_on: date,
    source: str = RiskEvent.Source.DETECTOR,
    reported_by_id: int | None = None,
    partner_contact_id: int | None = None,
) -> Detection:
    """Key separation:<relationship>:<stage>:<date>, for detector and receiver."""
    stage = "announced" if announced else "separated"
    return Detection(
        organisation_id=organisation_id,
        participant_id=participant_id,
        kind=Kind.ANNOUNCED_SEPARATION if announced else Kind.SEPARATION,
        occurred_on=occurred_on,
        dedup_key=f"separation:{relationship_id}:{stage}:{occurred_on.isoformat()}",
        summary=Words.of(
            gettext_noop("Separation announced.")
            if announced
            else gettext_noop("Separation recorded.")
        ),
        source=source,
        reported_by_id=reported_by_id,
        partner_contact_id=partner_contact_id,
    )


def public_enquiry_detection(enquiry) -> Detection:
    """Key enquiry:<enquiry>:received: a request from the public contact page, for
    the receiver of enquiries.signals.public_enquiry_received. The summary holds
    none of her words (enquiries)."""
    return Detection(
        organisation_id=enquiry.organisation_id,
        participant_id=None,
        enquiry_id=enquiry.pk,
        kind=Kind.ENQUIRY_RECEIVED,
        occurred_on=enquiry.received_on,
        dedup_key=f"enquiry:{enquiry.pk}:received",
        summary=Words.of(
            gettext_noop("A woman asked for contact from the public page.")
        ),
        visibility=Visibility.PARTNER_SUPPORT_ONLY,
        source=RiskEvent.Source.RECORD,
    )


def status_move_detection(
    *,
    status_change_id: int,
    organisation_id: int,
    participant_id: int,
    to_status: str,
    effective_on: date,
    source: str = RiskEvent.Source.DETECTOR,
) -> Detection:
    """Key status:<status change>, for detector and receiver."""
    return Detection(
        organisation_id=organisation_id,
        participant_id=participant_id,
        kind=STATUS_EVENT_KINDS[to_status],
        occurred_on=effective_on,
        dedup_key=f"status:{status_change_id}",
        summary=Words.of(
            gettext_noop("Case moved to “%(status)s”."),
            status=Participant.Status(to_status).label,
        ),
        source=source,
    )


def status_change_detection(status_change: StatusChange) -> Detection:
    """A status change as its record reports it (key as the detector's)."""
    return status_move_detection(
        status_change_id=status_change.pk,
        organisation_id=status_change.organisation_id,
        participant_id=status_change.participant_id,
        to_status=status_change.to_status,
        effective_on=status_change.effective_on,
        source=RiskEvent.Source.RECORD,
    )


def urgent_note_detection(note: RiskNote) -> Detection:
    """Key urgent-note:<note>, written with the note and found again by detector;
    an urgent concern from a session keeps its session's key."""
    if note.source == RiskNote.Source.SESSION and note.session_id:
        return session_concern_detection(note)
    return Detection(
        organisation_id=note.organisation_id,
        participant_id=note.participant_id,
        kind=Kind.URGENT_NOTE,
        occurred_on=note.created_at.date(),
        dedup_key=f"urgent-note:{note.pk}",
        summary=Words.of(gettext_noop("An urgent risk note was written.")),
        visibility=note.visibility,
        source=RiskEvent.Source.RECORD,
    )


def session_concern_detection(note: RiskNote) -> Detection:
    """Key session-concern:<session>:<man>, with ":urgent" once marked urgent: one
    event (so one alert each) per session and man, however often the register is
    saved or the box ticked again; marking it urgent later still tells a manager."""
    urgent = note.severity == RiskNote.Severity.URGENT
    return Detection(
        organisation_id=note.organisation_id,
        participant_id=note.participant_id,
        kind=Kind.URGENT_SESSION_CONCERN if urgent else Kind.SESSION_CONCERN,
        occurred_on=timezone.localdate(note.created_at),
        dedup_key=(
            f"session-concern:{note.session_id}:{note.participant_id}"
            + (":urgent" if urgent else "")
        ),
        summary=Words.of(
            gettext_noop("Raised at a session: %(words)s"),
            words=Truncator(note.text).chars(200),
        ),
        visibility=note.visibility,
        source=RiskEvent.Source.RECORD,
        reported_by_id=note.author_id,
    )


def level_raised_detection(
    assessment: RiskAssessment, previous_level: str
) -> Detection:
    """Key level-rise:<assessment>, written with it and found again by detector."""
    return Detection(
        organisation_id=assessment.organisation_id,
        participant_id=assessment.participant_id,
        kind=Kind.LEVEL_RAISED,
        occurred_on=assessment.assessed_on,
        dedup_key=f"level-rise:{assessment.pk}",
        summary=Words.of(
            gettext_noop("Assessed level rose from %(before)s to %(after)s."),
            before=lower(RiskLevel(previous_level).label),
            after=lower(RiskLevel(assessment.level).label),
        ),
        source=RiskEvent.Source.RECORD,
    )


def disclosed_detection(
    *,
    contact_id: int,
    organisation_id: int,
    participant_id: int,
    kind: str,
    occurred_on: date,
    reported_by_id: int | None,
) -> Detection:
    """Key disclosed:<contact>:<man>:<kind>: what she said, without her words."""
    return Detection(
        organisation_id=organisation_id,
        participant_id=participant_id,
        kind=kind,
        occurred_on=occurred_on,
        dedup_key=f"disclosed:{contact_id}:{participant_id}:{kind}",
        summary=Words.of(gettext_noop("Raised in partner support.")),
        # Her signal stays inside the firewall until a worker shares it.
        visibility=Visibility.PARTNER_SUPPORT_ONLY,
        source=RiskEvent.Source.RECORD,
        reported_by_id=reported_by_id,
        partner_contact_id=contact_id,
    )


def reported_detection(
    *,
    organisation_id: int,
    participant_id: int,
    kind: str,
    occurred_on: date,
    summary: str,
    visibility: str,
    reported_by_id: int,
) -> Detection:
    """A fact a worker typed in: a fresh key (person:<uuid>), as no scan finds it."""
    return Detection(
        organisation_id=organisation_id,
        participant_id=participant_id,
        kind=kind,
        occurred_on=occurred_on,
        dedup_key=f"person:{uuid.uuid4()}",
        summary=summary,
        visibility=visibility,
        source=RiskEvent.Source.PERSON,
        reported_by_id=reported_by_id,
    )


def partner_side_detection(
    *, organisation_id: int, participant_id: int, checklist_id: int, on: date
) -> Detection:
    """Key marac:<man>:partner_side:<her checklist>: her checklist met the
    conference criteria. His case learns that and nothing else: no answer, level,
    word or date of hers (the date is the day his side was told)."""
    return Detection(
        organisation_id=organisation_id,
        participant_id=participant_id,
        kind=Kind.MARAC_CRITERION,
        occurred_on=on,
        dedup_key=f"marac:{participant_id}:partner_side:{checklist_id}",
        summary=Words.of(
            gettext_noop("Conference criteria met from the partner side.")
        ),
        visibility=Visibility.PROGRAMME,
        source=RiskEvent.Source.RECORD,
    )
