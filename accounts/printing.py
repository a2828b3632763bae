"""Print views and their PDF downloads: one template, for the printer or as a PDF.

A print view is a page of its own (`templates/print_base.html`): no menu, no form
controls, the organisation's name, the date printed and a "Confidential" footer.
Its PDF is rendered from the same HTML by xhtml2pdf, a pure-Python renderer, so a
fresh clone needs nothing beyond requirements/base.txt. Both are logged in the
access log: a print is a read of the record, a PDF an export of it.

The renderer may open only our own static files: any other address is refused,
so nothing in a record can make the server fetch a URL.
"""

from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.db.models import Model
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone

from accounts.models import AccessLog
from accounts.services import log_access


class PdfFailed(Exception):
    """The renderer could not turn the print view into a PDF."""


def _static_files_only(uri: str, rel: str) -> str:
    """xhtml2pdf's resolver: a path under STATIC_URL to its file; nothing else."""
    if uri.startswith(settings.STATIC_URL):
        try:
            found = finders.find(uri.removeprefix(settings.STATIC_URL))
        except SuspiciousFileOperation:  # a path climbing out of the static root
            found = None
        if found and Path(found).is_file():
            return str(found)
    # An empty answer makes xhtml2pdf skip the resource without fetching it.
    return ""


def _print_context(request, context: dict, *, as_pdf: bool) -> dict:
    return {
        **context,
        "as_pdf": as_pdf,
        "printed_at": timezone.localtime(),
        "print_organisation": request.user.organisation,
        "printed_by": request.user,
    }


def print_view(
    request, template: str, context: dict, *, record: Model, what: str
) -> TemplateResponse:
    """The print view of `record`, logged as a read ("print: <what>")."""
    log_access(user=request.user, obj=record, detail=f"print: {what}")
    return TemplateResponse(
        request, template, _print_context(request, context, as_pdf=False)
    )


def pdf_download(
    request,
    template: str,
    context: dict,
    *,
    record: Model,
    what: str,
    filename: str,
) -> HttpResponse:
    """The print view of `record` as a PDF attachment, logged as an export."""
    html = render_to_string(
        template, _print_context(request, context, as_pdf=True), request=request
    )
    pdf = render_pdf(html, what=template)
    log_access(
        user=request.user,
        obj=record,
        action=AccessLog.Action.EXPORT,
        detail=f"PDF: {what}",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def render_pdf(html: str, *, what: str = "a print view") -> bytes:
    """A print view's HTML as PDF bytes (for pages about no one record, such as
    a period report, which log their own export); PdfFailed if it cannot."""
    # Imported on first use: the renderer and the image and font libraries it
    # brings are some 50 MB and a quarter of a second that every web and Celery
    # process paid at start, for files that few of them ever make.
    from xhtml2pdf import pisa

    out = BytesIO()
    result = pisa.CreatePDF(
        html, dest=out, link_callback=_static_files_only, encoding="utf-8"
    )
    if result.err:
        raise PdfFailed(f"{result.err} error(s) rendering {what}")
    return out.getvalue()
