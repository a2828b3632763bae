"""Outcome questionnaires in several languages (issue 18, item 6): asked in her
(his) language, the language kept with the answers, read back in the reader's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from outcomes import services
from outcomes.models import Respondent, Response
from tests.outcomes.factories import (
    OutcomeConsentFactory,
    PartnerTimePointFactory,
    shipped,
)
from tests.outcomes.test_recording import all_answers
from tests.outcomes.test_views import his_point, login

OTHER_LANGUAGES = ("de", "es", "fr", "it")


@pytest.fixture(autouse=True)
def _english_after():
    """A reader's language activated by a page stays active in this thread;
    the next test starts in the default again."""
    yield
    translation.deactivate()


def her_point(partner_worker, language="English"):
    org = partner_worker.organisation
    point = PartnerTimePointFactory(
        organisation=org,
        enrolment__organisation=org,
        enrolment__group__programme__organisation=org,
    )
    point.partner.language = language
    point.partner.partner_support_worker = partner_worker
    point.partner.save()
    OutcomeConsentFactory(partner=point.partner)
    return point


def first_item(respondent):
    return shipped(respondent).items.order_by("order").first()


@pytest.mark.parametrize("respondent", [Respondent.MAN, Respondent.PARTNER])
def test_shipped_questionnaires_carry_every_text_in_the_four_other_languages(
    db, respondent
):
    questionnaire = shipped(respondent)
    for language in OTHER_LANGUAGES:
        assert questionnaire.name_in(language) != questionnaire.name
        assert questionnaire.introduction_in(language) != questionnaire.introduction
        for kind in questionnaire.time_points:
            assert questionnaire.recall_period(
                kind, language
            ) != questionnaire.recall_period(kind, "en")
        for domain in questionnaire.domains.all():
            assert domain.translations.get(language), (language, domain.code)
        for item in questionnaire.items.all():
            assert item.translations.get(language), (language, item.code)
        for scale in questionnaire.scales.all():
            for option in scale.options:
                assert option["labels"].get(language), (language, option["value"])


def test_a_text_missing_in_a_language_falls_back_to_the_questionnaires_own(db):
    item = first_item(Respondent.MAN)
    assert item.text_in("de") == "Sie haben sie gestoßen, gepackt oder geschubst"
    assert item.text_in("en-gb") == item.text
    assert item.text_in("nl") == item.text


@pytest.mark.parametrize(
    "written, code",
    [
        ("Deutsch", "de"),
        ("German", "de"),
        ("  french ", "fr"),
        ("Italiano", "it"),
        ("es", "es"),
        ("English", "en-gb"),
        ("en-US", "en-gb"),
        ("Tigrinya", None),
        ("", None),
    ],
)
def test_a_language_written_on_her_record_is_understood(written, code):
    assert services.language_code(written) == code


def test_her_questionnaire_is_asked_in_her_language_and_kept_with_it(
    client, partner_worker
):
    point = her_point(partner_worker, language="Deutsch")
    item = first_item(Respondent.PARTNER)
    url = reverse("outcomes:record", args=[point.uuid])
    page = login(client, partner_worker).get(url).content.decode()
    # Her questions in German; the page around them in the worker's English.
    assert "Er hat Sie gestoßen, gepackt oder geschubst" in page
    assert "Körperliche Gewalt" in page
    assert "Trifft voll zu" in page
    assert "Ask the questions in" in page
    assert 'name="language" value="de"' in page
    answer = client.post(
        url,
        {
            "mode": "phone",
            "action": "draft",
            "language": "de",
            f"item_{item.pk}": "once",
        },
    )
    assert answer.status_code == 302
    assert Response.objects.get(time_point=point).language == "de"


def test_her_language_unknown_to_the_system_asks_in_the_organisations(
    client, partner_worker
):
    partner_worker.organisation.language = "fr"
    partner_worker.organisation.save()
    point = her_point(partner_worker, language="Tigrinya")
    page = login(client, partner_worker).get(point.get_absolute_url())
    assert "Il vous a poussée, empoignée ou bousculée" in page.content.decode()


def test_the_worker_may_choose_another_language(client, caseworker):
    point = his_point(caseworker)
    page = login(client, caseworker).get(point.get_absolute_url(), {"ask_in": "it"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "L&#x27;ha spinta, afferrata o strattonata" in body
    assert "Ogni settimana o più spesso" in body
    # "Declined" and "not answered" are the worker's record, in his language.
    assert "Declined to answer" in body


def test_an_unknown_language_in_the_url_is_a_400_with_a_message(client, caseworker):
    point = his_point(caseworker)
    page = login(client, caseworker).get(point.get_absolute_url(), {"ask_in": "xx<b>"})
    assert page.status_code == 400
    body = page.content.decode()
    assert "is not a language the system offers" in body
    assert "xx<b>" not in body
    # Still the questionnaire, in his (English) language.
    assert first_item(Respondent.MAN).text in body


def test_autosave_keeps_the_language_and_reopening_asks_in_it(client, caseworker):
    point = his_point(caseworker)
    item = first_item(Respondent.MAN)
    answer = login(client, caseworker).post(
        reverse("outcomes:draft", args=[point.uuid]),
        {"mode": "in_person", "language": "es", f"item_{item.pk}": "once"},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200
    assert "Draft kept at" in answer.content.decode()
    assert Response.objects.get(time_point=point).language == "es"
    page = client.get(point.get_absolute_url()).content.decode()
    assert "La ha empujado, agarrado o zarandeado" in page
    assert 'value="once" selected' in page
    # A bad language in an autosave keeps the draft as it was.
    answer = client.post(
        reverse("outcomes:draft", args=[point.uuid]),
        {"mode": "in_person", "language": "zz", f"item_{item.pk}": "never"},
    )
    assert answer.status_code == 400
    saved = Response.objects.get(time_point=point)
    assert (saved.language, saved.answers.get().value) == ("es", "once")


def completed_in_german(partner_worker):
    point = her_point(partner_worker, language="Deutsch")
    questionnaire = shipped(Respondent.PARTNER)
    answers = all_answers(questionnaire, "weekly")
    answers[first_item(Respondent.PARTNER).pk] = "declined"
    services.record_response(
        time_point=point,
        questionnaire=questionnaire,
        answers=answers,
        mode=Response.Mode.PHONE,
        actor=partner_worker,
        complete=True,
    )
    return point


def test_her_answers_read_in_the_readers_language_with_the_language_asked_in(
    client, partner_worker, manager
):
    point = completed_in_german(partner_worker)
    assert point.response.language == "de"
    page = login(client, partner_worker).get(point.get_absolute_url())
    body = page.content.decode()
    assert page.status_code == 200
    assert "Answered in Deutsch" in body
    assert shipped(Respondent.PARTNER).items.get(code="physical_hit").text in body
    assert "Weekly or more" in body
    assert "Declined to answer" in body
    assert "Er hat Sie geohrfeigt" not in body
    # A manager who reads French sees the same answers in French.
    manager.language = "fr"
    manager.save()
    body = login(client, manager).get(point.get_absolute_url()).content.decode()
    assert "Il vous a giflée, frappée" in body
    assert "Chaque semaine ou plus" in body


def test_her_answered_questionnaire_stays_behind_the_firewall(
    client, partner_worker, caseworker, facilitator
):
    point = completed_in_german(partner_worker)
    assert login(client, caseworker).get(point.get_absolute_url()).status_code == 404
    assert login(client, facilitator).get(point.get_absolute_url()).status_code == 403


def queries_of(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_asking_in_another_language_costs_no_query_more(client, caseworker):
    point = his_point(caseworker)
    url = point.get_absolute_url()
    login(client, caseworker).get(url)
    english = queries_of(client, url)
    assert queries_of(client, url, {"ask_in": "de"}) == english
    assert queries_of(client, url, {"ask_in": "it"}) == english


def test_reading_answers_back_costs_the_same_queries_in_any_language(
    client, partner_worker
):
    point = completed_in_german(partner_worker)
    url = point.get_absolute_url()
    login(client, partner_worker).get(url)
    english = queries_of(client, url)
    partner_worker.language = "es"
    partner_worker.save()
    assert queries_of(client, url) == english


def test_a_new_version_keeps_the_texts_in_every_language(db):
    old = shipped(Respondent.PARTNER)
    new = services.publish_new_version(questionnaire=old)
    assert new.translations == old.translations
    assert new.language == old.language
    assert new.items.get(code="physical_push").text_in("fr") == (
        "Il vous a poussée, empoignée ou bousculée"
    )
    assert new.domains.get(code="her_safety").name_in("es") == "Su seguridad"
    scale = new.scales.get(code="frequency")
    assert dict(scale.choices("it"))["never"] == "Mai"
