"""The worklist's table rows written in Python (partner_contact.worklist_rows
draw_*) are exactly what the loops of their partials wrote, whitespace
included: names, areas and references with characters to escape, in several
languages, with and without the buttons' permissions. The loops below are the
partials' own, as they stood before the rows were drawn in Python."""

import datetime

import pytest
from django.template import engines
from django.utils import timezone, translation

from partner_contact.worklist import build_worklist
from partner_contact.worklist_rows import (
    draw_awaiting,
    draw_plan_reviews,
    draw_rows,
    draw_women,
)
from tests.partner_contact.factories import (
    FailedPartnerContactFactory,
    PartnerContactFactory,
    PartnerFactory,
    RelationshipFactory,
    SectionedSafetyPlanFactory,
)
from tests.risk.factories import MonitoringPeriodFactory

AWAITING_LOOP = """{% load i18n %}{% translate "Log contact" as log_contact %}{% translate "(overdue)" as overdue %}{% for row in rows %}
  <tr>
    <td><a href="{{ row.partner.page_url }}">{{ row.partner.name }}</a>{% if row.partner.tells %}<div class="small text-body-secondary">{{ row.partner.tells }}</div>{% endif %}</td>
    <td>{{ row.participant.reference }}</td>
    <td>{{ row.status_label }}</td>
    <td>{{ row.contacts_text }}</td>
    <td><span class="badge {% if row.overdue %}text-bg-danger{% else %}text-bg-secondary{% endif %}">{{ row.days_text }}</span></td>
    <td>{{ row.due_text }}{% if row.overdue %} <span class="text-danger">{{ overdue }}</span>{% endif %}</td>
    <td>{% if can_log %}<a class="btn btn-sm btn-outline-primary" href="{{ row.partner.log_contact_url }}">{{ log_contact }}<span class="visually-hidden"> {{ row.partner.log_contact_label }}</span></a>{% endif %}</td>
  </tr>
  {% endfor %}"""  # noqa: E501

WOMEN_LOOP = """{% load i18n %}{% translate "Log contact" as log_contact %}{% for partner in rows %}
  <tr>
    <td><a href="{{ partner.page_url }}">{{ partner.name }}</a>{% if partner.tells %}<div class="small text-body-secondary">{{ partner.tells }}</div>{% endif %}</td>
    <td>{{ partner.last_contact_text }}</td>
    {% if show_failed %}<td>{{ partner.failed_attempts }}</td>{% endif %}
    {% if show_due %}<td>{{ partner.due_text }}</td>{% endif %}
    <td>{% if can_log %}<a class="btn btn-sm btn-outline-primary" href="{{ partner.log_contact_url }}">{{ log_contact }}<span class="visually-hidden"> {{ partner.log_contact_label }}</span></a>{% endif %}</td>
  </tr>
  {% endfor %}"""  # noqa: E501

PLAN_LOOP = """{% load i18n %}{% translate "Review the plan" as review_plan %}{% for partner in rows %}
  <tr>
    <td><a href="{{ partner.page_url }}">{{ partner.name }}</a>{% if partner.tells %}<div class="small text-body-secondary">{{ partner.tells }}</div>{% endif %}</td>
    <td>{{ partner.plan_review_text }}</td>
    <td>{% if can_review %}<a class="btn btn-sm btn-outline-primary" href="{{ partner.review_url }}">{{ review_plan }}<span class="visually-hidden"> {{ partner.review_label }}</span></a>{% endif %}</td>
  </tr>
  {% endfor %}"""  # noqa: E501

AWKWARD = 'Zoë <b>O\'Neil</b> & "Jo"'


def loop(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def at(days_ago: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days_ago)


@pytest.fixture
def worklist_of(partner_worker):
    """Women in every drawn section, with names, areas and references to escape;
    the worklist built in the language asked for."""
    org = partner_worker.organisation
    today = timezone.localdate()

    def mine(**kwargs):
        return PartnerFactory(
            organisation=org, partner_support_worker=partner_worker, **kwargs
        )

    # Awaiting: never contacted (overdue), and contacted before he started.
    waiting = mine(name=AWKWARD, area="North & <South>")
    RelationshipFactory(
        partner=waiting,
        participant__organisation=org,
        participant__reference="R<1>&2",
        linked_on=today - datetime.timedelta(days=30),
    )
    before = mine(name="Ann", date_of_birth=datetime.date(1990, 5, 17))
    RelationshipFactory(
        partner=before,
        participant__organisation=org,
        participant__status="active",
        participant__status_changed_on=today - datetime.timedelta(days=2),
        linked_on=today - datetime.timedelta(days=40),
    )
    PartnerContactFactory(partner=before, occurred_at=at(20))
    # Retries and follow-ups, one of them linked to a case and in a period of
    # increased risk.
    retry = mine(name=f"{AWKWARD} II", area="Ö & ß")
    FailedPartnerContactFactory(partner=retry, occurred_at=at(9))
    FailedPartnerContactFactory(partner=retry, occurred_at=at(8))
    follow = mine(name="Bea <i>")
    PartnerContactFactory(partner=follow, occurred_at=at(10), next_contact_due=today)
    linked = RelationshipFactory(
        partner=follow,
        participant__organisation=org,
        participant__reference="Q&A",
        linked_on=today - datetime.timedelta(days=30),
    )
    MonitoringPeriodFactory(
        event__participant=linked.participant,
        event__kind="separation",
        event__occurred_on=today - datetime.timedelta(days=20),
        starts_on=today - datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=70),
    )
    # A safety plan to review.
    SectionedSafetyPlanFactory(
        partner=mine(name='Cat & "Dog"'),
        version=1,
        review_on=today - datetime.timedelta(days=3),
    )

    def build(language: str):
        with translation.override(language):
            return build_worklist(partner_worker, today)

    return build


@pytest.mark.parametrize("language", ["en", "fr", "de"])
@pytest.mark.parametrize("allowed", [True, False])
def test_drawn_rows_are_what_the_partials_loops_wrote(worklist_of, language, allowed):
    worklist = worklist_of(language)
    assert len(worklist.awaiting) == 2
    assert worklist.retries and worklist.follow_ups and worklist.increased_risk
    assert worklist.plan_reviews
    with translation.override(language):
        assert draw_awaiting(worklist.awaiting, allowed) == loop(
            AWAITING_LOOP, rows=worklist.awaiting, can_log=allowed
        )
        for rows, flags in (
            (worklist.increased_risk, {}),
            (worklist.retries, {"show_failed": True}),
            (worklist.follow_ups, {"show_due": True}),
        ):
            assert draw_women(rows, allowed, **flags) == loop(
                WOMEN_LOOP, rows=rows, can_log=allowed, **flags
            )
        assert draw_plan_reviews(worklist.plan_reviews, allowed) == loop(
            PLAN_LOOP, rows=worklist.plan_reviews, can_review=allowed
        )
    drawn = draw_awaiting(worklist.awaiting, allowed)
    assert "Zoë &lt;b&gt;O&#x27;Neil&lt;/b&gt; &amp; &quot;Jo&quot;" in drawn
    assert "R&lt;1&gt;&amp;2" in drawn and "<b>" not in drawn


def test_draw_rows_follows_the_users_permissions(worklist_of, partner_worker):
    """A partner-support worker may log contacts and add plans: both buttons;
    the notices' partial draws its own rows."""
    worklist = worklist_of("en")
    assert "btn-outline-primary" in draw_rows(
        "awaiting", worklist.awaiting, partner_worker
    )
    assert "Review the plan" in draw_rows(
        "plan_reviews", worklist.plan_reviews, partner_worker
    )
    assert "<td>2</td>" in draw_rows("retries", worklist.retries, partner_worker)
    assert draw_rows("notices", worklist.notices, partner_worker) is None
