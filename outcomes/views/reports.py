"""Managers' pages: a programme's outcome figures and the anonymised export."""

import csv
import io
import re
import secrets

from django import forms
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.template.defaultfilters import floatformat
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accounts.exports import csv_safe, new_workbook
from accounts.languages import in_language
from accounts.services import log_export
from outcomes import charts, dataset, figures
from outcomes.figures import HER_DOMAINS
from outcomes.models import Domain, Respondent, ResponseSummary, TimePoint
from programmes.models import Programme


class OutcomeFilterForm(forms.Form):
    """Which programme and period (by due date) the figures cover."""

    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(),
        required=False,
        to_field_name="uuid",
        label=_("Programme"),
        empty_label=_("All programmes"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    date_from = forms.DateField(
        required=False,
        label=_("Due from"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    date_to = forms.DateField(
        required=False,
        label=_("Due to"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.visible_to(user)

    def filter(self, points):
        if not self.is_valid():
            return points
        data = self.cleaned_data
        if data["programme"]:
            points = points.filter(enrolment__group__programme=data["programme"])
        if data["date_from"]:
            points = points.filter(due_on__gte=data["date_from"])
        if data["date_to"]:
            points = points.filter(due_on__lte=data["date_to"])
        return points


def filtered_points(request):
    form = OutcomeFilterForm(request.GET or None, user=request.user)
    return form, form.filter(TimePoint.objects.visible_to(request.user))


def filtered_summaries(request, form: OutcomeFilterForm):
    """The response summaries of the points the form selects (the same fields
    on both: the organisation, respondent, enrolment and due date)."""
    return form.filter(ResponseSummary.objects.visible_to(request.user))


def domain_names_of_both() -> tuple[dict[str, str], dict[str, str]]:
    """The names figures.mean_changes and her_safety_over_time give the domains,
    read in one query for both: every domain code of every questionnaire
    version -> its name in the reader's language, an active version's where it
    has one (figures.domain_names_of_all), and the names of HER_DOMAINS in her
    active questionnaires."""
    every: dict[str, str] = {}
    hers: dict[str, str] = {}
    for code, name, texts, original, respondent, active in Domain.objects.order_by(
        "questionnaire__is_active", "pk"
    ).values_list(
        "code",
        "name",
        "translations",
        "questionnaire__language",
        "questionnaire__respondent",
        "questionnaire__is_active",
    ):
        every[code] = in_language({**texts, original: name}, None, original)
        if active and respondent == Respondent.PARTNER and code in HER_DOMAINS:
            hers[code] = every[code]
    return every, hers


def change_rows(changes: list[figures.Change]) -> list[dict]:
    """The mean-change table's rows as the page prints them, each cell worked out
    here exactly as the template's tags wrote it (the words translated once, the
    mean through the same `floatformat`): with over a hundred rows, the tags and
    lookups of each row were a third of the page's work."""
    whose = {Respondent.PARTNER.value: gettext("hers")}
    his = gettext("his")
    who = {"completed": gettext("completed")}
    stopped = gettext("stopped attending")
    points: dict[str, str] = {}
    rows = []
    for change in changes:
        if change.to_kind not in points:
            points[change.to_kind] = str(change.to_label)
        rows.append(
            {
                "name": change.name,
                "whose": whose.get(change.respondent, his),
                "who": who.get(change.group, stopped),
                "to": points[change.to_kind],
                "mean": "–" if change.suppressed else floatformat(change.mean, 2),
                "people": change.shown_n,
            }
        )
    return rows


CHANGE_CELLS = ("name", "whose", "who", "to", "mean", "people")


def change_table(changes: list[figures.Change]) -> SafeString:
    """The mean-change table's body as the template's loop over change_rows
    wrote it (its line breaks and indents included): with over a hundred rows,
    six lookups and an escape per row through the template were a good part of
    drawing the page."""
    rows = []
    for row in change_rows(changes):
        cells = "".join(
            f"\n    <td>{conditional_escape(row[c])}</td>" for c in CHANGE_CELLS
        )
        rows.append(f"\n  <tr>{cells}\n  </tr>\n  ")
    # Each cell is escaped above (a shown mean is floatformat's safe string).
    return mark_safe("".join(rows))


@permission_required("outcomes.view_programme_outcomes", raise_exception=True)
@require_GET
def programme_outcomes(request):
    form, points = filtered_points(request)
    # The organisation's own small-number rule for what is shown inside it.
    threshold = request.user.organisation.small_numbers_internal
    status_table = figures.status_counts(
        points, today=timezone.localdate(), threshold=threshold
    )
    summaries = filtered_summaries(request, form)
    # The domains' names for both tables in one query.
    names, her_names = domain_names_of_both()
    changes = figures.mean_changes(summaries, threshold=threshold, names=names)
    # Her answers reach this page only as aggregates over at least N women.
    her_safety = figures.her_safety_over_time(
        summaries, threshold=threshold, names=her_names
    )
    return TemplateResponse(
        request,
        "outcomes/programme_outcomes.html",
        {
            "form": form,
            "status_table": status_table,
            "changes": changes,
            "change_table": change_table(changes),
            "her_safety": her_safety,
            "chart": {
                "status": {
                    respondent.value: charts.status_chart(status_table, respondent)
                    for respondent in Respondent
                },
                "changes": charts.change_charts(changes),
                "her_safety": charts.her_safety_chart(her_safety),
            },
            "small_cell": threshold,
            "query": request.GET.urlencode(),
        },
        status=400 if form.errors else 200,
    )


NUMBER = re.compile(r"-?\d+(\.\d+)?")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@permission_required("outcomes.export_outcomes", raise_exception=True)
@require_GET
def dataset_export(request, fmt="csv"):
    """The pooled anonymised data set, as CSV or XLSX, written to the access log."""
    form, points = filtered_points(request)
    if form.errors:
        return HttpResponse(
            _("The filter is not valid."), status=400, content_type="text/plain"
        )
    # A new key per export: the pseudonyms cannot be linked across exports.
    header, rows = dataset.dataset_rows(points, key=secrets.token_bytes(32))
    log_export(user=request.user, what=f"outcomes: anonymised data set ({fmt})")
    if fmt == "xlsx":
        return _xlsx_response(header, rows, filename="outcomes-dataset.xlsx")
    return _csv_response(header, rows, filename="outcomes-dataset.csv")


@permission_required("outcomes.export_outcomes", raise_exception=True)
@require_GET
def data_dictionary(request):
    """Every column of the data set and what it means, as a page."""
    return TemplateResponse(
        request,
        "outcomes/data_dictionary.html",
        {"columns": dataset.dataset_columns(), "query": request.GET.urlencode()},
    )


@permission_required("outcomes.export_outcomes", raise_exception=True)
@require_GET
def data_dictionary_csv(request):
    """The data dictionary as CSV: column, meaning."""
    return _csv_response(
        [_("column"), _("meaning")],
        dataset.dataset_columns(),
        filename="outcomes-data-dictionary.csv",
    )


def _csv_response(header, rows, *, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([csv_safe(cell) for cell in header])
    writer.writerows([csv_safe(cell) for cell in row] for row in rows)
    return response


def _xlsx_cell(value):
    """Numbers as numbers; text as text a spreadsheet never runs as a formula."""
    if isinstance(value, int | float):
        return value
    text = csv_safe(value)
    if NUMBER.fullmatch(text):
        return float(text)
    return text


def _xlsx_response(header, rows, *, filename: str) -> HttpResponse:
    book = new_workbook()
    sheet = book.create_sheet(title="data")
    sheet.append([csv_safe(cell) for cell in header])
    for row in rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
