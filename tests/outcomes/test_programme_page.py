"""The programme outcomes page's mean-change table, written by the view
(outcomes.views.reports.change_rows and change_table), says what the template's
tags said, and the domains' names of both tables are read in one query."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from outcomes import figures
from outcomes.models import Domain, Respondent, TimePoint
from outcomes.views.reports import change_rows, change_table, domain_names_of_both
from tests.outcomes.test_figures import completed_man, her_answers

# The table's row as the template wrote it before change_rows.
TAGS = Template(
    "{% load i18n %}{% for change in changes %}<tr>"
    "<td>{{ change.name }}</td>"
    '<td>{% if change.respondent == "partner" %}{% translate "hers" %}'
    '{% else %}{% translate "his" %}{% endif %}</td>'
    '<td>{% if change.group == "completed" %}{% translate "completed" %}'
    '{% else %}{% translate "stopped attending" %}{% endif %}</td>'
    "<td>{{ change.to_label }}</td>"
    "<td>{% if change.suppressed %}–{% else %}"
    "{{ change.mean|floatformat:2 }}{% endif %}</td>"
    "<td>{{ change.shown_n }}</td>"
    "</tr>{% endfor %}"
)
ROWS = Template(
    "{% for row in rows %}<tr><td>{{ row.name }}</td><td>{{ row.whose }}</td>"
    "<td>{{ row.who }}</td><td>{{ row.to }}</td><td>{{ row.mean }}</td>"
    "<td>{{ row.people }}</td></tr>{% endfor %}"
)
# The page's loop over change_rows, as programme_outcomes.html wrote it before
# change_table.
PAGE_LOOP = Template(
    "  {% for row in change_rows %}\n  <tr>\n    <td>{{ row.name }}</td>\n"
    "    <td>{{ row.whose }}</td>\n    <td>{{ row.who }}</td>\n"
    "    <td>{{ row.to }}</td>\n    <td>{{ row.mean }}</td>\n"
    "    <td>{{ row.people }}</td>\n  </tr>\n  {% endfor %}\n"
)


@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_change_rows_say_what_the_tags_said(db, org, language):
    """Shown means (two decimals in the locale's format), suppressed ones ('–',
    'fewer than 5', 'not shown'), his and her accounts, in each language."""
    for _ in range(6):
        completed_man(org, outcome="completed", intake=3, end=1.333)
    for _ in range(3):
        completed_man(org, outcome="dropped_out", intake=4, end=4)
    for _ in range(5):
        her_answers(org, kind="intake", safety=1)
    changes = figures.mean_changes(TimePoint.objects.filter(organisation=org))
    changes.append(
        figures.Change(
            domain="her_safety",
            name="Safety <hers> & more",
            respondent=Respondent.PARTNER,
            group="stopped",
            to_kind="follow_up_6",
            n=12,
            mean=0.125,
        )
    )
    assert len(changes) >= 3
    with translation.override(language):
        before = TAGS.render(Context({"changes": changes}))
        after = ROWS.render(Context({"rows": change_rows(changes)}))
    assert after == before
    assert "&lt;hers&gt; &amp;" in after
    with translation.override(language):
        loop = PAGE_LOOP.render(Context({"change_rows": change_rows(changes)}))
        table = "  " + change_table(changes) + "\n"
    assert table == loop
    assert "&lt;hers&gt; &amp;" in table


def test_domain_names_of_both_tables_read_in_one_query(
    db, org, django_assert_num_queries
):
    """The same names as the two tables' own queries, in one query."""
    assert Domain.objects.filter(questionnaire__is_active=True).exists()
    every = figures.domain_names_of_all()
    hers = figures.domain_names(
        Domain.objects.filter(
            questionnaire__is_active=True,
            questionnaire__respondent=Respondent.PARTNER,
            code__in=figures.HER_DOMAINS,
        )
    )
    with django_assert_num_queries(1):
        assert domain_names_of_both() == (every, hers)
    assert set(hers) == set(figures.HER_DOMAINS)


def test_outcomes_page_reads_the_domains_once(client, org, manager):
    """Her safety named on the page as before, from the one query of names."""
    for _ in range(5):
        her_answers(org, kind="intake", safety=2)
    client.force_login(manager)
    page = client.get(reverse("outcomes:programme_outcomes")).content.decode()
    _every, hers = domain_names_of_both()
    for name in hers.values():
        assert f"{name}: mean" in page
