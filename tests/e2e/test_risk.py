"""A manager's risk day: the dashboard shows a separation and its monitoring
period, and the separation alert is acknowledged in place."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from partner_contact import services as partner_services
from risk.models import Alert
from tests.participants.factories import ParticipantFactory
from tests.partner_contact.factories import RelationshipFactory
from tests.risk.factories import HighRiskAssessmentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_manager_sees_the_separation_and_acknowledges_the_alert(
    org, manager, caseworker, page, sign_in
):
    man = ParticipantFactory(
        organisation=org, caseworker=caseworker, first_name="Demoman", risk_level="high"
    )
    HighRiskAssessmentFactory(participant=man)
    relationship = RelationshipFactory(participant=man, partner__organisation=org)
    partner_services.record_separation(
        relationship=relationship,
        occurred_on=timezone.localdate() - timedelta(days=2),
        announced=False,
        actor=relationship.partner.partner_support_worker,
    )

    sign_in(manager)
    page.get_by_role("link", name="Open the risk dashboard").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Risk dashboard").is_visible()

    unacknowledged = page.locator(
        "section",
        has=page.get_by_role(
            "heading", name=re.compile("not acknowledged about the open cases")
        ),
    )
    mine = Alert.objects.get(recipient=manager)
    row = unacknowledged.locator(f"#alert-{mine.uuid}")
    assert "Separation" in row.inner_text()
    assert "Demoman" in row.inner_text()

    monitoring = page.locator(
        "section",
        has=page.get_by_role("heading", name="Men in a period of increased risk"),
    )
    assert "Demoman" in monitoring.inner_text()
    assert "Separation" in monitoring.inner_text()

    # The nav badge counts his one open alert.
    assert page.locator("#risk-alert-count").inner_text().startswith("1")

    row.get_by_role("button", name="Acknowledge").click()
    page.get_by_text("Alert acknowledged.").wait_for()
    assert "Acknowledged" in unacknowledged.locator(f"#alert-{mine.uuid}").inner_text()
    assert page.locator("#risk-alert-count").inner_text().strip() == ""
    assert Alert.objects.get(recipient=manager).status == Alert.Status.ACKNOWLEDGED


def test_caseworker_sees_the_risk_timeline_on_the_case_file(
    org, caseworker, page, sign_in
):
    man = ParticipantFactory(organisation=org, caseworker=caseworker)
    HighRiskAssessmentFactory(
        participant=man, assessed_on=timezone.localdate() - timedelta(days=3)
    )
    sign_in(caseworker)
    page.goto(f"/participants/{man.uuid}/")
    panel = page.locator("section", has=page.get_by_role("heading", name="Risk"))
    assert panel.locator("canvas#chart-risk-timeline").is_visible()
    assert "Refer to MARAC" in panel.inner_text()
