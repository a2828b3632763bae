"""Sessions: the facilitator's day, the attendance register, cancelling, one-to-ones."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.forms import BaseFormSet
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from participants.models import Participant
from programmes import registers, services
from programmes.attendance import figures_for
from programmes.forms import (
    NOTE_MAX_LENGTH,
    AttendanceFormSet,
    CancelSessionForm,
    OneToOneSessionForm,
    SessionLogForm,
)
from programmes.models import Attendance, Enrolment, Group, Session
from programmes.views.common import error_text, posted_data


@permission_required("programmes.view_session", raise_exception=True)
@require_http_methods(["GET"])
def my_sessions(request):
    """The facilitator's day: today, this week, and logs still owed."""
    today = timezone.localdate()
    user = request.user
    # Subqueries, not joins on the many-to-manys: each session once.
    sessions = (
        Session.objects.visible_to(user)
        .filter(
            Q(pk__in=Session.objects.filter(facilitators=user).values("pk"))
            | Q(group__in=Group.objects.filter(facilitators=user).values("pk"))
        )
        .select_related("group", "participant")
    )
    week_end = today + timedelta(days=6 - today.weekday())
    return TemplateResponse(
        request,
        "programmes/my_sessions.html",
        {
            "today": today,
            "today_sessions": sessions.filter(date=today).exclude(
                status=Session.Status.CANCELLED
            ),
            "week_sessions": sessions.filter(date__gt=today, date__lte=week_end),
            "overdue": sessions.overdue_logs(today).order_by("-date")[:50],
        },
    )


def _session(request, session_uuid):
    return Session.objects.select_related(
        "group__programme", "participant", "module", "logged_by"
    ).visible_or_404(request.user, session_uuid)


def _expected(session: Session) -> list[Participant]:
    """The men a session expects, in name order."""
    if session.is_one_to_one:
        return [session.participant]
    places = (
        Enrolment.objects.filter(group_id=session.group_id)
        .expected_on(session.date)
        .select_related("participant")
        .order_by("participant__last_name", "participant__first_name")
    )
    seen, men = set(), []
    for place in places:
        if place.participant_id not in seen:
            seen.add(place.participant_id)
            men.append(place.participant)
    return men


def _row_initial(participant, attendance):
    if attendance is None:
        return {"participant": participant.uuid}
    return {
        "participant": participant.uuid,
        "status": attendance.status,
        "participation": attendance.participation,
        "note": attendance.note,
        "concern": attendance.concern,
        "urgent": attendance.urgent,
    }


@dataclass
class Register:
    """A session's register as the page shows it: its two forms, the HTTP status
    and the rows where another worker's save clashes with this one (by man)."""

    log_form: SessionLogForm
    formset: BaseFormSet
    status: int = 200
    conflicts: dict = field(default_factory=dict)


# The name of the register's "mark everyone present" button.
EVERYONE_PRESENT = "everyone_present"


@permission_required("programmes.view_session", raise_exception=True)
@require_http_methods(["GET", "POST"])
def session_detail(request, session_uuid):
    """A session, and the attendance of every man in one form and one submit."""
    session = _session(request, session_uuid)
    men = _expected(session)
    by_uuid = {m.uuid: m for m in men}
    existing = {
        a.participant_id: a
        for a in Attendance.objects.filter(session=session).select_related(
            "recorded_by"
        )
    }
    initial = [_row_initial(m, existing.get(m.pk)) for m in men]
    started = session.has_started(timezone.localtime())
    can_record = (
        request.user.has_perm("programmes.record_attendance")
        and session.status != Session.Status.CANCELLED
        and started
    )
    if request.method == "POST":
        if not request.user.has_perm("programmes.record_attendance"):
            raise PermissionDenied
        if EVERYONE_PRESENT in request.POST:
            register = _everyone_present(request, session, initial, by_uuid)
        else:
            register = _save_register(request, session, initial, by_uuid)
        if not isinstance(register, Register):
            return register
    else:
        register = _blank_register(session, initial, by_uuid)
    return TemplateResponse(
        request,
        "programmes/session_detail.html",
        {
            "session": session,
            "log_form": register.log_form,
            "formset": register.formset,
            "rows": _page_rows(register, by_uuid, figures_for([m.pk for m in men])),
            "can_record": can_record,
            "started": started,
            "note_max_length": NOTE_MAX_LENGTH,
            "facilitators": list(session.facilitators.all()),
            "cancel_form": CancelSessionForm(),
            "today": timezone.localdate(),
        },
        status=register.status,
    )


def _blank_register(session, initial, by_uuid) -> Register:
    """The register as saved, to be filled in."""
    return Register(
        log_form=SessionLogForm(
            initial={"version": session.version, "module": session.module_id},
            session=session,
        ),
        formset=AttendanceFormSet(initial=initial, form_kwargs={"allowed": by_uuid}),
    )


def _posted_register(data, session, initial, by_uuid) -> Register:
    return Register(
        log_form=SessionLogForm(data, session=session),
        formset=AttendanceFormSet(
            data, initial=initial, form_kwargs={"allowed": by_uuid}
        ),
    )


def _everyone_present(request, session, initial, by_uuid) -> Register:
    """The posted register again, unsaved, with every man not yet marked marked
    present: the "mark everyone present" button without JavaScript."""
    data = request.POST.copy()
    prefix = AttendanceFormSet().prefix
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), len(initial))
    except ValueError:
        total = 0
    marked = 0
    for index in range(total):
        key = f"{prefix}-{index}-status"
        if not data.get(key):
            data[key] = Attendance.Status.PRESENT
            marked += 1
    messages.info(
        request,
        ngettext(
            "%(count)d man not yet marked is now marked present. Nothing is "
            "saved yet: check the register, then save.",
            "%(count)d men not yet marked are now marked present. Nothing is "
            "saved yet: check the register, then save.",
            marked,
        )
        % {"count": marked},
    )
    return _posted_register(data, session, initial, by_uuid)


def _save_register(request, session, initial, by_uuid):
    """Save the posted register: a redirect to the session once saved, or the
    register to show again (invalid, refused, or clashing with another save)."""
    register = _posted_register(request.POST, session, initial, by_uuid)
    if not (register.log_form.is_valid() and register.formset.is_valid()):
        register.status = 400
        messages.error(request, _("Some rows need attention; nothing was saved."))
        return register
    try:
        saved, merged = registers.record_attendance(
            session=session,
            rows=_attendance_rows(register.formset, by_uuid),
            seen_version=register.log_form.cleaned_data["version"],
            actor=request.user,
            module=register.log_form.cleaned_data["module"],
        )
    except registers.AttendanceConflict as conflict:
        data = _rebase(request.POST, register.formset, conflict)
        register = _posted_register(data, session, initial, by_uuid)
        register.status, register.conflicts = 409, conflict.conflicts
        messages.error(
            request,
            _(
                "Someone else saved this session while you were editing, with "
                "different entries for some men (marked below). Nothing of yours "
                "is saved yet: check those rows and save again."
            ),
        )
        return register
    except ValidationError as error:
        register.status = 400
        messages.error(request, error_text(error))
        return register
    if merged:
        messages.success(
            request,
            _(
                "Attendance saved, together with the changes another worker saved "
                "meanwhile."
            ),
        )
    else:
        messages.success(request, _("Attendance saved for the whole group."))
    return redirect(saved)


def _attendance_rows(formset, by_uuid) -> list[registers.AttendanceRow]:
    """Each man's posted line, marked changed if it differs from what was seen."""
    rows = []
    for form in formset.forms:
        participant = by_uuid[form.cleaned_data["participant"]]
        row = registers.AttendanceRow(
            participant_id=participant.pk,
            status=form.cleaned_data["status"],
            participation=form.cleaned_data["participation"],
            note=form.cleaned_data["note"],
            concern=form.cleaned_data["concern"],
            urgent=form.cleaned_data["urgent"],
            seen=form.seen(),
        )
        row.changed = row.seen != row.values()
        rows.append(row)
    return rows


def _page_rows(register: Register, by_uuid, figures) -> list[dict]:
    """The register's lines for the template: each form with its man, his
    attendance figures and, on a clash, what the other worker saved."""
    rows = []
    for form in register.formset.forms:
        try:
            participant = by_uuid.get(
                form.fields["participant"].to_python(str(form["participant"].value()))
            )
        except ValidationError:
            participant = None
        rows.append(
            {
                "form": form,
                "participant": participant,
                "figures": figures.get(participant.pk) if participant else None,
                "conflict": participant and participant.pk in register.conflicts,
                "theirs": (
                    register.conflicts.get(participant.pk) if participant else None
                ),
            }
        )
    return rows


def _rebase(data, formset, conflict):
    """The posted form, re-based on what is saved now, keeping the worker's entries.

    The hidden "seen" values become the current saved ones, so saving again
    applies this worker's entries knowingly.
    """
    data = data.copy()
    data["version"] = str(conflict.session.version)
    current = {
        a.participant_id: a
        for a in Attendance.objects.filter(session=conflict.session).select_related(
            "participant"
        )
    }
    by_uuid = {a.participant.uuid: a for a in current.values()}
    for form in formset.forms:
        attendance = by_uuid.get(form.cleaned_data["participant"])
        values = {
            "status": attendance.status if attendance else "",
            "participation": attendance.participation if attendance else "",
            "note": attendance.note if attendance else "",
            "concern": str(bool(attendance and attendance.concern)),
            "urgent": str(bool(attendance and attendance.urgent)),
        }
        for name, value in values.items():
            data[form.add_initial_prefix(form.add_prefix(name))] = (
                "" if value is None else str(value)
            )
    return data


@permission_required("programmes.change_session", raise_exception=True)
@require_http_methods(["GET", "POST"])
def session_cancel(request, session_uuid):
    session = _session(request, session_uuid)
    form = CancelSessionForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_session(
                session=session, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Session cancelled."))
            return redirect(session)
    return TemplateResponse(
        request,
        "programmes/session_cancel.html",
        {"form": form, "session": session},
        status=400 if form.errors else 200,
    )


def _no_unconfirmed_clash(form) -> bool:
    """Warn, on the form, of a worker's other session at the same time; the
    booking goes ahead once "book anyway" is ticked (issue 14, item 14)."""
    data = form.cleaned_data
    if data["book_anyway"]:
        return True
    clashes = Session.objects.clashing_with(
        day=data["date"], start_time=data["start_time"], workers=data["facilitators"]
    )
    for session in clashes:
        # No man's name: the worker's other one-to-one may be a case the
        # person booking cannot see.
        what = session.group.name if session.group else _("a one-to-one session")
        form.add_error(
            None,
            _(
                "Clash: %(what)s is booked at %(time)s that day with the same worker. "
                'Choose another time, or tick "Book it even if…" to book it anyway.'
            )
            % {"what": what, "time": session.start_time.strftime("%H:%M")},
        )
    return not clashes


@permission_required("programmes.add_session", raise_exception=True)
@require_http_methods(["GET", "POST"])
def one_to_one_create(request, participant_uuid):
    participant = Participant.objects.case_file_or_404(request.user, participant_uuid)
    form = OneToOneSessionForm(posted_data(request), user=request.user)
    if request.method == "POST" and form.is_valid() and _no_unconfirmed_clash(form):
        session = services.add_one_to_one_session(
            participant=participant,
            day=form.cleaned_data["date"],
            start_time=form.cleaned_data["start_time"],
            facilitators=list(form.cleaned_data["facilitators"]),
            module=form.cleaned_data["module"],
            actor=request.user,
        )
        messages.success(request, _("One-to-one session booked."))
        return redirect(session)
    return TemplateResponse(
        request,
        "programmes/one_to_one_form.html",
        {"form": form, "participant": participant},
        status=400 if form.errors else 200,
    )
