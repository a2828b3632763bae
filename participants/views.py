import uuid

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from participants import services
from participants.forms import (
    CaseNoteDraftForm,
    CaseNoteForm,
    ChildForm,
    DecisionForm,
    IntakeForm,
    MoveForm,
    ParticipantForm,
)
from participants.models import (
    CaseNote,
    CaseNoteDraft,
    Child,
    Participant,
    StatusChange,
)

PAGE_SIZE = 25


def _participant(request, participant_uuid):
    """The man, if the user may open his case file; 404 otherwise."""
    return Participant.objects.case_file_or_404(request.user, participant_uuid)


def _data(request):
    """The posted data, even when empty (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@permission_required("participants.add_participant", raise_exception=True)
@require_http_methods(["GET", "POST"])
def participant_create(request):
    """Intake: look for possible duplicates, show them, then open the case."""
    form = IntakeForm(_data(request), user=request.user)
    duplicates = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = list(
            Participant.objects.visible_to(request.user)
            .possible_duplicates(
                first_name=data["first_name"],
                last_name=data["last_name"],
                dob=data["date_of_birth"],
                phone=data["phone"],
            )
            .select_related("caseworker")[:20]
        )
        if not duplicates or data["not_a_duplicate"]:
            fields = {k: v for k, v in data.items() if k != "not_a_duplicate"}
            participant = services.create_participant(
                organisation=request.user.organisation,
                created_by=request.user,
                **fields,
            )
            messages.success(
                request,
                _("Case %(reference)s opened for %(name)s.")
                % {"reference": participant.reference, "name": participant.full_name},
            )
            return redirect(participant)
        messages.warning(
            request,
            _("Possible matches found. Check them before opening a new case."),
        )
    return TemplateResponse(
        request,
        "participants/participant_form.html",
        {"form": form, "creating": True, "duplicates": duplicates},
        status=400 if form.errors else 200,
    )


@permission_required("participants.change_participant", raise_exception=True)
@require_http_methods(["GET", "POST"])
def participant_update(request, participant_uuid):
    participant = _participant(request, participant_uuid)
    form = ParticipantForm(_data(request), instance=participant, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("His details are saved."))
        return redirect(participant)
    return TemplateResponse(
        request,
        "participants/participant_form.html",
        {"form": form, "participant": participant},
        status=400 if form.errors else 200,
    )


@permission_required("participants.change_participant", raise_exception=True)
@require_http_methods(["GET", "POST"])
def participant_move(request, participant_uuid):
    """Move a man through the lifecycle (or ask a manager to, where needed)."""
    participant = _participant(request, participant_uuid)
    form = MoveForm(_data(request), participant=participant)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.move_participant(
                participant=participant,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason_code"],
                effective_on=form.cleaned_data["effective_on"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            if change.is_pending:
                messages.info(
                    request,
                    _(
                        "Asked a manager to approve the move to “%(status)s”; his "
                        "status stays as it is until then."
                    )
                    % {"status": change.get_to_status_display()},
                )
            else:
                messages.success(
                    request,
                    _("Moved to “%(status)s”.")
                    % {"status": change.get_to_status_display()},
                )
            return redirect(participant)
    return TemplateResponse(
        request,
        "participants/participant_move.html",
        {"form": form, "participant": participant},
        status=400 if form.errors else 200,
    )


@permission_required("participants.approve_status_change", raise_exception=True)
@require_http_methods(["GET"])
def approval_list(request):
    """Exclusions and closures waiting for a manager."""
    return _approval_queue(request)


def _approval_queue(request, status=200):
    pending = (
        StatusChange.objects.visible_to(request.user)
        .pending()
        .select_related("participant", "changed_by")
        .order_by("created_at")
    )
    page = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "participants/approval_list.html",
        {"page_obj": page, "decision_form": DecisionForm()},
        status=status,
    )


@permission_required("participants.approve_status_change", raise_exception=True)
@require_POST
def status_change_decide(request, change_uuid, decision):
    """Approve or reject a pending move."""
    change = StatusChange.objects.select_related("participant").visible_or_404(
        request.user, change_uuid
    )
    form = DecisionForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    if decision != "approve" and change.is_pending and not note.strip():
        # Bad input, not a conflict: nothing was decided, the queue says why.
        messages.error(
            request, _("Say why the move is rejected: the caseworker reads it.")
        )
        return _approval_queue(request, status=400)
    try:
        if decision == "approve":
            services.approve_status_change(status_change=change, actor=request.user)
            messages.success(
                request,
                _("Approved: %(name)s is now %(status)s.")
                % {
                    "name": change.participant.full_name,
                    "status": change.get_to_status_display().lower(),
                },
            )
        else:
            services.reject_status_change(
                status_change=change, actor=request.user, note=note
            )
            messages.info(
                request,
                _("Rejected: %(name)s's status stays as it was; the reason is kept.")
                % {"name": change.participant.full_name},
            )
    except ValidationError as error:
        messages.error(request, _errors(error))
        return TemplateResponse(
            request,
            "participants/decision_error.html",
            {"change": change, "error": _errors(error)},
            status=409,
        )
    # Back to the queue: the next request waiting is where she carries on.
    return redirect("participants:approvals")


@permission_required("participants.add_child", raise_exception=True)
@require_http_methods(["GET", "POST"])
def child_create(request, participant_uuid):
    participant = _participant(request, participant_uuid)
    form = ChildForm(_data(request))
    if request.method == "POST" and form.is_valid():
        child = form.save(commit=False)
        child.participant = participant
        child.organisation_id = participant.organisation_id
        child.save()
        messages.success(request, _("Child added."))
        return redirect(participant)
    return TemplateResponse(
        request,
        "participants/child_form.html",
        {"form": form, "participant": participant},
        status=400 if form.errors else 200,
    )


@permission_required("participants.change_child", raise_exception=True)
@require_http_methods(["GET", "POST"])
def child_update(request, child_uuid):
    child = Child.objects.select_related("participant").visible_or_404(
        request.user, child_uuid
    )
    form = ChildForm(_data(request), instance=child)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Child's details saved."))
        return redirect(child.participant)
    return TemplateResponse(
        request,
        "participants/child_form.html",
        {"form": form, "participant": child.participant, "child": child},
        status=400 if form.errors else 200,
    )


@permission_required("participants.delete_child", raise_exception=True)
@require_http_methods(["GET", "POST"])
def child_delete(request, child_uuid):
    child = Child.objects.select_related("participant").visible_or_404(
        request.user, child_uuid
    )
    if request.method == "POST":
        participant = child.participant
        # The history keeps the removed record.
        child.delete()
        messages.success(request, _("Child removed from his case file."))
        return redirect(participant)
    return TemplateResponse(
        request,
        "participants/child_confirm_delete.html",
        {"child": child, "participant": child.participant},
    )


@permission_required("participants.add_casenote", raise_exception=True)
@require_http_methods(["GET", "POST"])
def casenote_create(request, participant_uuid):
    """Write a case note; a server-side draft is restored if one was left."""
    participant = _participant(request, participant_uuid)
    draft = CaseNoteDraft.objects.filter(
        participant=participant, author=request.user
    ).first()
    if request.method == "POST":
        form = CaseNoteForm(request.POST)
        if form.is_valid():
            try:
                services.add_case_note(
                    participant=participant,
                    author=request.user,
                    **form.cleaned_data,
                )
            except services.NoteAlreadySaved as saved:
                messages.warning(
                    request,
                    _(
                        "This note was already saved at %(time)s; it was not saved "
                        "a second time. To add to it, write a new note."
                    )
                    % {"time": f"{timezone.localtime(saved.note.created_at):%H:%M}"},
                )
            else:
                messages.success(request, _("Note saved."))
            return redirect(participant)
    else:
        initial = {
            "occurred_on": timezone.localdate(),
            "submission_token": uuid.uuid4(),
        }
        if draft:
            initial.update(
                {
                    "body": draft.body,
                    "kind": draft.kind or CaseNote.Kind.ONE_TO_ONE,
                    "occurred_on": draft.occurred_on or initial["occurred_on"],
                }
            )
            messages.info(
                request,
                _("Your unsaved draft from %(when)s is restored.")
                % {
                    "when": date_format(
                        timezone.localtime(draft.updated_at), "SHORT_DATETIME_FORMAT"
                    )
                },
            )
        form = CaseNoteForm(initial=initial)
    return TemplateResponse(
        request,
        "participants/casenote_form.html",
        {"form": form, "participant": participant, "draft": draft},
        status=400 if form.errors else 200,
    )


@permission_required("participants.add_casenote", raise_exception=True)
@require_POST
def casenote_draft(request, participant_uuid):
    """Autosave of a note being typed (HTMX); answers a short status line."""
    participant = _participant(request, participant_uuid)
    form = CaseNoteDraftForm(request.POST)
    form.is_valid()
    if "body" in form.errors:
        return TemplateResponse(
            request,
            "participants/casenote_form.html#draft_status",
            {"draft_error": "The note is too long to keep as a draft."},
            status=400,
        )
    draft = services.save_case_note_draft(
        participant=participant,
        author=request.user,
        body=form.cleaned_data.get("body", ""),
        kind=form.cleaned_data.get("kind") or "",
        occurred_on=form.cleaned_data.get("occurred_on"),
    )
    if not request.htmx:
        messages.info(request, _("Draft kept; finish the note when you are ready."))
        return redirect("participants:casenote_create", participant.uuid)
    return TemplateResponse(
        request, "participants/casenote_form.html#draft_status", {"draft": draft}
    )
