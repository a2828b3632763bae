"""The access log: who read or exported which record, as a page and as CSV."""

import csv

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils import timezone  # languages
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_safe,
)

from accounts import audit, services
from accounts.exports import csv_safe
from accounts.forms import (
    AccessLogFilterForm,
)
from accounts.models import AccessLog


@permission_required("accounts.view_accesslog", raise_exception=True)
@require_safe
def access_log(request):
    """Who read or exported which record, and changes to accounts, with filters."""
    entries, form = _filtered_access_log(request)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    records = audit.describe_records(page.object_list, request.user)
    rows = [
        (entry, records.get((entry.object_type, entry.object_uuid)))
        for entry in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "accounts/access_log.html",
        {
            "page_obj": page,
            "rows": rows,
            "form": form,
            "query_string": query.urlencode(),
        },
        status=400 if form.errors else 200,
    )


# An export is for a period's review, not a copy of the whole log.
ACCESS_LOG_EXPORT_LIMIT = 20_000


@permission_required("accounts.view_accesslog", raise_exception=True)
@require_safe
def access_log_export(request):
    """The filtered access log as CSV, formula-safe; the export is logged too."""
    entries, form = _filtered_access_log(request)
    if form.errors:
        return HttpResponseBadRequest(
            _("Correct the filters first: %(errors)s")
            % {
                "errors": " ".join(
                    form.non_field_errors() or [_("a value is not valid")]
                )
            },
            content_type="text/plain; charset=utf-8",
        )
    entries = list(entries[:ACCESS_LOG_EXPORT_LIMIT])
    records = audit.describe_records(entries, request.user)
    services.log_export(user=request.user, what="access log")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="access-log.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [_("When"), _("Who"), _("What"), _("Record kind"), _("Record"), _("Detail")]
    )
    for entry in entries:
        record = records.get((entry.object_type, entry.object_uuid))
        writer.writerow(
            csv_safe(cell)
            for cell in (
                timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M"),
                entry.user or "",
                entry.get_action_display(),
                record.kind if record else audit.kind_name(entry.object_type),
                (record.label or entry.object_uuid) if record else "",
                entry.detail_display(),
            )
        )
    return response


def _filtered_access_log(request):
    mine = AccessLog.objects.filter(organisation_id=request.user.organisation_id)
    kinds = sorted(
        (
            (label, audit.kind_name(label))
            for label in mine.order_by()
            .values_list("object_type", flat=True)
            .distinct()
        ),
        key=lambda kind: kind[1],
    )
    form = AccessLogFilterForm(request.GET or None, reader=request.user, kinds=kinds)
    return form.filter(mine.select_related("user")), form
