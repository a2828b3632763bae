"""What the programmes app adds to a man's case file (casefile:detail)."""

from datetime import date

from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.choices import label_of
from accounts.links import uuid_link
from accounts.roles import CASE_ROLES
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
    enrolments = _enrolments(participant, user)
    attendances = _attendances(participant, user)
    upcoming = _upcoming_one_to_ones(participant, user)
    figures = figures_for([participant.pk])[participant.pk]
    return {
        "missed_dates": missed_session_dates(participant, user, attendances),
        "enrolments": enrolments,
        "current_enrolments": [e for e in enrolments if e.is_current],
        "figures": figures,
        "latest_sessions": _latest_sessions(attendances[:10]),
        "upcoming_one_to_ones": upcoming,
        "exit_reports": _exit_reports(enrolments),
        "timeline": _session_entries(attendances) + _place_entries(enrolments),
    }


def _enrolments(participant: Participant, user) -> list[Enrolment]:
    """His places in groups, with what the panel shows of each and its report."""
    return list(
        Enrolment.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("group__programme", "exit_report")
        # What the panel, his timeline and the exit reports' list show: the
        # three wide tables' other columns were a third of the query's work.
        .only(
            "uuid",
            "start_date",
            "end_date",
            "outcome",
            "outcome_reason",
            "group__uuid",
            "group__name",
            "group__programme__name",
            "group__programme__minimum_attendance_percent",
            "exit_report__uuid",
            "exit_report__enrolment",
            "exit_report__outcome",
            "exit_report__ended_on",
            "exit_report__sessions_attended",
            "exit_report__sessions_offered",
            "exit_report__notify_marac",
        )
    )


def _attendances(participant: Participant, user) -> list[Attendance]:
    """Every session he was expected at, latest first."""
    return list(
        Attendance.objects.of_case(participant, user)
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
            "session__status",
            "session__group__name",
            "session__module__title",
        )
        .order_by("-session__date")
    )


def missed_session_dates(
    participant: Participant, user, attendances: list[Attendance] | None = None
) -> list[date]:
    """The dates of held sessions he missed without an excuse, oldest first (the
    risk panel's chart marks them). Taken from `attendances`, his case file's
    sessions already read, where they are all of his (a caseworker's or a
    manager's case file; a facilitator's holds only his own groups'), so the
    chart needs no query of its own; read otherwise."""
    if attendances is not None and user.role in CASE_ROLES:
        return sorted(
            attendance.session.date
            for attendance in attendances
            if attendance.status == Attendance.Status.UNEXCUSED
            and attendance.session.status == Session.Status.HELD
        )
    return list(
        Attendance.objects.filter(
            participant=participant,
            status=Attendance.Status.UNEXCUSED,
            session__status=Session.Status.HELD,
        )
        .order_by("session__date")
        .values_list("session__date", flat=True)
    )


def _latest_sessions(attendances: list[Attendance]) -> list[dict]:
    """His latest sessions as the panel's table shows them, each cell worked out
    here (the link reversed once for all rows, the status named by one lookup):
    the template's filters and lookups through three relations were a quarter of
    the panel's work."""
    session_url = uuid_link("programmes:session_detail")
    one_to_one = _("One-to-one")
    short_date = get_format("SHORT_DATE_FORMAT")
    rows = []
    for attendance in attendances:
        session = attendance.session
        where = session.group.name if session.group else one_to_one
        if session.module:
            where = f"{where}: {session.module.title}"
        rows.append(
            {
                "url": session_url(session.uuid),
                "date": date_format(session.date, short_date),
                "session": where,
                "status": label_of(Attendance.Status, attendance.status),
                "concern": attendance.concern,
                "participation": attendance.participation or "—",
                "note": Truncator(attendance.note).chars(120),
            }
        )
    return rows


def _upcoming_one_to_ones(participant: Participant, user) -> list[Session]:
    return list(
        Session.objects.visible_to(user)
        .filter(participant=participant, date__gte=timezone.localdate())
        .exclude(status=Session.Status.CANCELLED)
        .order_by("date", "start_time")
        # The panel links each by its date and time.
        .only("uuid", "date", "start_time")
    )


def _session_entries(attendances: list[Attendance]) -> list[TimelineEntry]:
    """One timeline entry a session, red where he was absent or worried someone."""
    session_url = uuid_link("programmes:session_detail")
    # Said once for every row: two years of sessions are a hundred rows.
    one_to_one = _("One-to-one")
    concern_flagged = _("Concern flagged.")
    title = _("%(session)s — %(status)s")
    statuses = {}
    entries = []
    for attendance in attendances:
        session = attendance.session
        where = session.group.name if session.group else one_to_one
        module = f": {session.module.title}" if session.module else ""
        detail = attendance.note[:140]
        if attendance.concern:
            detail = f"{concern_flagged} {detail}".strip()
        if attendance.status not in statuses:
            statuses[attendance.status] = label_of(
                Attendance.Status, attendance.status
            ).lower()
        entries.append(
            TimelineEntry(
                when=session.date,
                kind="session",
                title=title
                % {
                    "session": f"{where}{module}",
                    "status": statuses[attendance.status],
                },
                detail=detail,
                url=session_url(session.uuid),
                tone="danger"
                if attendance.concern
                else TONES.get(attendance.status, ""),
            )
        )
    return entries


def _place_entries(enrolments: list[Enrolment]) -> list[TimelineEntry]:
    """When he started in each group and, if he has left, how it ended."""
    entries = []
    for enrolment in enrolments:
        group = enrolment.group.name
        entries.append(
            TimelineEntry(
                when=enrolment.start_date,
                kind="programme",
                title=_("Started in %(group)s") % {"group": group},
            )
        )
        if enrolment.end_date:
            entries.append(
                TimelineEntry(
                    when=enrolment.end_date,
                    kind="programme",
                    title=_("Left %(group)s: %(outcome)s")
                    % {
                        "group": group,
                        "outcome": label_of(
                            Enrolment.Outcome, enrolment.outcome
                        ).lower(),
                    },
                    detail=enrolment.outcome_reason_label,
                    url=_exit_report_url(enrolment),
                    tone="warning",
                )
            )
    return entries


def _exit_reports(enrolments: list[Enrolment]) -> list:
    """The exit reports of his ended places, read with the places."""
    reports = (getattr(enrolment, "exit_report", None) for enrolment in enrolments)
    return [report for report in reports if report is not None]


def _exit_report_url(enrolment):
    report = getattr(enrolment, "exit_report", None)
    return report.get_absolute_url() if report else ""
