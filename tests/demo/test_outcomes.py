"""The demo's outcome questionnaires: every time point, every way it can go, and
figures the charts can show."""

from statistics import mean

from django.db.models import Count

from outcomes import figures
from outcomes.models import (
    Answer,
    Domain,
    Item,
    Respondent,
    Response,
    TimePoint,
    TimePointKind,
)
from outcomes.scheduling import schedule_time_points
from outcomes.scoring import CheckedAnswer, score_domains


def test_demo_has_questionnaires_at_every_time_point_in_every_state(seeded):
    org = seeded.organisations[0]
    points = TimePoint.objects.filter(organisation=org)
    kinds = set(points.values_list("kind", flat=True))
    assert kinds == set(TimePointKind.values)
    for respondent in Respondent.values:
        statuses = set(
            points.filter(respondent=respondent).values_list("status", flat=True)
        )
        assert statuses == set(TimePoint.Status.values), respondent
    # Some women said it was not safe to ask, and were asked again later.
    assert points.filter(respondent=Respondent.PARTNER, not_safe_count__gt=0).exists()
    # Every completed point has one complete response with answers and scores.
    completed = points.filter(status=TimePoint.Status.COMPLETED)
    responses = Response.objects.filter(time_point__in=completed)
    assert responses.count() == completed.count()
    assert not responses.exclude(status=Response.Status.COMPLETE).exists()
    assert not responses.filter(domain_scores={}).exists()
    per_response = set(
        Answer.objects.filter(response__in=responses)
        .values("response")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
    assert per_response and min(per_response) > 5


def test_demo_tells_the_story_the_charts_show(seeded):
    """His account reports less abuse than hers; completers improve."""
    org = seeded.organisations[0]
    intake = Response.objects.filter(
        organisation=org, time_point__kind=TimePointKind.INTAKE
    ).values_list("time_point__respondent", "domain_scores")
    physical = {Respondent.MAN: [], Respondent.PARTNER: []}
    for respondent, scores in intake:
        if scores.get("physical") is not None:
            physical[respondent].append(scores["physical"])
    assert mean(physical[Respondent.MAN]) < mean(physical[Respondent.PARTNER])
    by_kind = {TimePointKind.INTAKE: [], TimePointKind.END: []}
    for kind, scores in Response.objects.filter(
        organisation=org,
        time_point__respondent=Respondent.PARTNER,
        time_point__kind__in=list(by_kind),
        time_point__enrolment__outcome="completed",
    ).values_list("time_point__kind", "domain_scores"):
        if scores.get("physical") is not None:
            by_kind[kind].append(scores["physical"])
    assert mean(by_kind[TimePointKind.END]) < mean(by_kind[TimePointKind.INTAKE])
    # The manager's figures have something to show.
    assert figures.mean_changes(TimePoint.objects.filter(organisation=org))


def test_demo_time_points_are_the_ones_the_scheduler_would_make(seeded):
    """The scheduler finds nothing to add for the places the demo covered."""
    before = TimePoint.objects.count()
    schedule_time_points(today=seeded.today)
    added = TimePoint.objects.count() - before
    # Only windows opening later than the demo's horizon, if any, are new.
    assert added <= TimePoint.objects.filter(opens_on__gt=seeded.today).count()


def test_demo_scores_are_what_the_service_computes_from_the_answers(seeded):
    """The seeder has the database score every questionnaire from its answers
    (demo.outcome_answers); the scores it sets are the ones `score_domains`
    gives for the same answers, nulls included."""
    org = seeded.organisations[0]
    responses = list(Response.objects.filter(organisation=org).order_by("pk")[:300])
    assert responses
    items = {item.pk: item for item in Item.objects.all()}
    domains: dict[int, list] = {}
    for domain in Domain.objects.order_by("order"):
        domains.setdefault(domain.questionnaire_id, []).append(domain)
    answers: dict[int, list] = {}
    for answer in Answer.objects.filter(response__in=responses):
        answers.setdefault(answer.response_id, []).append(
            CheckedAnswer(items[answer.item_id], answer.value, answer.score)
        )
    for response in responses:
        expected = score_domains(
            domains[response.questionnaire_id], answers[response.pk]
        )
        assert response.domain_scores == expected, response.pk
    # Some domains are left unscored, for too few answers, as a form would: the
    # comparison above covered the null case too.
    assert any(None in response.domain_scores.values() for response in responses)
