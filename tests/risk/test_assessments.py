import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from participants.models import RiskLevel
from risk import services
from risk.models import InstrumentThreshold, RiskAssessment, RiskEvent, RiskSettings
from tests.risk.factories import RiskAssessmentFactory

TODAY = timezone.localdate()


def assess(man, instrument, answers, user, **kwargs):
    return services.assess_participant(
        participant=man,
        instrument=instrument,
        assessed_by=user,
        assessed_on=kwargs.pop("assessed_on", TODAY),
        answers=answers,
        sources=["interview"],
        **kwargs,
    )


def test_shipped_instrument_has_24_items_and_the_usual_bands(instrument):
    assert instrument.items.count() == 24
    assert (instrument.medium_from, instrument.high_from) == (10, 14)
    assert instrument.items.filter(marks_pregnancy=True).count() == 1


@pytest.mark.parametrize(
    ("yes", "level", "weeks"),
    [
        (0, "standard", 12),
        (9, "standard", 12),
        (10, "medium", 8),
        (13, "medium", 8),
        (14, "high", 4),
        (24, "high", 4),
    ],
)
def test_yes_count_bands_the_level_and_sets_the_review(
    yes, level, weeks, man, instrument, answers, caseworker
):
    assessment = assess(man, instrument, answers(yes=yes), caseworker)
    assert assessment.yes_count == yes
    assert assessment.level == level
    assert assessment.next_review_on == TODAY + datetime.timedelta(weeks=weeks)
    man.refresh_from_db()
    assert man.risk_level == level
    assert man.risk_level_assessed_on == TODAY
    assert assessment.answers.count() == 24


def test_organisation_bands_and_review_intervals_apply(
    man, instrument, answers, caseworker, org
):
    InstrumentThreshold.objects.create(
        organisation=org, instrument=instrument, medium_from=5, high_from=17
    )
    RiskSettings.objects.create(organisation=org, review_weeks_medium=6)
    assessment = assess(man, instrument, answers(yes=15), caseworker)
    assert assessment.level == RiskLevel.MEDIUM
    assert (assessment.medium_from, assessment.high_from) == (5, 17)
    assert assessment.next_review_on == TODAY + datetime.timedelta(weeks=6)


def test_judgement_raises_the_level_with_a_reason(man, instrument, answers, caseworker):
    assessment = assess(
        man,
        instrument,
        answers(yes=3),
        caseworker,
        judgement_level=RiskLevel.HIGH,
        judgement_reason="Strangulation disclosed last week.",
    )
    assert assessment.computed_level == RiskLevel.STANDARD
    assert assessment.level == RiskLevel.HIGH
    assert assessment.judgement_raised


def test_judgement_never_lowers_the_level(man, instrument, answers, caseworker):
    with pytest.raises(ValidationError):
        assess(
            man,
            instrument,
            answers(yes=15),
            caseworker,
            judgement_level=RiskLevel.MEDIUM,
            judgement_reason="He seems calmer.",
        )
    assert not RiskAssessment.objects.exists()


def test_judgement_needs_a_reason(man, instrument, answers, caseworker):
    with pytest.raises(ValidationError):
        assess(man, instrument, answers(yes=3), caseworker, judgement_level="high")


def test_database_refuses_a_lowered_level_or_a_judgement_without_reason(man):
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskAssessmentFactory(
            participant=man, yes_count=15, computed_level="high", level="medium"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskAssessmentFactory(
            participant=man, judgement_level="high", judgement_reason="", level="high"
        )


def test_unanswered_items_are_refused(man, instrument, answers, caseworker):
    partial = answers(yes=2)
    partial.pop(next(iter(partial)))
    with pytest.raises(ValidationError):
        assess(man, instrument, partial, caseworker)


def test_current_level_is_the_latest_assessment_not_a_backdated_one(
    man, instrument, answers, caseworker
):
    assess(man, instrument, answers(yes=15), caseworker)
    assess(
        man,
        instrument,
        answers(yes=1),
        caseworker,
        assessed_on=TODAY - datetime.timedelta(days=30),
    )
    man.refresh_from_db()
    assert man.risk_level == RiskLevel.HIGH


def test_a_rise_in_level_is_an_event_with_alerts(
    man, instrument, answers, caseworker, manager
):
    assess(
        man, instrument, answers(yes=2), caseworker, assessed_on=TODAY.replace(day=1)
    )
    assess(man, instrument, answers(yes=15), caseworker)
    event = RiskEvent.objects.get(kind=RiskEvent.Kind.LEVEL_RAISED)
    assert event.participant == man
    # The assessor is not alerted about his own assessment; managers are.
    assert set(event.alerts.values_list("recipient", flat=True)) == {manager.pk}


def _post(man, instrument, answers, **extra):
    data = {"assessed_on": TODAY.isoformat(), "sources": ["interview"], **extra}
    for item_id, (value, comment) in answers.items():
        data[f"answer_{item_id}"] = value
        data[f"comment_{item_id}"] = comment
    return data


def test_assessment_page_saves_and_redirects(
    man, instrument, answers, login, caseworker
):
    client = login(caseworker)
    url = reverse("risk:assessment_create", args=[man.uuid])
    assert client.get(url).status_code == 200
    response = client.post(url, _post(man, instrument, answers(yes=11)))
    assessment = RiskAssessment.objects.get()
    assert response.status_code == 302
    assert response.url == assessment.get_absolute_url()
    assert assessment.level == RiskLevel.MEDIUM
    assert client.get(response.url).status_code == 200


def test_assessment_page_with_an_unanswered_item_is_a_400(
    man, instrument, answers, login, caseworker
):
    data = _post(man, instrument, answers(yes=11))
    first = instrument.items.order_by("order").first()
    del data[f"answer_{first.pk}"]
    data[f"comment_{first.pk}"] = "A comment that must not be lost."
    response = login(caseworker).post(
        reverse("risk:assessment_create", args=[man.uuid]), data
    )
    assert response.status_code == 400
    assert "Answer this item" in response.content.decode()
    assert "A comment that must not be lost." in response.content.decode()
    assert not RiskAssessment.objects.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"judgement_level": "high"}, "Give the reason"),
        ({"judgement_level": "medium", "judgement_reason": "x"}, "never lower it"),
        ({"assessed_on": "2031-01-01"}, "in the future"),
    ],
)
def test_assessment_page_refuses_bad_judgement_and_dates(
    extra, message, man, instrument, answers, login, caseworker
):
    data = _post(man, instrument, answers(yes=15), **extra)
    response = login(caseworker).post(
        reverse("risk:assessment_create", args=[man.uuid]), data
    )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_assessing_another_organisations_man_is_a_404(
    other_org, instrument, answers, login, caseworker
):
    from tests.participants.factories import ParticipantFactory

    stranger = ParticipantFactory(organisation=other_org)
    response = login(caseworker).get(
        reverse("risk:assessment_create", args=[stranger.uuid])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["facilitator", "partner_support"])
def test_only_caseworkers_and_managers_assess(role, make_user, man, login):
    response = login(make_user(role)).get(
        reverse("risk:assessment_create", args=[man.uuid])
    )
    assert response.status_code == 403
