"""What the risk app adds to a man's case file (casefile:detail).

`case_file_context` returns {"risk": {...}, "timeline": [...], "workers": [...]}:
the panel's data under one key (so it never clashes with another app's),
timeline entries, and the records whose workers (who assessed, who wrote) the
case-file view names in its one query of names. Everything is read through
`of_case(participant, user)`, `visible_to(user)` for one man, so partner-side
notes and events appear only for partner-support workers and managers.
"""

from datetime import date

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import FIREWALL_ROLES
from participants.models import Participant, RiskLevel
from participants.timeline import TimelineEntry
from programmes.case_file import missed_session_dates
from risk import marac
from risk.models import (
    MonitoringPeriod,
    RiskAssessment,
    RiskEvent,
    RiskNote,
    Visibility,
)
from risk.models.assessments import LEVEL_RANK

LEVEL_TONES = {RiskLevel.HIGH: "danger", RiskLevel.MEDIUM: "warning"}
NOTE_TONES = {RiskNote.Severity.URGENT: "danger", RiskNote.Severity.CONCERN: "warning"}


def marac_offer(
    participant: Participant,
    user,
    latest: RiskAssessment | None | object = marac.NOT_READ,
) -> dict | None:
    """The criteria he meets and the link to a pre-filled referral, if he has none.

    The case file's one MARAC offer: the referrals panel beside it links to the
    same form without judging the criteria again. `latest` is his latest
    assessment as the panel read it (None if he has none); left out, it is read
    here.
    """
    if not user.has_perm("referrals.add_onwardreferral"):
        return None
    seen = marac.picture(participant, latest=latest)
    if not seen.criteria and not seen.partner_side:
        return None
    # The man's onward-referral page lives on the top floor (casefile), which
    # asks risk.marac for the pre-fill.
    url = reverse("casefile:onward_create", args=[participant.uuid]) + "?kind=marac"
    labels = {
        marac.HIGH_COUNT: _("Visible high risk"),
        marac.PROFESSIONAL_JUDGEMENT: _("Professional judgement"),
        marac.ESCALATION: _("Potential escalation"),
        marac.REPEAT: _("Repeat within twelve months"),
    }
    criteria = [labels[c] for c in seen.criteria]
    if seen.partner_side:
        criteria.append(marac.partner_side_words())
    return {
        "criteria": criteria,  # with partner_side
        "url": url,
        "previous": seen.previous_referral_on,
    }


def case_file_context(
    participant: Participant, user, missed: list[date] | None = None
) -> dict:
    """Context for templates/risk/_case_file.html, with "timeline" entries and
    the "workers" its records name, for a man whose case file the user may open
    (found through `Participant.objects.case_file_or_404`). `missed`: the dates
    of held sessions he missed without an excuse, oldest first, if the caller
    has read them (the programmes panel's); read here otherwise."""
    today = timezone.localdate()
    assessments = list(
        RiskAssessment.objects.of_case(participant, user).order_by("assessed_on", "pk")
    )
    inside_firewall = user.role in FIREWALL_ROLES
    notes = RiskNote.objects.of_case(participant, user)
    # Of his session and her contact the panel shows a date and a link: those
    # two columns, not every column of two wide tables.
    notes = list(
        notes.annotate(
            session_date=F("session__date"),
            partner_contact_uuid=F("partner_contact__uuid"),
        )
        if inside_firewall
        else notes.annotate(session_date=F("session__date"))
    )
    events = list(RiskEvent.objects.of_case(participant, user))
    periods = list(MonitoringPeriod.objects.of_case(participant, user))
    # The chart marks the dates of sessions he missed; nothing else is read.
    if missed is None:
        missed = missed_session_dates(participant, user)
    chart = chart_data(assessments, events, notes, missed)
    return {
        "risk": {
            "participant": participant,
            "level": participant.risk_level,
            "level_label": participant.get_risk_level_display(),
            "assessed_on": participant.risk_level_assessed_on,
            "latest": assessments[-1] if assessments else None,
            "assessments": list(reversed(assessments)),
            "notes": notes,
            "events": events,
            "periods": periods,
            "active_periods": [p for p in periods if p.is_active(today)],
            "missed": missed,
            # Every assessment of a man the user may see is visible to the user:
            # the last of the list is his latest.
            "marac": marac_offer(
                participant, user, assessments[-1] if assessments else None
            ),
            "inside_firewall": inside_firewall,
            "chart": chart,
            "chart_rows": [
                {
                    "date": label,
                    "level": chart["level_names"][level] if level else "",
                    "score": score,
                    "signals": "; ".join(signals),
                }
                for label, level, score, signals in zip(
                    chart["labels"],
                    chart["level"],
                    chart["score"],
                    chart["signals"],
                    strict=True,
                )
            ],
            "today": today,
        },
        "timeline": timeline(assessments, notes, events, periods),
        # Who assessed him and who wrote each note: named by the case-file view
        # with the workers of his own records, in one query of their names.
        "workers": [(assessments, ("assessed_by",)), (notes, ("author",))],
    }


def chart_data(assessments, events, notes, missed) -> dict:
    """Assessed level and score over time, with other signals on the same dates
    (`missed`: the dates of sessions he missed)."""
    points: dict = {}

    def at(day):
        return points.setdefault(day, {"level": None, "score": None, "signals": []})

    for a in assessments:
        at(a.assessed_on).update(level=LEVEL_RANK[a.level], score=a.score)
    for e in events:
        if e.visibility != Visibility.PROGRAMME:
            signal = _("Event: %(kind)s (partner side)")
        else:
            signal = _("Event: %(kind)s")
        at(e.occurred_on)["signals"].append(signal % {"kind": e.get_kind_display()})
    for n in notes:
        if n.visibility != Visibility.PROGRAMME:
            signal = _("Note, %(severity)s (partner side)")
        else:
            signal = _("Note, %(severity)s")
        at(timezone.localdate(n.created_at))["signals"].append(
            signal % {"severity": n.get_severity_display()}
        )
    for day in missed:
        at(day)["signals"].append(_("Missed session (unexcused)"))
    days = sorted(points)
    return {
        "labels": [d.isoformat() for d in days],
        "level": [points[d]["level"] for d in days],
        "score": [points[d]["score"] for d in days],
        "signals": [points[d]["signals"] for d in days],
        "level_names": ["", _("Standard"), _("Medium"), _("High")],
    }


def timeline(assessments, notes, events, periods) -> list[TimelineEntry]:
    entries = [
        TimelineEntry(
            when=a.assessed_on,
            kind="risk_assessment",
            title=_("Risk assessment: %(level)s") % {"level": a.get_level_display()},
            detail=ngettext(
                "%(yes)s yes answer, score %(score)s",
                "%(yes)s yes answers, score %(score)s",
                a.yes_count,
            )
            % {"yes": a.yes_count, "score": a.score},
            url=a.get_absolute_url(),
            tone=LEVEL_TONES.get(a.level, ""),
        )
        for a in assessments
    ]
    entries += [
        TimelineEntry(
            when=n.created_at,
            kind="risk_note",
            title=_("Risk note (%(severity)s)")
            % {"severity": n.get_severity_display()},
            detail=n.text[:200],
            tone=NOTE_TONES.get(n.severity, ""),
        )
        for n in notes
    ]
    entries += [
        TimelineEntry(
            when=e.occurred_on,
            kind="risk_event",
            title=e.get_kind_display(),
            detail=e.summary,
            tone="danger" if e.kind in RiskEvent.INCIDENT_KINDS else "warning",
        )
        for e in events
    ]
    entries += [
        TimelineEntry(
            when=p.starts_on,
            kind="monitoring_period",
            title=_("Period of increased risk begins"),
            detail=_("%(reason)s, until %(date)s")
            % {
                "reason": p.get_reason_display(),
                "date": date_format(p.ends_on, "DATE_FORMAT"),
            },
            tone="warning",
        )
        for p in periods
    ]
    return entries
