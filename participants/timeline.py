"""The case file's timeline: one list of dated entries from every app."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import label_of
from participants.models import CaseNote

# What the timeline's badge says for each kind of entry; every app's panel uses
# these machine names (docs/architecture.md, "Case file panels").
KIND_LABELS = {
    "intake": _("Intake"),
    "status": _("Status"),
    "note": _("Case note"),
    "session": _("Session"),
    "programme": _("Programme"),
    "referral": _("Referral"),
    "onward_referral": _("Onward referral"),
    "risk_assessment": _("Risk assessment"),
    "risk_note": _("Risk note"),
    "risk_event": _("Risk event"),
    "monitoring_period": _("Increased risk"),
}


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened in a man's case, as the timeline shows it."""

    when: date | datetime
    kind: str  # a short machine name, e.g. "session", "status", "risk_note"
    title: str
    detail: str = ""
    url: str = ""
    # "danger", "warning", "info" or "" for Bootstrap's badge colours.
    tone: str = ""

    @property
    def label(self) -> str:
        """The kind in words; a kind not listed still reads as words, not a code."""
        label = KIND_LABELS.get(self.kind)
        return str(label) if label else self.kind.replace("_", " ").capitalize()

    @property
    def sort_key(self) -> tuple[date, time]:
        """Dated entries sort before timed ones of the same day."""
        if isinstance(self.when, datetime):
            local = timezone.localtime(self.when)
            return (local.date(), local.time())
        return (self.when, time.min)


def own_timeline(participant, status_changes, notes) -> list[TimelineEntry]:
    """The participants app's entries: status moves, case notes and the intake."""
    # A case entered after the fact (or imported) opened at its first move.
    first_move = min((c.effective_on for c in status_changes), default=None)
    opened = participant.created_at
    if first_move and first_move < timezone.localtime(opened).date():
        opened = first_move
    entries = [
        TimelineEntry(
            when=opened,
            kind="intake",
            title=_("Case opened (%(reference)s)")
            % {"reference": participant.reference},
        )
    ]
    for change in status_changes:
        to_status = change.get_to_status_display()
        if change.approval == change.Approval.REJECTED:
            title = _("Move to “%(status)s” rejected") % {"status": to_status}
            tone = "secondary"
        elif change.is_pending:
            title = _("Move to “%(status)s” awaiting approval") % {"status": to_status}
            tone = "warning"
        else:
            title = f"{change.get_from_status_display()} → {to_status}"
            tone = "info"
        entries.append(
            TimelineEntry(
                when=change.effective_on,
                kind="status",
                title=title,
                detail=_("%(reason)s (by %(worker)s)")
                % {"reason": change.reason_label, "worker": change.changed_by},
                tone=tone,
            )
        )
    for note in notes:
        entries.append(
            TimelineEntry(
                when=note.occurred_on,
                kind="note",
                title=_("%(kind)s note by %(author)s")
                % {"kind": label_of(CaseNote.Kind, note.kind), "author": note.author},
                detail=note.body[:140],
            )
        )
    return entries
