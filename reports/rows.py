"""One line of the list behind a figure: when, who, and what the record says.

The man's name links to his case file and the woman's to her record; a link is
only shown to readers who may open it, and the list itself is limited to what
the reader may see (`reports.views.figure_records`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from accounts.calendar import local_date
from participants.models import Child, Participant, StatusChange
from partner_contact.models import Partner, SafetyPlan
from programmes.models import Attendance, Enrolment, ExitReport, Session
from referrals.models import OnwardReferral, Referral
from risk.models import Alert, RiskAssessment, RiskEvent


@dataclass(frozen=True)
class Row:
    on: date | None
    who: str
    url: str | None
    what: str
    record_url: str | None = None


def _man(man: Participant | None) -> tuple[str, str | None]:
    if man is None:
        return "", None
    return f"{man.full_name} ({man.reference})", man.get_absolute_url()


def referral_row(referral: Referral) -> Row:
    return Row(
        referral.received_on,
        referral.full_name,
        None,
        f"{referral.source_display}: {referral.get_status_display()}",
        referral.get_absolute_url(),
    )


def move_row(move: StatusChange) -> Row:
    who, url = _man(move.participant)
    to = Participant.Status(move.to_status).label
    return Row(move.effective_on, who, url, f"{to}: {move.reason_label}")


def man_row(man: Participant) -> Row:
    who, url = _man(man)
    return Row(man.status_changed_on, who, url, man.get_status_display())


def place_row(place: Enrolment) -> Row:
    who, url = _man(place.participant)
    what = str(place.group)
    if place.outcome:
        what += f": {place.get_outcome_display()} ({place.end_date})"
    return Row(place.start_date, who, url, what)


def session_row(session: Session) -> Row:
    who, url = _man(session.participant) if session.participant_id else ("", None)
    what = str(session.group) if session.group_id else ""
    return Row(
        session.date,
        who,
        url,
        f"{what} {session.get_status_display()}".strip(),
        session.get_absolute_url(),
    )


def attendance_row(place: Attendance) -> Row:
    who, url = _man(place.participant)
    return Row(
        place.session.date,
        who,
        url,
        f"{place.session.group}: {place.get_status_display()}",
    )


def child_row(child: Child) -> Row:
    who, url = _man(child.participant)
    return Row(None, who, url, f"{child.name}: {child.get_protection_status_display()}")


def onward_row(onward: OnwardReferral) -> Row:
    who, url = _man(onward.participant)
    return Row(
        onward.made_on, who, url, f"{onward.get_kind_display()}: {onward.agency}"
    )


def assessment_row(assessment: RiskAssessment) -> Row:
    who, url = _man(assessment.participant)
    return Row(
        assessment.assessed_on,
        who,
        url,
        assessment.get_level_display(),
        assessment.get_absolute_url(),
    )


def exit_row(report: ExitReport) -> Row:
    who, url = _man(report.participant)
    return Row(
        report.ended_on,
        who,
        url,
        f"{report.get_outcome_display()}; {report.get_risk_level_at_exit_display()}",
        report.get_absolute_url(),
    )


def event_row(event: RiskEvent) -> Row:
    who, url = _man(event.participant)
    return Row(event.occurred_on, who, url, event.get_kind_display())


def alert_row(alert: Alert) -> Row:
    who, url = _man(alert.event.participant)
    return Row(
        local_date(alert.organisation, alert.created_at),
        who,
        url,
        f"{alert.event.get_kind_display()}: {alert.get_status_display()}",
        alert.get_absolute_url(),
    )


def partner_row(partner: Partner) -> Row:
    return Row(None, partner.name, partner.get_absolute_url(), "")


def safety_plan_row(plan: SafetyPlan) -> Row:
    return Row(
        local_date(plan.organisation, plan.created_at),
        plan.partner.name,
        plan.partner.get_absolute_url(),
        str(plan),
    )


DESCRIBE = {
    Referral: referral_row,
    StatusChange: move_row,
    Participant: man_row,
    Enrolment: place_row,
    Session: session_row,
    Attendance: attendance_row,
    Child: child_row,
    OnwardReferral: onward_row,
    RiskAssessment: assessment_row,
    ExitReport: exit_row,
    RiskEvent: event_row,
    Alert: alert_row,
    Partner: partner_row,
    SafetyPlan: safety_plan_row,
}


def describe(record) -> Row:
    return DESCRIBE[type(record)](record)
