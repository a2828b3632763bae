import datetime

import pytest
from django.utils import timezone

from outcomes import services
from outcomes.models import Respondent, Response, TimePoint
from tests.outcomes.factories import (
    ClosedTimePointFactory,
    OutcomeConsentFactory,
    PartnerTimePointFactory,
    TimePointFactory,
    shipped,
)
from tests.partner_contact.factories import WithdrawnConsentFactory


def all_answers(questionnaire, value="never"):
    answers = {}
    for item in questionnaire.items.select_related("scale"):
        values = [o["value"] for o in item.scale.options]
        answers[item.pk] = value if value in values else values[0]
    return answers


def record(point, answers, *, complete, actor=None):
    return services.record_response(
        time_point=point,
        questionnaire=shipped(point.respondent),
        answers=answers,
        mode=Response.Mode.IN_PERSON,
        actor=actor or point.participant.caseworker,
        complete=complete,
    )


def test_a_draft_keeps_its_answers_and_can_be_completed_later(db):
    """A draft may leave items open; completing stores the scores with the
    version, who and when, and settles the time point."""
    point = TimePointFactory()
    questionnaire = shipped(Respondent.MAN)
    first = questionnaire.items.order_by("order").first()
    draft = record(point, {first.pk: "weekly"}, complete=False)
    assert draft.status == Response.Status.DRAFT
    assert draft.domain_scores["physical"] == 4.0
    point.refresh_from_db()
    assert point.status == TimePoint.Status.PENDING
    done = record(point, all_answers(questionnaire), complete=True)
    point.refresh_from_db()
    assert (done.pk, done.status, point.status) == (
        draft.pk,
        Response.Status.COMPLETE,
        TimePoint.Status.COMPLETED,
    )
    assert done.questionnaire == questionnaire
    assert done.recorded_by == point.participant.caseworker
    assert done.completed_at is not None
    assert done.answers.count() == questionnaire.items.count()


def test_a_second_questionnaire_for_the_same_time_point_is_refused(db):
    point = TimePointFactory()
    record(point, all_answers(shipped(Respondent.MAN)), complete=True)
    with pytest.raises(services.RecordingRefused) as refused:
        record(point, {}, complete=False)
    assert refused.value.status == 409


def test_a_time_point_not_open_is_refused(db):
    point = ClosedTimePointFactory()
    with pytest.raises(services.RecordingRefused, match="open from"):
        record(point, {}, complete=False)
    assert not Response.objects.exists()


def test_her_questionnaire_needs_her_consent_in_force(db):
    """Without a recorded consent, or after she withdrew it, nothing is saved."""
    point = PartnerTimePointFactory()
    worker = point.partner.partner_support_worker
    with pytest.raises(services.RecordingRefused, match="consent"):
        record(point, {}, complete=False, actor=worker)
    WithdrawnConsentFactory(partner=point.partner, kind="outcome_questionnaires")
    with pytest.raises(services.RecordingRefused, match="consent"):
        record(point, {}, complete=False, actor=worker)
    OutcomeConsentFactory(partner=point.partner)
    assert record(point, {}, complete=False, actor=worker).pk


def test_withdrawn_consent_keeps_her_draft(db):
    """Answers saved before she withdrew stay as they were."""
    point = PartnerTimePointFactory()
    consent = OutcomeConsentFactory(partner=point.partner)
    worker = point.partner.partner_support_worker
    item = shipped(Respondent.PARTNER).items.first()
    draft = record(point, {item.pk: "once"}, complete=False, actor=worker)
    consent.withdrawn_on = timezone.localdate()
    consent.save()
    with pytest.raises(services.RecordingRefused):
        record(point, {item.pk: "weekly"}, complete=False, actor=worker)
    assert draft.answers.get().value == "once"


def test_not_safe_now_reschedules_her_time_point(db):
    point = PartnerTimePointFactory(
        closes_on=timezone.localdate() + datetime.timedelta(days=2)
    )
    today = timezone.localdate()
    services.record_not_safe(
        time_point=point, actor=point.partner.partner_support_worker, today=today
    )
    point.refresh_from_db()
    assert point.due_on == today + datetime.timedelta(days=7)
    assert point.closes_on >= point.due_on
    assert (point.status, point.not_safe_count) == (TimePoint.Status.PENDING, 1)


def test_declined_settles_the_time_point(db):
    point = TimePointFactory()
    services.record_declined(
        time_point=point, actor=point.participant.caseworker, today=timezone.localdate()
    )
    point.refresh_from_db()
    assert point.status == TimePoint.Status.DECLINED
