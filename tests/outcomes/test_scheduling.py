import datetime

from django.utils import timezone

from outcomes.detectors import detect_missed_time_points
from outcomes.models import OutcomeSettings, TimePoint, TimePointKind
from outcomes.scheduling import schedule_time_points
from outcomes.tasks import run_outcome_schedule
from outcomes.windows import add_months, windows_for
from risk.models import Alert, RiskEvent, Visibility
from tests.outcomes.factories import ClosedTimePointFactory, PartnerTimePointFactory
from tests.partner_contact.factories import (
    DoNotContactPartnerFactory,
    RelationshipFactory,
)
from tests.programmes.factories import EndedEnrolmentFactory, EnrolmentFactory

D = datetime.date


def test_windows_of_a_running_and_an_ended_enrolment():
    """Intake and half way from his start; end and follow-ups from his end, with
    the organisation's intervals."""
    settings = OutcomeSettings(opens_days_before=7, window_days=21)
    running = windows_for(
        start=D(2026, 1, 5), end=None, duration_weeks=20, settings=settings
    )
    assert [(w.kind, w.opens, w.due, w.closes) for w in running] == [
        ("intake", D(2025, 12, 29), D(2026, 1, 5), D(2026, 1, 26)),
        ("half_way", D(2026, 3, 9), D(2026, 3, 16), D(2026, 4, 6)),
    ]
    ended = windows_for(
        start=D(2026, 1, 5), end=D(2026, 2, 2), duration_weeks=20, settings=settings
    )
    assert [w.kind for w in ended] == ["intake", "end", "follow_up_6", "follow_up_12"]
    assert ended[1].opens == D(2026, 2, 2)
    assert ended[2].due == D(2026, 8, 2)
    assert ended[3].due == D(2027, 2, 2)


def test_add_months_keeps_to_the_end_of_short_months():
    assert add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)


def test_scheduling_creates_his_and_her_time_points_once(db):
    """A new enrolment gets his intake time point and one for each woman who may
    be contacted; running the scheduler again creates nothing."""
    today = timezone.localdate()
    enrolment = EnrolmentFactory(start_date=today + datetime.timedelta(days=3))
    RelationshipFactory(
        participant=enrolment.participant, partner__organisation=enrolment.organisation
    )
    RelationshipFactory(
        participant=enrolment.participant,
        partner=DoNotContactPartnerFactory(organisation=enrolment.organisation),
    )
    assert schedule_time_points(today=today) == 2
    assert schedule_time_points(today=today) == 0
    points = TimePoint.objects.filter(enrolment=enrolment)
    assert sorted(points.values_list("respondent", "kind")) == [
        ("man", "intake"),
        ("partner", "intake"),
    ]


def test_scheduling_leaves_out_windows_already_closed(db):
    """An old place gets no time points whose window closed before today (no
    flood of missed questionnaires when the app is installed)."""
    today = timezone.localdate()
    EndedEnrolmentFactory(
        start_date=today - datetime.timedelta(days=300),
        end_date=today - datetime.timedelta(days=170),
    )
    schedule_time_points(today=today)
    assert list(TimePoint.objects.values_list("kind", flat=True)) == [
        TimePointKind.FOLLOW_UP_6
    ]


def test_a_closed_window_is_marked_missed_and_alerts_once(
    db, django_capture_on_commit_callbacks
):
    """His caseworker hears of his missed questionnaire; a second run marks and
    alerts nothing more."""
    point = ClosedTimePointFactory()
    now = timezone.now()
    with django_capture_on_commit_callbacks():
        recorded = detect_missed_time_points(today=timezone.localdate(), now=now)
    point.refresh_from_db()
    assert point.status == TimePoint.Status.MISSED
    assert [a.recipient for a in recorded.alerts] == [point.participant.caseworker]
    assert recorded.events[0].visibility == Visibility.PROGRAMME
    again = detect_missed_time_points(today=timezone.localdate(), now=now)
    assert again.events == [] and RiskEvent.objects.count() == 1


def test_her_missed_questionnaire_never_alerts_his_caseworker(
    db, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    point = PartnerTimePointFactory(
        opens_on=today - datetime.timedelta(days=40),
        due_on=today - datetime.timedelta(days=30),
        closes_on=today - datetime.timedelta(days=1),
    )
    with django_capture_on_commit_callbacks():
        recorded = detect_missed_time_points(today=today, now=timezone.now())
    event = recorded.events[0]
    assert event.visibility == Visibility.PARTNER_SUPPORT_ONLY
    recipients = set(Alert.objects.values_list("recipient", flat=True))
    assert point.participant.caseworker_id not in recipients
    assert point.partner.partner_support_worker_id in recipients


def test_his_missed_questionnaire_reaches_his_caseworker_alone(
    db, django_capture_on_commit_callbacks
):
    """He answers to his caseworker: his partner's worker, who does not collect
    his questionnaire, is not alerted about it."""
    point = ClosedTimePointFactory()
    RelationshipFactory(
        participant=point.participant, partner__organisation=point.organisation
    )
    with django_capture_on_commit_callbacks():
        detect_missed_time_points(today=timezone.localdate(), now=timezone.now())
    assert list(Alert.objects.values_list("recipient", flat=True)) == [
        point.participant.caseworker_id
    ]


def test_her_missed_questionnaire_reaches_her_worker_not_his_other_partners(
    db, django_capture_on_commit_callbacks
):
    """Two women linked to him, each with her own worker: only the worker of the
    woman whose questionnaire was missed hears of it."""
    today = timezone.localdate()
    point = PartnerTimePointFactory(
        opens_on=today - datetime.timedelta(days=40),
        due_on=today - datetime.timedelta(days=30),
        closes_on=today - datetime.timedelta(days=1),
    )
    other = RelationshipFactory(
        participant=point.participant, partner__organisation=point.organisation
    ).partner
    assert other.partner_support_worker_id != point.partner.partner_support_worker_id
    with django_capture_on_commit_callbacks():
        recorded = detect_missed_time_points(today=today, now=timezone.now())
    assert recorded.events[0].partner_id == point.partner_id
    assert list(Alert.objects.values_list("recipient", flat=True)) == [
        point.partner.partner_support_worker_id
    ]


def test_an_open_or_completed_time_point_is_not_missed(db):
    today = timezone.localdate()
    ClosedTimePointFactory(status=TimePoint.Status.COMPLETED)
    PartnerTimePointFactory()
    detect_missed_time_points(today=today, now=timezone.now())
    assert not TimePoint.objects.filter(status=TimePoint.Status.MISSED).exists()


def test_the_beat_task_runs_both_steps(db, django_capture_on_commit_callbacks):
    """The daily task schedules and then marks what closed."""
    ClosedTimePointFactory()
    with django_capture_on_commit_callbacks():
        result = run_outcome_schedule()
    assert result["missed"] == 1


def test_the_beat_task_withdraws_a_stale_half_way_point_before_it_alerts(
    db, django_capture_on_commit_callbacks
):
    """A half-way point whose window closed after he had stopped is withdrawn,
    not reported missed: nobody is alerted about it."""
    today = timezone.localdate()
    point = ClosedTimePointFactory(
        kind=TimePointKind.HALF_WAY,
        enrolment=EndedEnrolmentFactory(
            start_date=today - datetime.timedelta(days=120),
            end_date=today - datetime.timedelta(days=40),
        ),
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = run_outcome_schedule()
    assert (result["withdrawn"], result["missed"]) == (1, 0)
    assert not TimePoint.objects.filter(pk=point.pk).exists()
    assert not Alert.objects.exists()


def test_a_half_way_point_he_never_reached_is_withdrawn(db):
    """He stopped before half way: the half-way point scheduled in advance goes
    (his and hers), so nobody is alerted about a questionnaire that no longer
    applies; a point with a draft stays, and a second run changes nothing."""
    from outcomes.models import Response
    from outcomes.scheduling import withdraw_half_way_points_he_never_reached
    from tests.outcomes.factories import ResponseFactory, TimePointFactory

    half_way = {
        "kind": TimePointKind.HALF_WAY,
        "opens_on": D(2026, 3, 9),
        "due_on": D(2026, 3, 16),
        "closes_on": D(2026, 4, 6),
    }
    enrolment = EndedEnrolmentFactory(end_date=D(2026, 3, 1))
    his = TimePointFactory(enrolment=enrolment, **half_way)
    hers = PartnerTimePointFactory(enrolment=enrolment, **half_way)
    reached = TimePointFactory(**half_way)
    drafted = TimePointFactory(
        enrolment=EndedEnrolmentFactory(end_date=D(2026, 3, 1)), **half_way
    )
    ResponseFactory(time_point=drafted, status=Response.Status.DRAFT)
    assert withdraw_half_way_points_he_never_reached() == 2
    remaining = set(TimePoint.objects.values_list("pk", flat=True))
    assert his.pk not in remaining and hers.pk not in remaining
    assert {reached.pk, drafted.pk} <= remaining
    assert withdraw_half_way_points_he_never_reached() == 0
