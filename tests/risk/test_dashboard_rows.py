"""The risk dashboard's lists, written once per row by risk.dashboard_rows, say
exactly what the template's include, filters and blocktranslate tags said."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from participants.models import RiskLevel
from tests.participants.factories import ParticipantFactory
from tests.partner_contact.factories import PartnerContactFactory, RelationshipFactory
from tests.risk.factories import (
    MonitoringPeriodFactory,
    RiskAssessmentFactory,
)

# The rows as templates/risk/dashboard.html drew them before risk.dashboard_rows.
OLD = Template(
    "{% load i18n %}"
    '{% for label, count, value in by_level %}<tr><th scope="row">'
    '{% include "risk/_level.html" with level=value label=label %}</th>'
    "<td>{{ count }}</td></tr>{% endfor %}"
    "{% for row in monitoring %}<tr>"
    "<td>{{ row.period.participant.full_name }} "
    '{% include "risk/_level.html" with level=row.period.participant.risk_level '
    "label=row.period.participant.get_risk_level_display %}</td>"
    "<td>{% blocktranslate with reason=row.period.get_reason_display "
    'starts_on=row.period.starts_on|date:"DATE_FORMAT" %}{{ reason }} on '
    "{{ starts_on }}{% endblocktranslate %}</td>"
    '<td>{{ row.period.ends_on|date:"DATE_FORMAT" }}</td>'
    '<td>{% if row.review_overdue %}{% translate "Overdue" %} '
    '{% blocktranslate with review_due=row.review_due|date:"d M" %}'
    "(due {{ review_due }}){% endblocktranslate %}"
    '{% elif row.period.reviewed %}{% translate "Reviewed" %}{% else %}'
    '{% blocktranslate with review_due=row.review_due|date:"DATE_FORMAT" %}'
    "Due by {{ review_due }}{% endblocktranslate %}{% endif %}</td>"
    '<td>{{ row.last_contact|date:"DATE_FORMAT"|default:_("None yet") }}</td>'
    "</tr>{% endfor %}"
    "{% for a in overdue_reviews %}<tr>"
    "<td><a href=\"{% url 'risk:assessment_detail' a.uuid %}\">"
    "{{ a.participant.full_name }}</a></td>"
    '<td>{% include "risk/_level.html" with level=a.level '
    "label=a.get_level_display %}</td>"
    '<td>{{ a.next_review_on|date:"DATE_FORMAT" }}</td></tr>{% endfor %}'
)
NEW = Template(
    "{% load i18n %}"
    '{% for badge, count in level_rows %}<tr><th scope="row">{{ badge }}</th>'
    "<td>{{ count }}</td></tr>{% endfor %}"
    "{% for row in monitoring %}<tr>"
    "<td>{{ row.period.participant.full_name }} {{ row.badge }}</td>"
    "<td>{{ row.because }}</td><td>{{ row.until }}</td>"
    '<td>{% if row.review_overdue %}{% translate "Overdue" %} {{ row.review_text }}'
    '{% elif row.period.reviewed %}{% translate "Reviewed" %}{% else %}'
    "{{ row.review_text }}{% endif %}</td>"
    "<td>{{ row.last_contact_text }}</td></tr>{% endfor %}"
    "{% for row in overdue_rows %}<tr>"
    '<td><a href="{{ row.url }}">{{ row.assessment.participant.full_name }}</a></td>'
    "<td>{{ row.badge }}</td><td>{{ row.due }}</td></tr>{% endfor %}"
)


@pytest.mark.parametrize("language", ["en", "de", "fr", "it", "es"])
def test_dashboard_rows_say_what_the_tags_said(language, org, manager, login):
    """Reviews overdue, done and still to come, with and without her contact,
    a name to escape, every level, in each language."""
    today = timezone.localdate()
    for n, level in enumerate([RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.STANDARD]):
        man = ParticipantFactory(
            organisation=org, risk_level=level, last_name=f"O'Brien <{n}>"
        )
        MonitoringPeriodFactory(
            event__participant=man,
            starts_on=today - timedelta(days=[40, 2, 10][n]),
            ends_on=today + timedelta(days=30 + n),
        )
        if n == 1:
            link = RelationshipFactory(participant=man, partner__organisation=org)
            PartnerContactFactory(partner=link.partner)
        # His latest assessment is past its review; the third man's was made
        # within his period (reviewed).
        RiskAssessmentFactory(
            participant=man,
            assessed_on=today - timedelta(days=2 if n == 2 else 200 + n),
            next_review_on=today - timedelta(days=1 if n == 2 else 20 + n),
        )
    context = login(manager).get(reverse("risk:dashboard")).context
    monitoring = context["monitoring"]
    assert len(monitoring) == 3 and len(context["overdue_reviews"]) >= 3
    assert {row["review_overdue"] for row in monitoring} == {True, False}
    assert any(row["period"].reviewed for row in monitoring)
    assert {row["last_contact"] is None for row in monitoring} == {True, False}
    values = {
        "by_level": context["by_level"],
        "level_rows": context["level_rows"],
        "monitoring": monitoring,
        "overdue_reviews": context["overdue_reviews"],
    }
    # The rows' words were written in the page's language (English); written
    # again in this one, they must match the tags' in this one.
    from risk import dashboard_rows

    with translation.override(language):
        badges = dashboard_rows.Badges()
        dashboard_rows.finish_monitoring(monitoring, badges, inside_firewall=True)
        values["overdue_rows"] = dashboard_rows.review_rows(
            values["overdue_reviews"], badges
        )
        values["level_rows"] = dashboard_rows.finish_levels(values["by_level"], badges)
        before = OLD.render(Context(values))
        after = NEW.render(Context(values))
    assert after == before
    assert "O&#x27;Brien &lt;0&gt;" in after


def test_dashboard_page_prints_the_rows_words(org, manager, login):
    """On the page itself: a period's reason and dates, its badge, and the
    words for a contact never made, in the manager's language."""
    man = ParticipantFactory(organisation=org, risk_level=RiskLevel.HIGH)
    MonitoringPeriodFactory(event__participant=man)
    page = login(manager).get(reverse("risk:dashboard")).content.decode()
    assert '<span class="badge risk-high">High<span class="visually-hidden"> risk' in (
        page
    )
    assert "None yet" in page
