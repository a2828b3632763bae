"""A caseworker fills in his outcome questionnaire over two sittings."""

import pytest
from django.utils import timezone

from outcomes.models import Respondent, Response
from tests.outcomes.factories import TimePointFactory, shipped
from tests.participants.factories import ParticipantFactory
from tests.programmes.factories import EnrolmentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_questionnaire_draft_is_kept_while_answering(caseworker, org, page, sign_in):
    """Autosave keeps the answers server-side; reopening the questionnaire shows
    them, and it can be completed later."""
    man = ParticipantFactory(organisation=org, caseworker=caseworker)
    point = TimePointFactory(
        enrolment=EnrolmentFactory(
            participant=man,
            organisation=org,
            group__programme__organisation=org,
            start_date=timezone.localdate(),
        )
    )
    first = shipped(Respondent.MAN).items.order_by("order").first()
    sign_in(caseworker)
    page.goto(point.get_absolute_url())
    page.wait_for_load_state("load")
    page.locator(f"#id_item_{first.pk}").select_option("once")
    page.wait_for_selector("text=Draft kept", timeout=15_000)
    saved = Response.objects.get(time_point=point)
    assert saved.status == Response.Status.DRAFT
    assert saved.answers.get(item=first).value == "once"
    page.goto(point.get_absolute_url())
    assert page.locator(f"#id_item_{first.pk}").input_value() == "once"


def test_a_questionnaire_asked_in_another_language_keeps_it_while_answering(
    caseworker, org, page, sign_in
):
    """The worker asks in Spanish: the questions change language, the autosave
    keeps the answers with the language, and reopening asks in Spanish again."""
    man = ParticipantFactory(organisation=org, caseworker=caseworker)
    point = TimePointFactory(
        enrolment=EnrolmentFactory(
            participant=man,
            organisation=org,
            group__programme__organisation=org,
            start_date=timezone.localdate(),
        )
    )
    first = shipped(Respondent.MAN).items.order_by("order").first()
    sign_in(caseworker)
    page.goto(point.get_absolute_url())
    page.wait_for_load_state("load")
    page.get_by_label("Ask the questions in").select_option("es")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("La ha empujado, agarrado o zarandeado").is_visible()
    page.locator(f"#id_item_{first.pk}").select_option("once")
    page.wait_for_selector("text=Draft kept", timeout=15_000)
    saved = Response.objects.get(time_point=point)
    assert (saved.language, saved.answers.get(item=first).value) == ("es", "once")
    page.goto(point.get_absolute_url())
    assert page.get_by_text("La ha empujado, agarrado o zarandeado").is_visible()
    assert page.locator(f"#id_item_{first.pk}").input_value() == "once"
