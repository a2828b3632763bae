"""The period report's files prepared in the background (reports.background):
asking for one, its status page and progress, and its download.

Only managers take a report out of the organisation, and a file is offered only
to the manager who asked for it: anyone else, another manager included, finds
no such file (404).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.services import log_export
from reports import background, exports
from reports.models import EXPORT_ROLES, ReportExport
from reports.periods import PeriodForm
from reports.views import bad_request, report_role_required

CONTENT_TYPES = {
    ReportExport.Format.CSV: exports.CSV,
    ReportExport.Format.XLSX: exports.XLSX,
    ReportExport.Format.PDF: "application/pdf",
}


def _own_export(request, export_uuid) -> ReportExport:
    return get_object_or_404(
        ReportExport.objects.of_requester(request.user).defer("content"),
        uuid=export_uuid,
    )


@report_role_required(EXPORT_ROLES)
@require_POST
def export_start(request):
    """Ask for the report's file (the period, scope and format come in the
    form); the status page follows its preparation."""
    fmt = request.POST.get("format", "")
    if fmt not in ReportExport.Format.values:
        return HttpResponse(
            _("Choose CSV, XLSX or PDF."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    form = PeriodForm(request.POST, user=request.user)
    if not form.is_valid():
        return bad_request(form)
    export = background.start_export(user=request.user, form=form, fmt=fmt)
    return redirect("reports:export_status", export_uuid=export.uuid)


@require_GET
@report_role_required(EXPORT_ROLES)
def export_status(request, export_uuid):
    """How far her file has come, and the file when it is ready."""
    export = _own_export(request, export_uuid)
    return TemplateResponse(
        request,
        "reports/export_status.html",
        {"export": export, "report_query": urlencode(export.query)},
    )


@require_GET
@report_role_required(EXPORT_ROLES)
def export_progress(request, export_uuid):
    """The status page's progress, polled until the file is ready or failed."""
    export = _own_export(request, export_uuid)
    return TemplateResponse(
        request, "reports/_export_progress.html", {"export": export}
    )


@require_GET
@report_role_required(EXPORT_ROLES)
def export_download(request, export_uuid):
    """The prepared file, written to the access log at each download."""
    export = get_object_or_404(
        ReportExport.objects.of_requester(request.user),
        uuid=export_uuid,
        status=ReportExport.Status.READY,
    )
    log_export(
        user=request.user,
        what=f"reports: {export.filename}"[:100],
    )
    return exports.download(
        bytes(export.content), CONTENT_TYPES[export.format], export.filename
    )
