"""Table cells of the report page written in Python, exactly as the template's
tags wrote them: with hundreds of cells (the equality breakdowns, the charts'
tables), a tag and a lookup per cell were a good part of drawing the page.

`shown` is what `{{ value }}` prints (localised, then escaped); each function
returns the cells of one row as safe HTML.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy

from accounts.suppression import Cell


def shown(value) -> str:
    """`{{ value }}` in an autoescaped template (no time zone to apply)."""
    value = localize(value)
    if not issubclass(type(value), str):
        value = str(value)
    return conditional_escape(value)


def suppressed_cells(cells: Iterable[Cell]) -> SafeString:
    """A breakdown's cells: `<td class="text-end{% if cell.hidden %}
    text-body-secondary{% endif %}">{{ cell }}</td>` for each."""
    # Each value is escaped by `shown`.
    return mark_safe(
        "".join(
            '<td class="text-end'
            + (" text-body-secondary" if cell.hidden else "")
            + f'">{shown(cell)}</td>'
            for cell in cells
        )
    )


def number_cells(values: Iterable) -> SafeString:
    """`<td class="text-end">{{ value }}</td>` for each value."""
    # Each value is escaped by `shown`.
    return mark_safe(
        "".join(f'<td class="text-end">{shown(value)}</td>' for value in values)
    )


def figure_value(figure) -> SafeString:
    """A figure's value cell (inside `<td class="text-end report-value">`): a
    count, linked to the records behind it where it has a link; a median with
    its unit and how many it rests on; a dash for a median of no one."""
    if figure.is_count:
        value = shown(figure.value)
        if figure.link:
            value = f'<a href="{shown(figure.link)}" class="report-link">{value}</a>'
        return mark_safe(value)
    if figure.value is None:
        return mark_safe('<span class="text-body-secondary">–</span>')
    unit = UNITS.get(figure.unit)
    words = shown(str(unit)) if unit else ("%" if figure.unit == "percent" else "")
    # blocktranslate: the translation as it is, its variable as `{{ n }}`.
    n = gettext("n = %(n)s") % {"n": shown(figure.n)}
    return mark_safe(
        f"{floatformat(figure.value, 1)} {words} "
        f'<span class="text-body-secondary small">({n})</span>'
    )


# The words after a median, by its unit (a percentage has its sign).
UNITS = {
    "days": gettext_lazy("days"),
    "working_days": gettext_lazy("working days"),
    "hours": gettext_lazy("hours"),
}


def figure_rows(figures) -> SafeString:
    """A section's rows, as report.html's loop over its figures wrote them
    (the loop's own line breaks and indents included)."""
    rows = []
    for figure in figures:
        part = figure.level
        rows.append(
            "\n      <tr"
            + (' class="report-part"' if part else "")
            + '>\n        <th scope="row" class="fw-normal'
            + (" ps-4" if part else "")
            + f'">{shown(figure.label)}</th>\n        '
            + f'<td class="text-end report-value">{figure_value(figure)}</td>'
            + "\n      </tr>\n    "
        )
    # Each label and value is escaped by `shown` or `figure_value`.
    return mark_safe("".join(rows))
