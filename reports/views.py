"""The period report's pages: the report, the list behind each figure, exports.

Caseworkers and managers open the report; the women's figures (and the risk
figures kept within partner support) are built only for managers, inside the
firewall. Exports, the print view and the PDF leave the organisation, so they
are for managers, follow the stricter small-number rule, and are written to the
access log.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import quote_plus, urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.printing import PdfFailed
from accounts.roles import MANAGER
from accounts.services import log_export
from partner_contact.models import may_see_partners
from reports import background, exports
from reports.assembly import full_report
from reports.bases import BASES, Context, find_part, records_behind
from reports.charts import build_charts
from reports.charts import tables as chart_tables
from reports.models import EXPORT_ROLES, REPORT_ROLES
from reports.monitoring import complaint_list_query
from reports.periods import PeriodForm
from reports.rows import describe

RECORDS_PER_PAGE = 50


def report_role_required(roles):
    """Refuse (403) anyone whose role is not in `roles`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if user.organisation_id is None or user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _form(request) -> PeriodForm:
    return PeriodForm(request.GET, user=request.user)


def _context(request, form: PeriodForm) -> Context:
    return Context(
        scope=form.scope,
        period=form.chosen_period,
        sees_partners=may_see_partners(request.user),
    )


def _refused(request, form: PeriodForm) -> TemplateResponse:
    """The form again with what is wrong: nothing is computed from bad input."""
    return TemplateResponse(
        request, "reports/report.html", {"form": form, "report": None}, status=400
    )


@require_GET
@report_role_required(REPORT_ROLES)
def period_report(request):
    form = _form(request)
    if not form.is_valid():
        return _refused(request, form)
    context = _context(request, form)
    report = full_report(context, request.user.organisation.small_numbers_internal)
    _add_links(report, request.user, form.query())
    _add_complaint_links(report, request.user, context)
    charts = build_charts(context)
    may_export = request.user.role in EXPORT_ROLES
    return TemplateResponse(
        request,
        "reports/report.html",
        {
            "form": form,
            "report": report,
            "charts": charts,
            "chart_tables": chart_tables(charts),
            "query_string": urlencode(form.query()),
            "period_query": form.query(),
            "outcomes_query": _outcomes_query(form),
            "may_export": may_export,
            "exports_in_background": may_export
            and background.runs_in_background(request.user.organisation),
        },
    )


def _outcomes_query(form: PeriodForm) -> str:
    """The outcomes page's filter for the same period and programme."""
    period = form.chosen_period
    query = {"date_from": period.start, "date_to": period.end}
    programme = form.cleaned_data.get("programme") or (
        form.cleaned_data["group"].programme if form.cleaned_data.get("group") else None
    )
    if programme is not None:
        query["programme"] = programme.uuid
    return urlencode(query)


def _add_links(report, user, query: dict) -> None:
    """Each count links to the records behind it, where the reader may see them."""
    # The period's part of the address is the same for every figure: encoded
    # once, as urlencode({**query, "figure": key}) would encode it (the
    # period's query never names a figure).
    encoded = urlencode(query)
    address = reverse("reports:figure_records") + "?" + (encoded and encoded + "&")
    for section in report.sections:
        for figure in section.figures:
            if not figure.is_count:
                continue
            base = BASES.get(figure.key.partition(".")[0])
            if base is None or (base.managers_only and user.role != MANAGER):
                continue
            figure.link = f"{address}figure={quote_plus(figure.key)}"


def _add_complaint_links(report, user, context: Context) -> None:
    """The complaints section's counts link to the complaints list, filtered."""
    if not user.has_perm("complaints.view_complaint"):
        return
    address = reverse("complaints:complaint_list")
    for section in report.sections:
        if section.key != "complaints":
            continue
        for figure in section.figures:
            query = complaint_list_query(figure.key, context)
            if query is not None:
                figure.link = f"{address}?{urlencode(query)}"


@require_GET
@report_role_required(REPORT_ROLES)
def figure_records(request):
    """The records behind one figure, as the reader may see them."""
    form = _form(request)
    if not form.is_valid():
        return _refused(request, form)
    context = _context(request, form)
    key = request.GET.get("figure", "")
    if not key:
        # Reached without a figure (a bookmark cut short): say where to choose one.
        return TemplateResponse(
            request,
            "reports/records.html",
            {"form": form, "page": None, "query_string": urlencode(form.query())},
        )
    found = find_part(key, context)
    if found is None:
        raise Http404(_("There is no such figure."))
    base, part = found
    if base.partner and not context.sees_partners:
        raise Http404(_("There is no such figure."))
    if base.managers_only and request.user.role != MANAGER:
        raise PermissionDenied
    records = records_behind(base, part, context)
    # The reader's own scoping as well: the list never shows more than they
    # may open, whatever the figure counts.
    visible = records.model.objects.visible_to(request.user).values("pk")
    page = Paginator(records.filter(pk__in=visible), RECORDS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(
        request,
        "reports/records.html",
        {
            "form": form,
            "label": part.label,
            "page": page,
            "rows": [describe(record) for record in page.object_list],
            "query_string": urlencode(form.query()),
            "figure": request.GET.get("figure", ""),
        },
    )


def _export_parts(request):
    form = _form(request)
    if not form.is_valid():
        return form, None, None
    context = _context(request, form)
    threshold = request.user.organisation.small_numbers_external
    report = full_report(context, threshold, outcomes_threshold=threshold)
    return form, report, build_charts(context)


def bad_request(form) -> HttpResponse:
    """A 400 that names what is wrong without echoing what was sent (a field's
    error may quote the value, and this answer is not HTML-escaped)."""
    fields = [
        str(form.fields[name].label) for name in form.errors if name in form.fields
    ]
    reasons = [str(error) for error in form.non_field_errors()]
    if fields:
        reasons.append(
            _("Check these fields: %(fields)s.") % {"fields": ", ".join(fields)}
        )
    return HttpResponse(
        _("The period is not valid. %(why)s") % {"why": " ".join(reasons)},
        status=400,
        content_type="text/plain; charset=utf-8",
    )


def _prepared_in_background(request):
    """Back to the report, which offers to prepare the file: a bookmarked
    download link computes nothing while she waits."""
    messages.info(
        request,
        _(
            "This organisation's report files are prepared in the background: "
            "use “Prepare the CSV file”, “Prepare the XLSX file” or “Prepare the "
            "PDF file”."
        ),
    )
    return redirect(f"{reverse('reports:period_report')}?{request.GET.urlencode()}")


@require_GET
@report_role_required(EXPORT_ROLES)
def report_export(request, fmt: str):
    """The report as CSV or XLSX, written to the access log; for a large
    organisation (reports.background) nothing is computed while she waits, and
    she is sent back to the report, which offers to prepare the file."""
    if background.runs_in_background(request.user.organisation):
        return _prepared_in_background(request)
    form, report, charts = _export_parts(request)
    if report is None:
        return bad_request(form)
    threshold = request.user.organisation.small_numbers_external
    period = form.chosen_period
    log_export(
        user=request.user,
        what=f"reports: period report {period.start} to {period.end} ({fmt})",
    )
    if fmt == "xlsx":
        return exports.xlsx_response(
            report, charts, threshold, exports.filename(form.chosen_period, "xlsx")
        )
    return exports.csv_response(
        report, charts, threshold, exports.filename(form.chosen_period, "csv")
    )


def _print_context(request, form, report, charts) -> dict:
    return exports.print_context(
        organisation=request.user.organisation,
        printed_by=request.user,
        query=form.query(),
        report=report,
        charts=charts,
    )


@require_GET
@report_role_required(EXPORT_ROLES)
def report_print(request):
    """The print view: the figures as they may leave the organisation."""
    form, report, charts = _export_parts(request)
    if report is None:
        return bad_request(form)
    period = form.chosen_period
    log_export(
        user=request.user,
        what=f"reports: period report {period.start} to {period.end} (print)",
    )
    return TemplateResponse(
        request,
        "reports/report_print.html",
        {**_print_context(request, form, report, charts), "as_pdf": False},
    )


@require_GET
@report_role_required(EXPORT_ROLES)
def report_pdf(request):
    """The print view as a PDF download, written to the access log; for a large
    organisation it is prepared in the background, as the other files are."""
    if background.runs_in_background(request.user.organisation):
        return _prepared_in_background(request)
    form, report, charts = _export_parts(request)
    if report is None:
        return bad_request(form)
    try:
        pdf = exports.pdf_bytes(_print_context(request, form, report, charts))
    except PdfFailed:
        return HttpResponse(
            _("The PDF could not be made; use the print view instead."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    period = form.chosen_period
    log_export(
        user=request.user,
        what=f"reports: period report {period.start} to {period.end} (PDF)",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.filename(form.chosen_period, "pdf")}"'
    )
    return response
