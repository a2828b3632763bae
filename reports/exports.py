"""The report as it leaves the organisation: CSV, XLSX, and the print view.

A file may be forwarded anywhere, so every count in it follows the stricter
small-number rule (`Organisation.small_numbers_external`, 10 by default): a
count of 1 to N-1 is "fewer than N"; within a breakdown (the parts of one
figure) a single hidden part takes the smallest other part with it, so it
cannot be worked out from the total; a median resting on fewer than N people
is not given. Every cell is written formula-safe (accounts.exports.csv_safe).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import suppression
from accounts.exports import csv_safe, new_workbook
from accounts.printing import render_pdf
from reports.figures import COUNT, DAYS, HOURS, PERCENT, WORKING_DAYS, Report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


@dataclass
class Line:
    """One figure as it is exported: its label, indented when it is a part."""

    label: str
    value: int | float | str
    level: int = 0


@dataclass
class ExportSection:
    key: str
    title: str
    lines: list[Line]


def unit_label(unit: str) -> str:
    return {
        COUNT: "",
        DAYS: _("days"),
        WORKING_DAYS: _("working days"),
        PERCENT: "%",
        HOURS: _("hours"),
    }[unit]


def export_sections(report: Report, threshold: int) -> list[ExportSection]:
    """Every section with the small-number rule of `threshold` applied."""
    sections = []
    for section in report.sections:
        cells = _suppressed_counts(section.figures, threshold)
        lines = []
        for figure in section.figures:
            if figure.is_count:
                value = cells[figure.key]
                shown = value.value if not value.hidden else str(value)
            elif figure.value is None:
                shown = "–"
            elif suppression.is_small(figure.n, threshold):
                shown = suppression.fewer_than(threshold)
            else:
                shown = round(figure.value, 1)
            label = figure.label
            if not figure.is_count:
                label = f"{label} ({unit_label(figure.unit)})"
            lines.append(Line(label, shown, figure.level))
        sections.append(ExportSection(section.key, section.title, lines))
        if section.key == "partners" and report.partner_equality is not None:
            sections.append(
                _equality_section(
                    report.partner_equality,
                    key="partner_equality",
                    title=_("Equality monitoring: partners"),
                )
            )
    if report.equality is not None:
        sections.append(_equality_section(report.equality))
    if report.outcomes is not None:
        sections.append(_outcome_section(report.outcomes))
    return sections


def _equality_section(
    equality: dict, *, key: str = "equality", title: str | None = None
) -> ExportSection:
    """One line per question and answer: each group's (suppressed) count."""
    lines = []
    for question in equality["questions"]:
        lines.append(Line(question.question, ""))
        for answer in question.answers:
            value = "; ".join(
                f"{label}: {question.cells[key][answer]}"
                for key, label in equality["columns"]
            )
            lines.append(Line(answer, value, 1))
    return ExportSection(key, title or _("Equality monitoring"), lines)


def _suppressed_counts(figures, threshold: int) -> dict:
    """Each count's cell: its breakdown (parts of one figure) is one line."""
    cells = {}
    parts: dict[str, dict[str, int]] = {}
    for figure in figures:
        if not figure.is_count:
            continue
        if figure.parent:
            parts.setdefault(figure.parent, {})[figure.key] = figure.value
        else:
            cells.update(
                suppression.suppress_line({figure.key: figure.value}, threshold)
            )
    for line in parts.values():
        cells.update(suppression.suppress_line(line, threshold))
    return cells


def _outcome_section(outcomes: dict) -> ExportSection:
    lines = []
    for row in outcomes["status"]:
        counts = row["counts"]
        lines.append(
            Line(
                f"{row['respondent'].label}, {row['kind'].label}",
                "; ".join(
                    f"{label}: {counts[key]}"
                    for key, label in (
                        ("pending", _("due")),
                        ("completed", _("completed")),
                        ("declined", _("declined")),
                        ("missed", _("missed")),
                    )
                ),
            )
        )
    for change in outcomes["changes"]:
        mean = "–" if change.suppressed else change.mean
        lines.append(
            Line(
                _("%(domain)s, mean change to %(point)s (%(group)s), n = %(n)s")
                % {
                    "domain": change.name,
                    "point": change.to_label,
                    "group": change.group,
                    "n": change.shown_n,
                },
                mean,
                1,
            )
        )
    return ExportSection("outcomes", _("Outcomes"), lines)


def header_rows(report: Report, threshold: int) -> list[list[str]]:
    """The lines at the top of every file and sheet: who, which period, the rule."""
    context = report.context
    period = context.period
    return [
        [_("Organisation"), str(context.organisation)],
        [_("Report"), _("Period report")],
        [_("Period"), f"{period.label} ({period.start} – {period.end})"],
        [_("Covering"), str(context.scope.label)],
        [_("Made on"), timezone.localtime().strftime("%Y-%m-%d %H:%M")],
        [
            _("Small numbers"),
            _(
                "Counts of 1 to %(n)s are shown as 'fewer than %(m)s'; where one "
                "part of a figure is hidden so, another is 'not shown' too."
            )
            % {"n": threshold - 1, "m": threshold},
        ],
    ]


def csv_bytes(report: Report, charts: dict, threshold: int) -> bytes:
    """The report as a CSV file: the header, then each section, then the months."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in header_rows(report, threshold):
        writer.writerow([csv_safe(cell) for cell in row])
    for section in export_sections(report, threshold):
        writer.writerow([])
        writer.writerow([csv_safe(section.title)])
        for line in section.lines:
            label = ("  " * line.level) + line.label
            writer.writerow([csv_safe(label), csv_safe(line.value)])
    writer.writerow([])
    for row in chart_rows(charts, threshold):
        writer.writerow([csv_safe(cell) for cell in row])
    return out.getvalue().encode("utf-8")


def csv_response(report: Report, charts: dict, threshold: int, filename: str):
    return download(csv_bytes(report, charts, threshold), CSV, filename)


def filename(period, extension: str) -> str:
    """The name a report's file is saved under, whichever way it is made."""
    return f"period-report-{period.start}-{period.end}.{extension}"


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A file to save, under its name."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def chart_rows(charts: dict, threshold: int) -> list[list]:
    """The charts' figures as a table: one row per month, one column per series;
    a month's count of 1 to N-1 is 'fewer than N' (the months are not shown
    added up, so no complement is needed)."""
    rows = [[_("Month"), *[series["label"] for series in charts["series"]]]]
    for index, month in enumerate(charts["months"]):
        values = [series["months"][index] for series in charts["series"]]
        rows.append([month, *[_small_or_value(value, threshold) for value in values]])
    return rows


def _small_or_value(value: int, threshold: int):
    if suppression.is_small(value, threshold):
        return suppression.fewer_than(threshold)
    return value


def _cell(value):
    """Numbers as numbers; text as text a spreadsheet never runs as a formula."""
    if isinstance(value, int | float):
        return value
    return csv_safe(value)


def xlsx_bytes(report: Report, charts: dict, threshold: int) -> bytes:
    """The report as an XLSX workbook: a sheet per section and one of months,
    each opening with the header."""
    book = new_workbook()
    header = header_rows(report, threshold)
    for section in export_sections(report, threshold):
        sheet = book.create_sheet(title=_sheet_title(section.title))
        for row in header:
            sheet.append([csv_safe(cell) for cell in row])
        sheet.append([])
        sheet.append([csv_safe(section.title)])
        for line in section.lines:
            label = ("  " * line.level) + line.label
            sheet.append([csv_safe(label), _cell(line.value)])
    sheet = book.create_sheet(title=_sheet_title(_("By month")))
    for row in header:
        sheet.append([csv_safe(cell) for cell in row])
    sheet.append([])
    for row in chart_rows(charts, threshold):
        sheet.append([_cell(cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(report: Report, charts: dict, threshold: int, filename: str):
    return download(xlsx_bytes(report, charts, threshold), XLSX, filename)


def _sheet_title(title: str) -> str:
    # Excel refuses these characters in a sheet's name, and names over 31.
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31]


def print_context(
    *, organisation, printed_by, query: dict, report: Report, charts: dict
) -> dict:
    """The print view's context (reports/report_print.html), for the page, its
    PDF and the PDF prepared in the background: the figures as they may leave
    the organisation."""
    threshold = organisation.small_numbers_external
    return {
        "printed_at": timezone.localtime(),
        "printed_by": printed_by,
        "print_organisation": organisation,
        "query_string": urlencode(query),
        "report": report,
        "sections": export_sections(report, threshold),
        "header": header_rows(report, threshold),
        "chart_rows": chart_rows(charts, threshold),
    }


def pdf_bytes(context: dict) -> bytes:
    """The print view as a PDF (accounts.printing.PdfFailed if it cannot be
    made)."""
    html = render_to_string("reports/report_print.html", {**context, "as_pdf": True})
    return render_pdf(html)
