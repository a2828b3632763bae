"""The report page's cells written in Python (reports.drawing) print exactly
what the template's tags printed, in every language of the page."""

import pytest
from django.template import engines
from django.utils import translation

from accounts.suppression import suppress
from reports import drawing
from reports.figures import Figure

# The tags each function replaces, as report.html, _equality.html and
# _chart_table.html had them.
FIGURE = (
    "{% load i18n %}{% if figure.is_count %}{% if figure.link %}"
    '<a href="{{ figure.link }}" class="report-link">{{ figure.value }}</a>'
    "{% else %}{{ figure.value }}{% endif %}{% elif figure.value is None %}"
    '<span class="text-body-secondary">–</span>{% else %}'
    "{{ figure.value|floatformat:1 }} "
    '{% if figure.unit == "days" %}{% translate "days" %}'
    '{% elif figure.unit == "working_days" %}{% translate "working days" %}'
    '{% elif figure.unit == "percent" %}%{% elif figure.unit == "hours" %}'
    '{% translate "hours" %}{% endif %} <span class="text-body-secondary small">'
    "({% blocktranslate with n=figure.n %}n = {{ n }}{% endblocktranslate %})"
    "</span>{% endif %}"
)
CELLS = (
    '{% for cell in cells %}<td class="text-end{% if cell.hidden %} '
    'text-body-secondary{% endif %}">{{ cell }}</td>{% endfor %}'
)
ROWS = (
    "{% for figure in figures %}\n"
    '      <tr{% if figure.level %} class="report-part"{% endif %}>\n'
    '        <th scope="row" class="fw-normal{% if figure.level %} ps-4{% endif %}">'
    "{{ figure.label }}</th>\n"
    '        <td class="text-end report-value">VALUE</td>\n'
    "      </tr>\n"
    "    {% endfor %}"
)
NUMBERS = '{% for value in values %}<td class="text-end">{{ value }}</td>{% endfor %}'

FIGURES = [
    Figure("a.b", "A", 1234, link="/reports/records/?period=range&figure=a.b"),
    Figure("a.c", "C", 0),
    Figure("a.d", "D", 7, link='/x?q="<&>"'),
    Figure("m.a", "M", None, unit="days", n=0),
    Figure("m.b", "M", 12.25, unit="days", n=3),
    Figure("m.c", "M", 4.0, unit="working_days", n=1200),
    Figure("m.d", "M", 81.5, unit="percent", n=7),
    Figure("m.e", "M", 1.0 / 3, unit="hours", n=2),
    Figure("a.b.c", "A part <of> B & C", 12, parent="a.b"),
]


def _tags(source: str, **context) -> str:
    if "{% load i18n %}" not in source:
        source = "{% load i18n %}" + source
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize("language", ["en", "de", "es", "fr", "it"])
def test_the_cells_print_what_the_tags_printed(language):
    with translation.override(language):
        for figure in FIGURES:
            assert drawing.figure_value(figure) == _tags(FIGURE, figure=figure)
        table = {"a": {"x": 3, "y": 40, "z": 0}, "b": {"x": 12, "y": 1, "z": 9}}
        for row in suppress(table, 5).values():
            cells = list(row.values())
            assert drawing.suppressed_cells(cells) == _tags(CELLS, cells=cells)
        rows = _tags(
            ROWS.replace("VALUE", FIGURE.replace("{% load i18n %}", "")),
            figures=FIGURES,
        )
        assert drawing.figure_rows(FIGURES) == rows
        values = [0, 7, 1234, 56789]
        assert drawing.number_cells(values) == _tags(NUMBERS, values=values)
