import pytest

from outcomes import services
from outcomes.models import (
    Domain,
    Item,
    Questionnaire,
    QuestionnaireLocked,
    Respondent,
    TimePointKind,
)
from outcomes.scoring import check_answers, score_domains
from tests.outcomes.factories import ResponseFactory, shipped

AREAS = {
    "physical",
    "psychological",
    "sexual",
    "economic",
    "coercive_control",
    "stalking",
    "impact_her",
    "impact_children",
    "her_safety",
    "her_wellbeing",
    "responsibility",
    "his_wellbeing",
}


@pytest.mark.parametrize("respondent", [Respondent.MAN, Respondent.PARTNER])
def test_shipped_questionnaires_cover_every_area_at_every_time_point(db, respondent):
    """One active questionnaire per respondent covers every area of issue 15,
    with a recall period for each of the five time points."""
    questionnaire = shipped(respondent)
    assert set(questionnaire.domains.values_list("code", flat=True)) == AREAS
    assert set(questionnaire.time_points) == set(TimePointKind.values)
    assert all(questionnaire.recall_period(k) for k in TimePointKind.values)
    for domain in questionnaire.domains.all():
        assert domain.items.exists()


def test_a_version_with_answers_cannot_be_changed(db):
    """Once a response uses a version, its row, domains, scales and items refuse
    every change; retiring it (is_active) is still allowed."""
    response = ResponseFactory()
    questionnaire = response.questionnaire
    questionnaire.name = "Changed"
    with pytest.raises(QuestionnaireLocked):
        questionnaire.save()
    item = questionnaire.items.first()
    item.text = "Changed"
    with pytest.raises(QuestionnaireLocked):
        item.save()
    with pytest.raises(QuestionnaireLocked):
        Item.objects.filter(questionnaire=questionnaire).update(text="Changed")
    with pytest.raises(QuestionnaireLocked):
        Domain.objects.filter(questionnaire=questionnaire).delete()
    with pytest.raises(QuestionnaireLocked):
        Questionnaire.objects.filter(pk=questionnaire.pk).update(name="Changed")
    with pytest.raises(QuestionnaireLocked):
        questionnaire.scales.first().delete()
    questionnaire.is_active = False
    questionnaire.save(update_fields=["is_active"])


def test_a_version_without_answers_may_be_edited(db):
    """Before anyone answers it, a version is still a draft of itself."""
    item = shipped(Respondent.MAN).items.first()
    item.text = "Reworded"
    item.save()


def test_publishing_copies_a_version_and_retires_the_old_one(db):
    """A new version copies every domain, scale and item, and becomes the only
    active one; the old one keeps its answers."""
    old = ResponseFactory().questionnaire
    new = services.publish_new_version(questionnaire=old)
    old.refresh_from_db()
    assert (new.version, new.is_active, old.is_active) == (2, True, False)
    assert new.items.count() == old.items.count()
    assert new.domains.count() == old.domains.count()
    item = new.items.first()
    item.text = "Reworded in version 2"
    item.save()


def test_not_answered_and_declined_are_not_zero(db):
    """'Not answered' and 'declined' have no score and do not pull a mean down;
    a domain with no scored answer has no score at all."""
    questionnaire = shipped(Respondent.PARTNER)
    items = list(questionnaire.items.select_related("scale", "domain"))
    physical = [i for i in items if i.domain.code == "physical"]
    answers = {physical[0].pk: "weekly", physical[1].pk: "not_answered"}
    answers[physical[2].pk] = "declined"
    answers[physical[3].pk] = "never"
    checked = check_answers(items, answers, complete=False)
    scores = score_domains(list(questionnaire.domains.all()), checked)
    assert scores["physical"] == 2.0  # (4 + 0) / 2, the two others left out
    assert scores["sexual"] is None
    assert [a.score for a in checked if a.value in ("not_answered", "declined")] == [
        None,
        None,
    ]


def test_an_answer_off_the_scale_is_refused(db):
    questionnaire = shipped(Respondent.MAN)
    items = list(questionnaire.items.select_related("scale"))
    with pytest.raises(Exception, match="not on its scale"):
        check_answers(items, {items[0].pk: "sometimes"}, complete=False)


def test_a_complete_response_needs_every_item(db):
    questionnaire = shipped(Respondent.MAN)
    items = list(questionnaire.items.select_related("scale"))
    with pytest.raises(Exception, match="every question needs an answer"):
        check_answers(items, {items[0].pk: "never"}, complete=True)
