"""What the programmes app adds to a man's case file (casefile:detail)."""

from django.utils import timezone

from accounts.links import uuid_link
from participants.models import Participant
from participants.timeline import TimelineEntry
from programmes.attendance import figures_for
from programmes.models import Attendance, Enrolment, Session

TONES = {
    Attendance.Status.UNEXCUSED: "danger",
    Attendance.Status.EXCUSED: "secondary",
    Attendance.Status.LATE: "warning",
    Attendance.Status.LEFT_EARLY: "warning",
}


def case_file_context(participant: Participant, user) -> dict:
    """Context for templates/programmes/_case_file.html, with "timeline" entries.

    A fixed number of queries, however many sessions he has had.
    """
    enrolments = list(
        Enrolment.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("group__programme", "exit_report")
    )
    attendances = list(
        Attendance.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("session__group", "session__module")
        # What his table and timeline show of each session: two years of
        # sessions otherwise bring every column of four tables.
        .only(
            "status",
            "concern",
            "note",
            "participation",
            "session__uuid",
            "session__date",
            "session__group__name",
            "session__module__title",
        )
        .order_by("-session__date")
    )
    session_url = uuid_link("programmes:session_detail")
    upcoming = list(
        Session.objects.visible_to(user)
        .filter(participant=participant, date__gte=timezone.localdate())
        .exclude(status=Session.Status.CANCELLED)
        .order_by("date", "start_time")
    )
    figures = figures_for([participant.pk])[participant.pk]
    timeline = []
    for attendance in attendances:
        session = attendance.session
        where = session.group.name if session.group else "One-to-one"
        module = f": {session.module.title}" if session.module else ""
        detail = attendance.note[:140]
        if attendance.concern:
            detail = f"Concern flagged. {detail}".strip()
        timeline.append(
            TimelineEntry(
                when=session.date,
                kind="session",
                title=f"{where}{module} — {attendance.get_status_display().lower()}",
                detail=detail,
                url=session_url(session.uuid),
                tone="danger"
                if attendance.concern
                else TONES.get(attendance.status, ""),
            )
        )
    exit_reports = []
    for enrolment in enrolments:
        timeline.append(
            TimelineEntry(
                when=enrolment.start_date,
                kind="programme",
                title=f"Started in {enrolment.group.name}",
            )
        )
        if enrolment.end_date:
            timeline.append(
                TimelineEntry(
                    when=enrolment.end_date,
                    kind="programme",
                    title=f"Left {enrolment.group.name}: "
                    f"{enrolment.get_outcome_display().lower()}",
                    detail=enrolment.outcome_reason_label,
                    url=_exit_report_url(enrolment),
                    tone="warning",
                )
            )
        report = getattr(enrolment, "exit_report", None)
        if report is not None:
            exit_reports.append(report)
    return {
        "enrolments": enrolments,
        "current_enrolments": [e for e in enrolments if e.is_current],
        "figures": figures,
        "attendances": attendances[:10],
        "upcoming_one_to_ones": upcoming,
        "exit_reports": exit_reports,
        "timeline": timeline,
    }


def _exit_report_url(enrolment):
    report = getattr(enrolment, "exit_report", None)
    return report.get_absolute_url() if report else ""
