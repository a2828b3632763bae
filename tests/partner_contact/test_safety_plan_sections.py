"""Safety plans in sections: versions kept and viewable, the review reminder."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partner_contact import her_case
from partner_contact.models import SafetyPlan
from partner_contact.worklist import build_worklist
from tests.partner_contact.factories import (
    PartnerFactory,
    SafetyPlanFactory,
    SectionedSafetyPlanFactory,
)


def save(partner, worker, **sections):
    return her_case.save_safety_plan(partner=partner, actor=worker, **sections)


def test_each_save_is_a_new_version_and_the_old_one_is_kept(org, partner_worker):
    partner = PartnerFactory(organisation=org)
    first = save(partner, partner_worker, emergency="Call 999 and go to number 3.")
    second = save(
        partner,
        partner_worker,
        emergency="Call 999; the neighbour has a key.",
        digital="Location sharing off on her phone.",
    )
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert first.emergency == "Call 999 and go to number 3."
    assert first.digital == ""
    assert [h for h, _ in second.section_texts()] == [
        "What to do in an emergency",
        "Digital and phone safety",
    ]


def test_every_section_is_optional_but_not_all_empty(org, partner_worker):
    partner = PartnerFactory(organisation=org)
    with pytest.raises(ValidationError, match="at least one section"):
        save(partner, partner_worker, safe_contacts="  ", review_on=None)
    plan = save(partner, partner_worker, money_documents="Passport at her sister's.")
    assert plan.review_on is None


def test_a_review_date_in_the_past_is_refused(org, partner_worker):
    with pytest.raises(ValidationError, match="past"):
        save(
            PartnerFactory(organisation=org),
            partner_worker,
            emergency="Call 999.",
            review_on=timezone.localdate() - datetime.timedelta(days=1),
        )


def test_the_form_writes_sections_and_starts_from_the_current_plan(
    org, partner_worker, login
):
    partner = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    SectionedSafetyPlanFactory(partner=partner, version=1)
    client = login(partner_worker)
    url = reverse("partner_contact:safety_plan_create", args=[partner.uuid])
    form_page = client.get(url).content.decode()
    assert "Aunt May" in form_page  # the current plan's safe contacts
    response = client.post(
        url,
        {
            "safe_contacts": "Her sister; the helpline.",
            "children": "The school knows who may collect them.",
            "review_on": (
                timezone.localdate() + datetime.timedelta(days=14)
            ).isoformat(),
        },
    )
    assert response.status_code == 302
    plan = partner.safety_plans.get(version=2)
    assert plan.children == "The school knows who may collect them."
    assert plan.emergency == ""  # cleared sections stay cleared
    her_page = client.get(partner.get_absolute_url()).content.decode()
    assert (
        "The children&#x27;s safety" in her_page or "The children's safety" in her_page
    )
    history = client.get(
        reverse("partner_contact:safety_plan_list", args=[partner.uuid])
    ).content.decode()
    assert "Version 1" in history and "Version 2" in history
    assert "Aunt May" in history  # the old version stays readable
    one = client.get(reverse("partner_contact:safety_plan_detail", args=[plan.uuid]))
    assert "The school knows" in one.content.decode()


def test_the_form_refuses_an_empty_or_oversized_plan(org, partner_worker, login):
    partner = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    client = login(partner_worker)
    url = reverse("partner_contact:safety_plan_create", args=[partner.uuid])
    empty = client.post(url, {"review_on": ""})
    assert empty.status_code == 400
    assert "at least one section" in empty.content.decode()
    huge = client.post(url, {"emergency": "x" * 6000})
    assert huge.status_code == 400
    assert not SafetyPlan.objects.exists()


def test_a_plan_of_one_free_text_reads_as_its_notes(org, partner_worker, login):
    """Plans from before the sections keep their text as "Other notes"."""
    partner = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    SafetyPlanFactory(partner=partner, version=1, plan="Old single text (fictional).")
    page = login(partner_worker).get(partner.get_absolute_url()).content.decode()
    assert "Other notes" in page
    assert "Old single text (fictional)." in page


def test_review_reminder_on_her_workers_worklist(org, partner_worker):
    """A plan whose review date has come is on the worklist; a later one is not."""
    today = timezone.localdate()
    due = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    later = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    SectionedSafetyPlanFactory(partner=due, version=1, review_on=today)
    # Only her current version counts: version 2 moved the review on.
    SectionedSafetyPlanFactory(
        partner=later, version=1, review_on=today - datetime.timedelta(days=3)
    )
    SectionedSafetyPlanFactory(
        partner=later, version=2, review_on=today + datetime.timedelta(days=30)
    )
    worklist = build_worklist(partner_worker, today)
    assert [p.name for p in worklist.plan_reviews] == [due.name]
    assert worklist.counts["plan_reviews"] == 1


def test_review_reminder_is_shown_on_the_page(org, partner_worker, login):
    today = timezone.localdate()
    partner = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    SectionedSafetyPlanFactory(
        partner=partner, version=1, review_on=today - datetime.timedelta(days=1)
    )
    page = login(partner_worker).get(reverse("partner_contact:worklist"))
    html = page.content.decode()
    assert "Safety plan review due (1)" in html
    assert partner.name in html
    section = login(partner_worker).get(
        reverse("partner_contact:worklist_section") + "?section=plan_reviews"
    )
    assert partner.name in section.content.decode()


def test_a_closed_case_has_no_review_reminder(org, partner_worker):
    today = timezone.localdate()
    partner = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    SectionedSafetyPlanFactory(partner=partner, version=1, review_on=today)
    her_case.move_partner(
        partner=partner,
        to_status="closed",
        reason="support_completed",
        actor=partner_worker,
    )
    assert build_worklist(partner_worker, today).plan_reviews == []


def test_worklist_query_count_is_constant_as_reviews_grow(org, partner_worker, client):
    today = timezone.localdate()

    def add(n):
        for _ in range(n):
            SectionedSafetyPlanFactory(
                partner=PartnerFactory(
                    organisation=org, partner_support_worker=partner_worker
                ),
                version=1,
                review_on=today,
            )

    client.force_login(partner_worker)
    add(1)
    # The first request reads what later ones keep (permissions, the median).
    client.get(reverse("partner_contact:worklist"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("partner_contact:worklist"))
    add(6)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("partner_contact:worklist"))
    assert len(many) == len(few)
