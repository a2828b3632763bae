import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessLog
from outcomes.models import Respondent, Response, TimePoint
from tests.accounts.factories import UserFactory
from tests.outcomes.factories import (
    ClosedTimePointFactory,
    OutcomeConsentFactory,
    PartnerTimePointFactory,
    TimePointFactory,
    shipped,
)
from tests.participants.factories import ParticipantFactory
from tests.programmes.factories import EnrolmentFactory


def login(client, user):
    client.force_login(user)
    return client


def his_point(caseworker):
    man = ParticipantFactory(
        organisation=caseworker.organisation, caseworker=caseworker
    )
    return TimePointFactory(
        enrolment=EnrolmentFactory(
            participant=man,
            group__programme__organisation=caseworker.organisation,
            organisation=caseworker.organisation,
            start_date=timezone.localdate(),
        )
    )


def test_due_list_shows_his_to_his_caseworker_and_hers_to_her_worker(
    client, caseworker, partner_worker
):
    point = his_point(caseworker)
    hers = PartnerTimePointFactory(enrolment=point.enrolment)
    hers.partner.partner_support_worker = partner_worker
    hers.partner.save()
    body = login(client, caseworker).get(reverse("outcomes:due")).content.decode()
    assert str(point.uuid) in body and str(hers.uuid) not in body
    assert hers.partner.name not in body
    body = login(client, partner_worker).get(reverse("outcomes:due")).content.decode()
    assert str(hers.uuid) in body and str(point.uuid) not in body


def test_due_list_queries_do_not_grow_with_rows(
    client, caseworker, django_assert_max_num_queries
):
    his_point(caseworker)
    login(client, caseworker)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("outcomes:due"))
    for _ in range(5):
        his_point(caseworker)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("outcomes:due"))
    assert response.content.decode().count("outcomes/") >= 6


def test_caseworker_and_facilitator_never_reach_her_questionnaire(
    client, caseworker, facilitator
):
    hers = PartnerTimePointFactory(
        organisation=caseworker.organisation,
        enrolment__organisation=caseworker.organisation,
        enrolment__group__programme__organisation=caseworker.organisation,
        enrolment__participant__caseworker=caseworker,
    )
    url = reverse("outcomes:record", args=[hers.uuid])
    assert login(client, caseworker).get(url).status_code == 404
    assert login(client, caseworker).post(url, {}).status_code == 404
    assert login(client, facilitator).get(url).status_code == 403


def test_recording_his_questionnaire_in_the_browser(client, caseworker):
    point = his_point(caseworker)
    questionnaire = shipped(Respondent.MAN)
    url = reverse("outcomes:record", args=[point.uuid])
    page = login(client, caseworker).get(url)
    assert page.status_code == 200
    assert "Physical violence" in page.content.decode()
    first = questionnaire.items.order_by("order").first()
    response = client.post(
        url, {"mode": "phone", "action": "draft", f"item_{first.pk}": "once"}
    )
    assert response.status_code == 302
    saved = Response.objects.get(time_point=point)
    assert (saved.status, saved.mode) == (Response.Status.DRAFT, "phone")
    # Completing with items still open: a clear message, a 4xx, the draft kept.
    response = client.post(url, {"mode": "phone", "action": "complete"})
    assert response.status_code == 400
    assert "every question needs an answer" in response.content.decode()
    assert saved.answers.get().value == "once"


def test_out_of_range_answer_is_a_400_and_saves_nothing(client, caseworker):
    point = his_point(caseworker)
    item = shipped(Respondent.MAN).items.first()
    response = login(client, caseworker).post(
        reverse("outcomes:record", args=[point.uuid]),
        {"mode": "phone", "action": "draft", f"item_{item.pk}": "99"},
    )
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_closed_time_point_is_refused_with_409(client, caseworker):
    point = ClosedTimePointFactory(
        enrolment=his_point(caseworker).enrolment, kind="half_way"
    )
    response = login(client, caseworker).post(
        reverse("outcomes:record", args=[point.uuid]),
        {"mode": "phone", "action": "draft"},
    )
    assert response.status_code == 409
    assert not Response.objects.exists()


def test_her_questionnaire_without_consent_is_refused_and_view_is_logged(
    client, partner_worker
):
    hers = PartnerTimePointFactory(
        organisation=partner_worker.organisation,
        enrolment__organisation=partner_worker.organisation,
        enrolment__group__programme__organisation=partner_worker.organisation,
    )
    url = reverse("outcomes:record", args=[hers.uuid])
    response = login(client, partner_worker).post(
        url, {"mode": "phone", "action": "draft"}
    )
    assert response.status_code == 409
    assert "consent" in response.content.decode()
    assert AccessLog.objects.filter(object_uuid=hers.uuid).exists()
    OutcomeConsentFactory(partner=hers.partner)
    assert client.post(url, {"mode": "phone", "action": "draft"}).status_code == 302


def test_not_safe_now_from_the_page(client, partner_worker):
    hers = PartnerTimePointFactory(
        organisation=partner_worker.organisation,
        enrolment__organisation=partner_worker.organisation,
        enrolment__group__programme__organisation=partner_worker.organisation,
    )
    response = login(client, partner_worker).post(
        reverse("outcomes:settle", args=[hers.uuid]), {"outcome": "not_safe"}
    )
    assert response.status_code == 302
    hers.refresh_from_db()
    assert hers.not_safe_count == 1
    assert hers.due_on == timezone.localdate() + datetime.timedelta(days=7)


def test_settling_a_settled_time_point_is_a_409(client, caseworker):
    point = his_point(caseworker)
    point.status = TimePoint.Status.MISSED
    point.save()
    response = login(client, caseworker).post(
        reverse("outcomes:settle", args=[point.uuid]), {"outcome": "declined"}
    )
    assert response.status_code == 409


@pytest.mark.parametrize("role", ["facilitator", "org_admin"])
def test_roles_without_questionnaires_get_403(client, org, role):
    user = UserFactory(role=role, organisation=org)
    assert login(client, user).get(reverse("outcomes:due")).status_code == 403


def test_start_pages_count_the_questionnaires_due_to_their_collector(
    client, caseworker, partner_worker
):
    """His caseworker's page counts his open questionnaire, her worker's hers."""
    point = his_point(caseworker)
    hers = PartnerTimePointFactory(enrolment=point.enrolment)
    hers.partner.partner_support_worker = partner_worker
    hers.partner.save()
    PartnerTimePointFactory(enrolment=point.enrolment)  # another worker's woman
    for user in (caseworker, partner_worker):
        body = login(client, user).get(reverse("home")).content.decode()
        assert 'data-count="outcomes-due">1<' in body
        assert reverse("outcomes:due") in body


def test_start_page_queries_do_not_grow_with_questionnaires_due(
    client, caseworker, django_assert_max_num_queries
):
    his_point(caseworker)
    login(client, caseworker)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("home"))
    for _ in range(4):
        his_point(caseworker)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(reverse("home")).content.decode()
    assert 'data-count="outcomes-due">5<' in body


@pytest.mark.parametrize(
    ("role", "sees"),
    [("facilitator", False), ("caseworker", True), ("manager", True)],
)
def test_menu_links_to_the_outcome_pages_by_role(request, client, role, sees):
    user = request.getfixturevalue(role)
    body = login(client, user).get(reverse("home")).content.decode()
    assert (reverse("outcomes:due") in body) is sees
    is_manager = role == "manager"
    assert (reverse("outcomes:programme_outcomes") in body) is is_manager


def test_autosave_keeps_a_draft_and_the_page_restores_it(client, caseworker):
    point = his_point(caseworker)
    first = shipped(Respondent.MAN).items.order_by("order").first()
    draft_url = reverse("outcomes:draft", args=[point.uuid])
    answer = login(client, caseworker).post(
        draft_url,
        {"mode": "in_person", f"item_{first.pk}": "once"},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200
    assert "Draft kept at" in answer.content.decode()
    saved = Response.objects.get(time_point=point)
    assert saved.status == Response.Status.DRAFT
    assert saved.answers.get(item=first).value == "once"
    # Reopening the questionnaire shows the answer kept by the autosave.
    page = client.get(reverse("outcomes:record", args=[point.uuid])).content.decode()
    assert 'value="once" selected' in page
    assert f'hx-post="{draft_url}"' in page


def test_autosave_with_a_bad_answer_says_so_and_keeps_the_earlier_draft(
    client, caseworker
):
    point = his_point(caseworker)
    first = shipped(Respondent.MAN).items.order_by("order").first()
    draft_url = reverse("outcomes:draft", args=[point.uuid])
    login(client, caseworker).post(
        draft_url, {"mode": "phone", f"item_{first.pk}": "once"}
    )
    answer = client.post(draft_url, {"mode": "phone", f"item_{first.pk}": "<script>"})
    assert answer.status_code == 400
    assert "not one of the choices" in answer.content.decode()
    assert Response.objects.get(time_point=point).answers.get().value == "once"


def test_autosave_of_her_questionnaire_is_refused_to_a_caseworker(client, caseworker):
    hers = PartnerTimePointFactory(
        organisation=caseworker.organisation,
        enrolment__organisation=caseworker.organisation,
        enrolment__group__programme__organisation=caseworker.organisation,
        enrolment__participant__caseworker=caseworker,
    )
    url = reverse("outcomes:draft", args=[hers.uuid])
    assert login(client, caseworker).post(url, {"mode": "phone"}).status_code == 404
    assert not Response.objects.filter(time_point=hers).exists()
