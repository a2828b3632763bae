"""The response summaries the programme figures read stay true to the responses:
kept on recording, rebuilt the same way set-wise, and never left behind when a
response goes."""

import datetime

from django.utils import timezone

from outcomes import figures, summaries
from outcomes.models import (
    Respondent,
    Response,
    ResponseSummary,
    TimePoint,
    TimePointKind,
)
from retention.erasure import delete_drafts
from tests.outcomes.factories import (
    PartnerTimePointFactory,
    ResponseFactory,
    TimePointFactory,
    shipped,
)
from tests.outcomes.test_recording import all_answers, record
from tests.programmes.factories import EnrolmentFactory


def answered(enrolment, kind, scores, **point):
    """A complete response at a time point of his enrolment."""
    return ResponseFactory(
        time_point=TimePointFactory(
            enrolment=enrolment, kind=kind, status=TimePoint.Status.COMPLETED, **point
        ),
        status=Response.Status.COMPLETE,
        completed_at=timezone.now(),
        domain_scores=scores,
    )


def stored(response) -> ResponseSummary:
    return ResponseSummary.objects.get(response=response)


def test_completing_a_questionnaire_summarises_it_with_the_change_from_intake(db):
    """Recording his intake, then his end, gives the end a change per domain
    scored at both; a draft has no summary."""
    intake_point = TimePointFactory()
    intake = record(intake_point, all_answers(shipped("man"), "never"), complete=True)
    end_point = TimePointFactory(enrolment=intake_point.enrolment, kind="end")
    draft = record(end_point, {}, complete=False)
    assert not ResponseSummary.objects.filter(response=draft).exists()
    end = record(end_point, all_answers(shipped("man"), "weekly"), complete=True)
    first, last = stored(intake), stored(end)
    assert (first.kind, first.intake, first.changes) == ("intake", None, {})
    assert first.scores == intake.domain_scores
    assert last.intake == first
    assert last.enrolment_id == end_point.enrolment_id
    assert last.due_on == end_point.due_on
    assert last.changes == {
        code: score - intake.domain_scores[code]
        for code, score in end.domain_scores.items()
    }
    assert any(last.changes.values())


def test_an_intake_recorded_after_a_later_point_updates_that_point(db):
    """The summary is rebuilt for the whole person, so a later point answered
    first gets its change once the intake is in."""
    enrolment = EnrolmentFactory()
    end = answered(enrolment, "end", {"physical": 1.0, "sexual": None})
    assert stored(end).changes == {}
    intake = answered(enrolment, "intake", {"physical": 3.0, "sexual": 2.0})
    assert stored(end).intake == stored(intake)
    assert stored(end).changes == {"physical": -2.0}
    assert stored(end).scores == {"physical": 1.0}


def test_her_series_and_his_are_apart(db):
    """Her end is compared with her intake, never with his."""
    his_intake = TimePointFactory(kind="intake", status="completed")
    enrolment = his_intake.enrolment
    hers = PartnerTimePointFactory(enrolment=enrolment, kind="intake")
    ResponseFactory(
        time_point=his_intake,
        status="complete",
        completed_at=timezone.now(),
        domain_scores={"physical": 5.0},
    )
    ResponseFactory(
        time_point=hers,
        status="complete",
        completed_at=timezone.now(),
        domain_scores={"physical": 2.0},
    )
    her_end = ResponseFactory(
        time_point=PartnerTimePointFactory(
            enrolment=enrolment, partner=hers.partner, kind="end"
        ),
        status="complete",
        completed_at=timezone.now(),
        domain_scores={"physical": 1.0},
    )
    assert stored(her_end).changes == {"physical": -1.0}
    assert stored(her_end).respondent == Respondent.PARTNER


CODES = ["physical", "sexual"]


def test_changes_are_summed_per_domain_where_both_points_scored_it(db):
    """A domain counts for a person only where the intake and the later point
    both scored it; each domain is summed on its own."""
    first = EnrolmentFactory(outcome="completed", end_date=timezone.localdate())
    answered(first, "intake", {"physical": 3.0, "sexual": 1.0})
    answered(first, "end", {"physical": 2.0, "sexual": 0.5})
    second = EnrolmentFactory(
        organisation=first.organisation,
        outcome="completed",
        end_date=timezone.localdate(),
    )
    answered(second, "intake", {"physical": 4.0})
    answered(second, "end", {"physical": 1.0, "sexual": 2.0})
    sums = figures.change_sums(ResponseSummary.objects.all(), CODES)
    assert sorted(sums) == [
        ("physical", "man", "completed", "end", 2, -4.0),
        ("sexual", "man", "completed", "end", 1, -0.5),
    ]


def test_a_corrected_score_is_summarised_again(db):
    """A write that changes a complete response's scores refreshes its person's
    summaries, and the figures follow."""
    enrolment = EnrolmentFactory(outcome="completed", end_date=timezone.localdate())
    intake = answered(enrolment, "intake", {"physical": 3.0})
    end = answered(enrolment, "end", {"physical": 2.0})
    intake.domain_scores = {"physical": 4.0}
    intake.save(update_fields=["domain_scores"])
    summaries.refresh_summaries(time_point=intake.time_point)
    assert stored(end).changes == {"physical": -2.0}
    sums = figures.change_sums(ResponseSummary.objects.all(), CODES)
    assert sums == [("physical", "man", "completed", "end", 1, -2.0)]


def test_deleting_a_response_leaves_no_summary_and_no_change_behind(db):
    """A deleted response takes its summary with it; a later point whose intake
    is deleted keeps its scores but shows no change."""
    enrolment = EnrolmentFactory(outcome="completed", end_date=timezone.localdate())
    intake = answered(enrolment, "intake", {"physical": 3.0})
    end = answered(enrolment, "end", {"physical": 2.0})
    assert figures.change_sums(ResponseSummary.objects.all(), CODES)
    Response.objects.filter(pk=intake.pk).delete()
    assert not ResponseSummary.objects.filter(response_id=intake.pk).exists()
    assert stored(end).intake is None
    assert stored(end).scores == {"physical": 2.0}
    assert figures.change_sums(ResponseSummary.objects.all(), CODES) == []
    Response.objects.filter(pk=end.pk).delete()
    assert not ResponseSummary.objects.exists()


def test_stale_drafts_go_without_touching_summaries(db, org):
    """Retention deletes drafts; the complete responses' summaries stay."""
    enrolment = EnrolmentFactory(organisation=org)
    kept = answered(enrolment, "intake", {"physical": 3.0})
    draft = ResponseFactory(
        time_point=TimePointFactory(enrolment=enrolment, kind="end"),
        domain_scores={"physical": 1.0},
    )
    Response.objects.filter(pk=draft.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=400)
    )
    delete_drafts(org.pk, timezone.localdate())
    assert not Response.objects.filter(pk=draft.pk).exists()
    assert stored(kept).scores == {"physical": 3.0}


def test_the_set_wise_rebuild_writes_what_recording_writes(db, org, other_org):
    """rebuild_summaries (SQL) stores the same rows as the per-person refresh,
    for one organisation without touching another's, and for all."""
    for organisation, values in ((org, (3.0, 1.25)), (other_org, (2.5, 0.1))):
        enrolment = EnrolmentFactory(organisation=organisation)
        answered(enrolment, "intake", {"physical": values[0], "sexual": None})
        answered(enrolment, "half_way", {"physical": 2.0, "sexual": 1.0})
        answered(enrolment, "end", {"physical": values[1], "sexual": 3.0})
        TimePointFactory(enrolment=enrolment, kind=TimePointKind.FOLLOW_UP_6)
        her_intake = PartnerTimePointFactory(enrolment=enrolment, kind="intake")
        ResponseFactory(time_point=her_intake, domain_scores={"physical": 1.0})
        ResponseFactory(
            time_point=PartnerTimePointFactory(
                enrolment=enrolment, partner=her_intake.partner, kind="end"
            ),
            status="complete",
            completed_at=timezone.now(),
            domain_scores={"physical": 4.0},
        )

    def rows():
        return sorted(
            ResponseSummary.objects.values_list(
                "response_id",
                "organisation_id",
                "enrolment_id",
                "respondent",
                "kind",
                "due_on",
                "scores",
                "intake_id",
                "changes",
            )
        )

    kept = rows()
    assert len(kept) == 8
    ResponseSummary.objects.filter(organisation=other_org).update(changes={})
    assert summaries.rebuild_summaries(organisation_id=org.pk) == 4
    assert rows() != kept
    assert summaries.rebuild_summaries() == 8
    assert rows() == kept
