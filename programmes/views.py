from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from participants.models import Participant
from participants.services import can_approve, move_participant
from programmes import services
from programmes.attendance import figures_for
from programmes.filters import GroupFilter
from programmes.forms import (
    AttendanceFormSet,
    CancelSessionForm,
    EnrolForm,
    EnrolmentEndForm,
    ExitReportForm,
    GenerateSessionsForm,
    GroupForm,
    ModuleForm,
    OneToOneSessionForm,
    ProgrammeForm,
    SessionLogForm,
)
from programmes.models import (
    OUTCOME_STATUS,
    Attendance,
    Enrolment,
    ExitReport,
    Group,
    Module,
    Programme,
    Session,
)

PAGE_SIZE = 25


def _data(request):
    """The posted data, even when empty (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


# Programmes and modules ---------------------------------------------------------


@permission_required("programmes.view_programme", raise_exception=True)
@require_http_methods(["GET"])
def programme_list(request):
    programmes = (
        Programme.objects.visible_to(request.user)
        .annotate(
            group_count=Count("groups", distinct=True),
            module_count=Count("modules", distinct=True),
        )
        .order_by("name")
    )
    return TemplateResponse(
        request, "programmes/programme_list.html", {"programmes": programmes}
    )


@permission_required("programmes.add_programme", raise_exception=True)
@require_http_methods(["GET", "POST"])
def programme_create(request):
    form = ProgrammeForm(_data(request), organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid():
        programme = form.save(commit=False)
        programme.organisation = request.user.organisation
        programme.save()
        messages.success(request, f"Programme {programme.name} created.")
        return redirect(programme)
    return TemplateResponse(
        request,
        "programmes/programme_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@permission_required("programmes.change_programme", raise_exception=True)
@require_http_methods(["GET", "POST"])
def programme_update(request, programme_uuid):
    programme = get_object_or_404(
        Programme.objects.visible_to(request.user), uuid=programme_uuid
    )
    form = ProgrammeForm(
        _data(request), instance=programme, organisation=programme.organisation
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Programme saved.")
        return redirect(programme)
    return TemplateResponse(
        request,
        "programmes/programme_form.html",
        {"form": form, "programme": programme},
        status=400 if form.errors else 200,
    )


@permission_required("programmes.view_programme", raise_exception=True)
@require_http_methods(["GET"])
def programme_detail(request, programme_uuid):
    programme = get_object_or_404(
        Programme.objects.visible_to(request.user), uuid=programme_uuid
    )
    groups = Group.objects.visible_to(request.user).filter(programme=programme)
    return TemplateResponse(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "modules": programme.modules.all(),
            "groups": groups,
        },
    )


@permission_required("programmes.add_module", raise_exception=True)
@require_http_methods(["GET", "POST"])
def module_create(request, programme_uuid):
    programme = get_object_or_404(
        Programme.objects.visible_to(request.user), uuid=programme_uuid
    )
    initial = {"order": programme.modules.count() + 1}
    form = ModuleForm(_data(request), programme=programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        module = form.save(commit=False)
        module.programme = programme
        module.organisation_id = programme.organisation_id
        module.save()
        messages.success(request, f"Module {module.title} added.")
        return redirect(programme)
    return TemplateResponse(
        request,
        "programmes/module_form.html",
        {"form": form, "programme": programme},
        status=400 if form.errors else 200,
    )


@permission_required("programmes.change_module", raise_exception=True)
@require_http_methods(["GET", "POST"])
def module_update(request, module_uuid):
    module = get_object_or_404(
        Module.objects.visible_to(request.user).select_related("programme"),
        uuid=module_uuid,
    )
    form = ModuleForm(_data(request), instance=module, programme=module.programme)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Module saved.")
        return redirect(module.programme)
    return TemplateResponse(
        request,
        "programmes/module_form.html",
        {"form": form, "programme": module.programme, "module": module},
        status=400 if form.errors else 200,
    )


# Groups --------------------------------------------------------------------------


@permission_required("programmes.view_group", raise_exception=True)
@require_http_methods(["GET"])
def group_list(request):
    base = (
        Group.objects.visible_to(request.user)
        .select_related("programme")
        .prefetch_related("facilitators")
        .annotate(
            places=Count("enrolments", filter=Q(enrolments__end_date__isnull=True))
        )
        .order_by("name")
    )
    filterset = GroupFilter(request.GET or None, queryset=base, user=request.user)
    queryset = filterset.qs if filterset.is_bound else base
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "programmes/group_list.html",
        {"filter": filterset, "page_obj": page, "query_string": query.urlencode()},
        status=400 if filterset.is_bound and filterset.errors else 200,
    )


@permission_required("programmes.add_group", raise_exception=True)
@require_http_methods(["GET", "POST"])
def group_create(request):
    form = GroupForm(_data(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        group = form.save(commit=False)
        group.organisation = request.user.organisation
        group.save()
        form.save_m2m()
        messages.success(request, f"Group {group.name} created.")
        return redirect(group)
    return TemplateResponse(
        request,
        "programmes/group_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@permission_required("programmes.change_group", raise_exception=True)
@require_http_methods(["GET", "POST"])
def group_update(request, group_uuid):
    group = get_object_or_404(Group.objects.visible_to(request.user), uuid=group_uuid)
    form = GroupForm(_data(request), instance=group, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Group saved.")
        return redirect(group)
    return TemplateResponse(
        request,
        "programmes/group_form.html",
        {"form": form, "group": group},
        status=400 if form.errors else 200,
    )


@permission_required("programmes.view_group", raise_exception=True)
@require_http_methods(["GET"])
def group_detail(request, group_uuid):
    return _group_page(request, group_uuid)


def _group_page(request, group_uuid, generate_form=None):
    group = get_object_or_404(
        Group.objects.visible_to(request.user)
        .select_related("programme")
        .prefetch_related("facilitators"),
        uuid=group_uuid,
    )
    places = list(
        group.enrolments.current()
        .select_related("participant")
        .order_by("participant__last_name", "participant__first_name")
    )
    figures = figures_for([p.participant_id for p in places])
    today = timezone.localdate()
    sessions = list(
        group.sessions.select_related("module").order_by("date", "start_time")
    )
    return TemplateResponse(
        request,
        "programmes/group_detail.html",
        {
            "group": group,
            "members": [(p, figures[p.participant_id]) for p in places],
            "past_sessions": [s for s in sessions if s.date < today][::-1][:12],
            "upcoming_sessions": [s for s in sessions if s.date >= today][:12],
            "generate_form": generate_form
            or GenerateSessionsForm(
                initial={
                    "start": max(group.start_date, today),
                    "end": group.end_date or today + timedelta(weeks=12),
                }
            ),
            "today": today,
        },
        status=400 if generate_form is not None else 200,
    )


@permission_required("programmes.add_session", raise_exception=True)
@require_POST
def group_generate_sessions(request, group_uuid):
    """Fill the group's calendar with weekly sessions between two dates."""
    group = get_object_or_404(Group.objects.visible_to(request.user), uuid=group_uuid)
    form = GenerateSessionsForm(request.POST)
    if form.is_valid():
        try:
            created = services.generate_sessions(
                group=group,
                actor=request.user,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(
                request,
                f"{len(created)} sessions added to the calendar"
                + ("." if created else ": every week had one already."),
            )
            return redirect(group)
    messages.error(request, "The sessions could not be generated; see below.")
    return _group_page(request, group.uuid, generate_form=form)


# Sessions ------------------------------------------------------------------------


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
    return get_object_or_404(
        Session.objects.visible_to(request.user).select_related(
            "group__programme", "participant", "module", "logged_by"
        ),
        uuid=session_uuid,
    )


def _expected(session: Session) -> list[Participant]:
    """The men a session expects, in name order."""
    if session.is_one_to_one:
        return [session.participant]
    places = (
        Enrolment.objects.filter(group_id=session.group_id)
        .on(session.date)
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
    }


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
    status, conflicts = 200, {}
    can_record = (
        request.user.has_perm("programmes.record_attendance")
        and session.status != Session.Status.CANCELLED
        and session.date <= timezone.localdate()
    )
    if request.method == "POST":
        if not request.user.has_perm("programmes.record_attendance"):
            raise PermissionDenied
        data = request.POST
        log_form = SessionLogForm(data, session=session)
        formset = AttendanceFormSet(
            data, initial=initial, form_kwargs={"allowed": by_uuid}
        )
        if log_form.is_valid() and formset.is_valid():
            rows = []
            for form in formset.forms:
                participant = by_uuid[form.cleaned_data["participant"]]
                row = services.AttendanceRow(
                    participant_id=participant.pk,
                    status=form.cleaned_data["status"],
                    participation=form.cleaned_data["participation"],
                    note=form.cleaned_data["note"],
                    concern=form.cleaned_data["concern"],
                    seen=form.seen(),
                )
                row.changed = row.seen != row.values()
                rows.append(row)
            try:
                saved, merged = services.record_attendance(
                    session=session,
                    rows=rows,
                    seen_version=log_form.cleaned_data["version"],
                    actor=request.user,
                    module=log_form.cleaned_data["module"],
                )
            except services.AttendanceConflict as conflict:
                status, conflicts = 409, conflict.conflicts
                data = _rebase(data, formset, conflict)
                log_form = SessionLogForm(data, session=session)
                formset = AttendanceFormSet(
                    data, initial=initial, form_kwargs={"allowed": by_uuid}
                )
                messages.error(
                    request,
                    "Someone else saved this session while you were editing, with "
                    "different entries for some men (marked below). Nothing of yours "
                    "is saved yet: check those rows and save again.",
                )
            except ValidationError as error:
                status = 400
                messages.error(request, _errors(error))
            else:
                if merged:
                    messages.success(
                        request,
                        "Attendance saved, together with the changes another worker "
                        "saved meanwhile.",
                    )
                else:
                    messages.success(request, "Attendance saved for the whole group.")
                return redirect(saved)
        else:
            status = 400
            messages.error(request, "Some rows need attention; nothing was saved.")
    else:
        log_form = SessionLogForm(
            initial={"version": session.version, "module": session.module_id},
            session=session,
        )
        formset = AttendanceFormSet(initial=initial, form_kwargs={"allowed": by_uuid})
    figures = figures_for([m.pk for m in men])
    rows = []
    for form in formset.forms:
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
                "conflict": participant and participant.pk in conflicts,
                "theirs": conflicts.get(participant.pk) if participant else None,
            }
        )
    return TemplateResponse(
        request,
        "programmes/session_detail.html",
        {
            "session": session,
            "log_form": log_form,
            "formset": formset,
            "rows": rows,
            "can_record": can_record,
            "facilitators": list(session.facilitators.all()),
            "cancel_form": CancelSessionForm(),
            "today": timezone.localdate(),
        },
        status=status,
    )


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
    form = CancelSessionForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_session(
                session=session, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, "Session cancelled.")
            return redirect(session)
    return TemplateResponse(
        request,
        "programmes/session_cancel.html",
        {"form": form, "session": session},
        status=400 if form.errors else 200,
    )


@permission_required("programmes.add_session", raise_exception=True)
@require_http_methods(["GET", "POST"])
def one_to_one_create(request, participant_uuid):
    participant = get_object_or_404(
        Participant.objects.case_file_visible_to(request.user), uuid=participant_uuid
    )
    form = OneToOneSessionForm(_data(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        session = services.add_one_to_one_session(
            participant=participant,
            day=form.cleaned_data["date"],
            start_time=form.cleaned_data["start_time"],
            facilitators=list(form.cleaned_data["facilitators"]),
            module=form.cleaned_data["module"],
            actor=request.user,
        )
        messages.success(request, "One-to-one session booked.")
        return redirect(session)
    return TemplateResponse(
        request,
        "programmes/one_to_one_form.html",
        {"form": form, "participant": participant},
        status=400 if form.errors else 200,
    )


# Enrolments and exit reports ------------------------------------------------------


@permission_required("programmes.add_enrolment", raise_exception=True)
@require_http_methods(["GET", "POST"])
def enrol(request, participant_uuid):
    """Give a man a place in a group."""
    participant = get_object_or_404(
        Participant.objects.case_file_visible_to(request.user), uuid=participant_uuid
    )
    form = EnrolForm(_data(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrol_participant(
                participant=participant,
                group=form.cleaned_data["group"],
                start_date=form.cleaned_data["start_date"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(
                request,
                f"{participant.full_name} has a place in {enrolment.group.name}.",
            )
            return redirect(participant)
    return TemplateResponse(
        request,
        "programmes/enrol_form.html",
        {"form": form, "participant": participant},
        status=400 if form.errors else 200,
    )


@permission_required("programmes.change_enrolment", raise_exception=True)
@require_http_methods(["GET", "POST"])
def enrolment_end(request, enrolment_uuid):
    """End a man's place with an outcome; an exclusion goes to a manager first."""
    enrolment = get_object_or_404(
        Enrolment.objects.visible_to(request.user).select_related(
            "participant", "group"
        ),
        uuid=enrolment_uuid,
    )
    participant = enrolment.participant
    form = EnrolmentEndForm(_data(request))
    if request.method == "POST" and form.is_valid():
        outcome = form.cleaned_data["outcome"]
        reason = form.cleaned_data["reason_code"]
        try:
            if outcome == Enrolment.Outcome.EXCLUDED and not can_approve(request.user):
                move_participant(
                    participant=participant,
                    to_status=OUTCOME_STATUS[outcome],
                    reason=reason,
                    effective_on=form.cleaned_data["end_date"],
                    actor=request.user,
                )
                messages.info(
                    request,
                    "Exclusion asked of a manager; his place ends when it is approved.",
                )
            else:
                services.end_enrolment(
                    enrolment=enrolment,
                    outcome=outcome,
                    reason=reason,
                    end_date=form.cleaned_data["end_date"],
                    actor=request.user,
                )
                messages.success(request, "Place ended; the exit report is written.")
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            return redirect(participant)
    return TemplateResponse(
        request,
        "programmes/enrolment_end.html",
        {"form": form, "enrolment": enrolment, "participant": participant},
        status=400 if form.errors else 200,
    )


@permission_required("programmes.view_exitreport", raise_exception=True)
@require_http_methods(["GET", "POST"])
def exit_report(request, report_uuid):
    report = get_object_or_404(
        ExitReport.objects.visible_to(request.user).select_related(
            "participant", "enrolment__group__programme", "created_by"
        ),
        uuid=report_uuid,
    )
    form = ExitReportForm(_data(request), instance=report)
    if request.method == "POST":
        if not request.user.has_perm("programmes.change_exitreport"):
            raise PermissionDenied
        if form.is_valid():
            form.save()
            messages.success(request, "Exit report saved.")
            return redirect(report)
    return TemplateResponse(
        request,
        "programmes/exit_report.html",
        {"report": report, "form": form, "participant": report.participant},
        status=400 if form.errors else 200,
    )
