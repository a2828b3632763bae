"""Places in groups: enrolling a man, ending his place, and his exit report."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts.printing import pdf_download, print_view
from participants.models import Participant
from participants.services import can_approve, move_participant
from programmes import services
from programmes.forms import EnrolForm, EnrolmentEndForm, ExitReportForm
from programmes.models import OUTCOME_STATUS, Enrolment, ExitReport
from programmes.slots import exit_report_progress
from programmes.views.common import error_text, posted_data


@permission_required("programmes.add_enrolment", raise_exception=True)
@require_http_methods(["GET", "POST"])
def enrol(request, participant_uuid):
    """Give a man a place in a group."""
    participant = Participant.objects.case_file_or_404(request.user, participant_uuid)
    form = EnrolForm(posted_data(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrol_participant(
                participant=participant,
                group=form.cleaned_data["group"],
                start_date=form.cleaned_data["start_date"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(
                request,
                gettext("%(name)s has a place in %(group)s.")
                % {"name": participant.full_name, "group": enrolment.group.name},
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
    enrolment = Enrolment.objects.select_related("participant", "group").visible_or_404(
        request.user, enrolment_uuid
    )
    participant = enrolment.participant
    form = EnrolmentEndForm(posted_data(request))
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
                    gettext(
                        "Exclusion asked of a manager; his place ends when it is "
                        "approved."
                    ),
                )
            else:
                services.end_enrolment(
                    enrolment=enrolment,
                    outcome=outcome,
                    reason=reason,
                    end_date=form.cleaned_data["end_date"],
                    actor=request.user,
                )
                messages.success(
                    request, gettext("Place ended; the exit report is written.")
                )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            return redirect(participant)
    return TemplateResponse(
        request,
        "programmes/enrolment_end.html",
        {"form": form, "enrolment": enrolment, "participant": participant},
        status=400 if form.errors else 200,
    )


def _exit_report(request, report_uuid) -> ExitReport:
    return ExitReport.objects.select_related(
        "participant", "enrolment__group__programme", "created_by"
    ).visible_or_404(request.user, report_uuid)


def _print_context(request, report) -> dict:
    return {
        "report": report,
        "participant": report.participant,
        "progress_sections": exit_report_progress.render(
            request, report=report, printing=True
        ),
    }


@permission_required("programmes.view_exitreport", raise_exception=True)
@require_GET
def exit_report_print(request, report_uuid):
    """The exit report to print: what it says, with no form and no Save button."""
    report = _exit_report(request, report_uuid)
    return print_view(
        request,
        "programmes/exit_report_print.html",
        _print_context(request, report),
        record=report,
        what="exit report",
    )


@permission_required("programmes.view_exitreport", raise_exception=True)
@require_GET
def exit_report_pdf(request, report_uuid):
    report = _exit_report(request, report_uuid)
    return pdf_download(
        request,
        "programmes/exit_report_print.html",
        _print_context(request, report),
        record=report,
        what="exit report",
        filename=f"exit-report-{report.participant.reference}.pdf",
    )


@permission_required("programmes.view_exitreport", raise_exception=True)
@require_http_methods(["GET", "POST"])
def exit_report(request, report_uuid):
    report = _exit_report(request, report_uuid)
    form = ExitReportForm(posted_data(request), instance=report)
    if request.method == "POST":
        if not request.user.has_perm("programmes.change_exitreport"):
            raise PermissionDenied
        if form.is_valid():
            form.save()
            messages.success(request, gettext("Exit report saved."))
            return redirect(report)
    return TemplateResponse(
        request,
        "programmes/exit_report.html",
        {
            "report": report,
            "form": form,
            "participant": report.participant,
            "progress_sections": exit_report_progress.render(
                request, report=report, printing=False
            ),
        },
        status=400 if form.errors else 200,
    )
