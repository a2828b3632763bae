"""His scores on his case file, hers beside his on her record, and his exit
report's progress from the questionnaires."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from outcomes.models import TimePoint, TimePointKind
from tests.outcomes.factories import PartnerTimePointFactory, ResponseFactory
from tests.outcomes.factories import TimePointFactory as PointFactory
from tests.participants.factories import ParticipantFactory
from tests.programmes.factories import EnrolmentFactory, ExitReportFactory

HER_MARKER = 7.25
HIS_INTAKE = 2.5


def answered(point, scores):
    point.status = TimePoint.Status.COMPLETED
    point.save(update_fields=["status"])
    return ResponseFactory(
        time_point=point,
        status="complete",
        completed_at=timezone.now(),
        domain_scores=scores,
    )


def his_enrolment(org, caseworker=None):
    man = ParticipantFactory(
        organisation=org, **({"caseworker": caseworker} if caseworker else {})
    )
    start = timezone.localdate() - datetime.timedelta(days=200)
    return EnrolmentFactory(
        participant=man,
        organisation=org,
        group__programme__organisation=org,
        start_date=start,
        end_date=start + datetime.timedelta(days=150),
        outcome="completed",
        outcome_reason="completed_some_goals",
    )


def his_points(enrolment):
    """Intake 2.5 -> end 1.0 on physical; half way missed."""
    intake = PointFactory(enrolment=enrolment, kind=TimePointKind.INTAKE)
    answered(intake, {"physical": HIS_INTAKE, "psychological": 3.0})
    PointFactory(
        enrolment=enrolment, kind=TimePointKind.HALF_WAY, status=TimePoint.Status.MISSED
    )
    end = PointFactory(enrolment=enrolment, kind=TimePointKind.END)
    answered(end, {"physical": 1.0, "psychological": 2.0})
    return intake, end


def hers_at_intake(enrolment):
    point = PartnerTimePointFactory(enrolment=enrolment, kind=TimePointKind.INTAKE)
    answered(point, {"physical": HER_MARKER, "psychological": 3.0})
    return point


# Partner-support workers never open his case file (they see his scores
# beside hers on her record).
@pytest.mark.parametrize("role", ["caseworker", "manager"])
def test_case_file_shows_his_scores_to_roles_that_see_his_side(
    request, login, org, role
):
    user = request.getfixturevalue(role)
    enrolment = his_enrolment(org, caseworker=user if role == "caseworker" else None)
    his_points(enrolment)
    hers_at_intake(enrolment)
    url = reverse("casefile:detail", args=[enrolment.participant.uuid])
    body = login(user).get(url).content.decode()
    assert 'data-panel="his-outcomes"' in body
    assert "outcomes-his-scores" in body and "2.5" in body
    # His case file shows his own account only, never hers.
    assert str(HER_MARKER) not in body


def test_facilitator_sees_no_outcomes_panel(login, org, facilitator):
    enrolment = his_enrolment(org)
    enrolment.group.facilitators.add(facilitator)
    his_points(enrolment)
    url = reverse("casefile:detail", args=[enrolment.participant.uuid])
    response = login(facilitator).get(url)
    assert response.status_code == 200
    assert 'data-panel="his-outcomes"' not in response.content.decode()


def test_case_file_queries_do_not_grow_with_time_points(
    login, org, manager, django_assert_max_num_queries
):
    enrolment = his_enrolment(org)
    his_points(enrolment)
    url = reverse("casefile:detail", args=[enrolment.participant.uuid])
    client = login(manager)
    with django_assert_max_num_queries(80) as few:
        client.get(url)
    for kind in (TimePointKind.FOLLOW_UP_6, TimePointKind.FOLLOW_UP_12):
        answered(PointFactory(enrolment=enrolment, kind=kind), {"physical": 0.5})
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count("0.5") >= 2


def test_her_record_shows_her_account_beside_his_with_the_gap(
    login, org, partner_worker
):
    enrolment = his_enrolment(org)
    his_points(enrolment)
    hers = hers_at_intake(enrolment)
    url = reverse("partner_contact:partner_detail", args=[hers.partner.uuid])
    body = login(partner_worker).get(url).content.decode()
    assert 'data-panel="her-outcomes"' in body
    assert str(HER_MARKER) in body and str(HIS_INTAKE) in body
    # The gap: his 2.5 minus her 7.25, and what it means.
    assert "-4.75" in body
    assert "he reports it better than she does" in body


def test_her_record_queries_do_not_grow_with_time_points(
    login, org, manager, django_assert_max_num_queries
):
    enrolment = his_enrolment(org)
    his_points(enrolment)
    hers = hers_at_intake(enrolment)
    url = reverse("partner_contact:partner_detail", args=[hers.partner.uuid])
    client = login(manager)
    with django_assert_max_num_queries(80) as few:
        client.get(url)
    for kind in (TimePointKind.END, TimePointKind.FOLLOW_UP_6):
        point = PartnerTimePointFactory(
            enrolment=enrolment, kind=kind, partner=hers.partner
        )
        answered(point, {"physical": 1.0})
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_exit_report_takes_progress_from_questionnaires_and_names_missing_points(
    login, org, caseworker
):
    enrolment = his_enrolment(org, caseworker=caseworker)
    his_points(enrolment)
    hers_at_intake(enrolment)
    report = ExitReportFactory(enrolment=enrolment)
    client = login(caseworker)
    for name in ("programmes:exit_report", "programmes:exit_report_print"):
        body = client.get(reverse(name, args=[report.uuid])).content.decode()
        assert "Progress from his outcome questionnaires" in body
        assert "-1.5" in body and "better" in body
        assert "Half way (missed)" in body
        # Her account never goes into his exit report.
        assert str(HER_MARKER) not in body


def test_exit_report_queries_do_not_grow_with_time_points(
    login, org, caseworker, django_assert_max_num_queries
):
    enrolment = his_enrolment(org, caseworker=caseworker)
    his_points(enrolment)
    report = ExitReportFactory(enrolment=enrolment)
    url = reverse("programmes:exit_report", args=[report.uuid])
    client = login(caseworker)
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for kind in (TimePointKind.FOLLOW_UP_6, TimePointKind.FOLLOW_UP_12):
        answered(PointFactory(enrolment=enrolment, kind=kind), {"physical": 0.5})
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert "Progress from his outcome questionnaires" in body


def test_facilitator_exit_report_has_no_questionnaire_section(login, org, facilitator):
    enrolment = his_enrolment(org)
    enrolment.group.facilitators.add(facilitator)
    his_points(enrolment)
    report = ExitReportFactory(enrolment=enrolment)
    response = login(facilitator).get(
        reverse("programmes:exit_report", args=[report.uuid])
    )
    if response.status_code == 200:
        assert "exit-outcomes" not in response.content.decode()


def pdf_text(content: bytes) -> str:
    return "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(content)).pages
    )


@pytest.mark.parametrize("role", ["caseworker", "manager"])
def test_case_file_print_and_pdf_show_his_scores_as_the_screen_does(
    request, login, org, role
):
    """The print view and its PDF hold the panel's table (his account only)."""
    user = request.getfixturevalue(role)
    enrolment = his_enrolment(org, caseworker=user if role == "caseworker" else None)
    his_points(enrolment)
    hers_at_intake(enrolment)
    client = login(user)
    uuid = enrolment.participant.uuid
    page = client.get(reverse("casefile:print", args=[uuid])).content.decode()
    assert "His outcome questionnaires" in page and str(HIS_INTAKE) in page
    assert "<script" not in page and "<canvas" not in page
    text = pdf_text(client.get(reverse("casefile:pdf", args=[uuid])).content)
    assert "His outcome questionnaires" in text and str(HIS_INTAKE) in text
    for body in (page, text):
        assert str(HER_MARKER) not in body


def test_facilitator_prints_no_outcomes(login, org, facilitator):
    enrolment = his_enrolment(org)
    enrolment.group.facilitators.add(facilitator)
    his_points(enrolment)
    client = login(facilitator)
    uuid = enrolment.participant.uuid
    response = client.get(reverse("casefile:print", args=[uuid]))
    assert response.status_code == 200
    assert "His outcome questionnaires" not in response.content.decode()
    pdf = client.get(reverse("casefile:pdf", args=[uuid]))
    assert "His outcome questionnaires" not in pdf_text(pdf.content)


def test_case_file_print_queries_do_not_grow_with_time_points(
    login, org, manager, django_assert_max_num_queries
):
    enrolment = his_enrolment(org)
    his_points(enrolment)
    url = reverse("casefile:print", args=[enrolment.participant.uuid])
    client = login(manager)
    with django_assert_max_num_queries(80) as few:
        client.get(url)
    for kind in (TimePointKind.FOLLOW_UP_6, TimePointKind.FOLLOW_UP_12):
        answered(PointFactory(enrolment=enrolment, kind=kind), {"physical": 0.5})
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count("0.5") >= 2
