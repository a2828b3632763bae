"""The risk dashboard, the case-file panel, the home panel, MARAC and scan_risk."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from participants.models import RiskLevel
from programmes.models import Attendance
from risk import marac
from risk.case_file import case_file_context
from risk.dashboard import monitoring_rows, scoped_men
from risk.home import home_context
from risk.models import RiskEvent, Visibility
from tests.participants.factories import ParticipantFactory
from tests.partner_contact.factories import PartnerContactFactory, RelationshipFactory
from tests.programmes.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    GroupFactory,
    HeldSessionFactory,
)
from tests.referrals.factories import MaracOnwardReferralFactory
from tests.risk.factories import (
    AlertFactory,
    HighRiskAssessmentFactory,
    JudgedHighRiskAssessmentFactory,
    MonitoringPeriodFactory,
    PartnerSideRiskEventFactory,
    PartnerSupportOnlyRiskNoteFactory,
    RiskAssessmentFactory,
    RiskEventFactory,
    RiskNoteFactory,
)


def _populate(org, caseworker, count):
    """count men with everything the dashboard shows."""
    group = GroupFactory(organisation=org, programme__organisation=org)
    session = HeldSessionFactory(
        organisation=org, group=group, date=timezone.localdate() - timedelta(days=3)
    )
    for n in range(count):
        man = ParticipantFactory(
            organisation=org, caseworker=caseworker, risk_level=RiskLevel.HIGH
        )
        EnrolmentFactory(participant=man, organisation=org, group=group)
        AttendanceFactory(
            participant=man, session=session, status=Attendance.Status.UNEXCUSED
        )
        RiskAssessmentFactory(
            participant=man,
            assessed_on=timezone.localdate() - timedelta(weeks=20),
            next_review_on=timezone.localdate() - timedelta(weeks=8),
        )
        relationship = RelationshipFactory(participant=man, partner__organisation=org)
        PartnerContactFactory(partner=relationship.partner)
        MonitoringPeriodFactory(event__participant=man)
        AlertFactory(event__participant=man, recipient=caseworker)
        if n % 2:
            AlertFactory(
                event__participant=man, recipient=caseworker, event__kind="other"
            )
    return group


@pytest.mark.parametrize("role", ["manager", "caseworker"])
def test_dashboard_query_count_does_not_grow_with_men(
    role, org, caseworker, manager, login
):
    user = {"manager": manager, "caseworker": caseworker}[role]
    client = login(user)
    url = reverse("risk:dashboard")
    _populate(org, caseworker, 5)
    client.get(url)  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _populate(org, caseworker, 45)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(few) == len(many)
    assert "50 open cases" in response.content.decode()


def test_dashboard_figures_and_filters(org, caseworker, manager, login):
    group = _populate(org, caseworker, 3)
    other = ParticipantFactory(organisation=org, caseworker=caseworker)
    client = login(manager)
    response = client.get(reverse("risk:dashboard"))
    context = response.context
    assert context["men_count"] == 4
    assert {label: n for label, n, _v in context["by_level"]}["High"] == 3
    assert len(context["monitoring"]) == 3
    assert all(row["contact_overdue"] is False for row in context["monitoring"])
    assert len(context["overdue_reviews"]) == 3
    assert context["coverage"] == {
        "men": 4,
        "with_partner": 3,
        "offered": 3,
        "percent": 75,
    }
    assert sum(row[3] for row in context["attendance"]) == 3
    page = response.content.decode()
    assert ">Programme</label>" in page and ">Group</label>" in page
    assert "[invalid name]" not in page
    filtered = client.get(reverse("risk:dashboard"), {"group": group.uuid})
    assert filtered.context["men_count"] == 3
    assert other.full_name not in filtered.content.decode()
    bad = client.get(reverse("risk:dashboard"), {"group": "not-a-group"})
    assert bad.status_code == 400


def test_dashboard_lists_the_most_pressing_rows_and_links_to_the_rest(
    org, caseworker, manager, login
):
    from risk.dashboard import LIST_LIMIT
    from risk.models import Alert

    _populate(org, caseworker, LIST_LIMIT + 2)
    response = login(manager).get(reverse("risk:dashboard"))
    context = response.context
    open_total = Alert.objects.filter(status=Alert.Status.OPEN).count()
    assert open_total > LIST_LIMIT
    assert len(context["open_alerts"]) == LIST_LIMIT
    assert context["open_alert_total"] == open_total
    assert len(context["overdue_reviews"]) == LIST_LIMIT
    assert context["overdue_total"] == LIST_LIMIT + 2
    assert context["monitoring_total"] == LIST_LIMIT + 2
    page = response.content.decode()
    assert f"The {LIST_LIMIT} oldest of {open_total} not acknowledged" in page
    assert reverse("risk:alert_list") + "?status=open&amp;scope=all" in page
    assert reverse("risk:assessment_list") + "?overdue=1" in page


def test_attendance_trend_keeps_past_weeks_as_they_were(
    org, other_org, caseworker, manager, login
):
    """The organisation's trend counts the register as marked, including a man
    whose case has closed since; a caseworker's own dashboard counts his open
    caseload; another organisation's register never counts."""
    from participants.models import Participant

    _populate(org, caseworker, 2)
    session = HeldSessionFactory(
        organisation=org,
        group__organisation=org,
        date=timezone.localdate() - timedelta(days=2),
    )
    finished = ParticipantFactory(
        organisation=org, caseworker=caseworker, status=Participant.Status.COMPLETED
    )
    AttendanceFactory(
        participant=finished, session=session, status=Attendance.Status.PRESENT
    )
    elsewhere = HeldSessionFactory(
        organisation=other_org, date=timezone.localdate() - timedelta(days=2)
    )
    AttendanceFactory(
        participant=ParticipantFactory(organisation=other_org),
        session=elsewhere,
        status=Attendance.Status.PRESENT,
    )

    def attended_and_missed(user):
        trend = login(user).get(reverse("risk:dashboard")).context["attendance"]
        return sum(row[1] for row in trend), sum(row[3] for row in trend)

    assert attended_and_missed(manager) == (1, 2)
    assert attended_and_missed(caseworker) == (0, 2)


def test_alerts_by_age_count_the_open_cases_alerts_not_yet_resolved(
    org, other_org, caseworker, manager, login
):
    """Each live alert lands in its age band, open or acknowledged; resolved
    alerts, alerts of closed cases and another organisation's never count. The
    manager's whole-organisation count and a narrowed one agree."""
    from participants.models import Participant
    from risk.models import Alert
    from tests.risk.factories import AcknowledgedAlertFactory

    now = timezone.now()
    man = ParticipantFactory(organisation=org, caseworker=caseworker)
    closed = ParticipantFactory(
        organisation=org, caseworker=caseworker, status=Participant.Status.EXCLUDED
    )

    def aged(alert, days):
        Alert.objects.filter(pk=alert.pk).update(created_at=now - timedelta(days=days))

    aged(AlertFactory(event__participant=man, recipient=manager), 0.5)
    aged(AlertFactory(event__participant=man, recipient=caseworker), 2)
    aged(AcknowledgedAlertFactory(event__participant=man, recipient=manager), 5)
    aged(AlertFactory(event__participant=man, recipient=manager), 30)
    resolved = AcknowledgedAlertFactory(event__participant=man, recipient=manager)
    # Resolved after it was taken on (a CheckConstraint keeps the order).
    resolved.resolve(now=timezone.now(), note="Spoke to him.")
    AlertFactory(event__participant=closed, recipient=manager)
    AlertFactory(event__participant=ParticipantFactory(organisation=other_org))

    expected = [
        ("Under a day", 1, 0),
        ("1–3 days", 1, 0),
        ("3–7 days", 0, 1),
        ("Over 7 days", 1, 0),
    ]
    client = login(manager)
    whole = client.get(reverse("risk:dashboard")).context
    assert whole["alerts_by_age"] == expected
    assert whole["open_alert_total"] == 3
    narrowed = client.get(
        reverse("risk:dashboard"), {"caseworker": caseworker.uuid}
    ).context
    assert narrowed["alerts_by_age"] == expected


def test_caseworker_sees_only_his_caseload_and_no_partner_contact_dates(
    org, caseworker, make_user, login
):
    _populate(org, caseworker, 2)
    colleague = make_user("caseworker")
    _populate(org, colleague, 3)
    response = login(caseworker).get(reverse("risk:dashboard"))
    assert response.context["men_count"] == 2
    assert "Last partner contact" not in response.content.decode()


def test_partner_support_worker_sees_her_womens_men(org, caseworker, login):
    _populate(org, caseworker, 2)
    relationship = RelationshipFactory(
        participant=ParticipantFactory(organisation=org), partner__organisation=org
    )
    worker = relationship.partner.partner_support_worker
    response = login(worker).get(reverse("risk:dashboard"))
    assert response.context["men_count"] == 1


@pytest.mark.parametrize("role", ["facilitator", "org_admin"])
def test_dashboard_is_closed_to_others(role, make_user, login):
    assert login(make_user(role)).get(reverse("risk:dashboard")).status_code == 403


def test_home_panel_summarises_for_managers(org, caseworker, manager, login):
    _populate(org, caseworker, 2)
    context = home_context(manager)["risk_home"]
    assert context == {
        "high": 2,
        "monitoring": 2,
        "open_alerts": 3,
        "my_open_alerts": 0,
        "late_alerts": 0,
        "overdue_reviews": 2,
    }
    response = login(manager).get(reverse("home"))
    assert "Open the risk dashboard" in response.content.decode()


# Case file -----------------------------------------------------------------------


def test_case_file_hides_partner_side_records_from_caseworkers(
    man, caseworker, manager
):
    RiskNoteFactory(participant=man, text="Programme note")
    PartnerSupportOnlyRiskNoteFactory(participant=man, text="Support-only note")
    PartnerSideRiskEventFactory(participant=man)
    RiskEventFactory(participant=man)
    mine = case_file_context(man, caseworker)["risk"]
    assert [n.text for n in mine["notes"]] == ["Programme note"]
    assert [e.kind for e in mine["events"]] == ["police_callout"]
    assert all("partner side" not in " ".join(s) for s in mine["chart"]["signals"])
    theirs = case_file_context(man, manager)["risk"]
    assert len(theirs["notes"]) == 2 and len(theirs["events"]) == 2


def test_case_file_chart_and_timeline(man, caseworker):
    RiskAssessmentFactory(
        participant=man, assessed_on=timezone.localdate() - timedelta(60)
    )
    HighRiskAssessmentFactory(participant=man, assessed_on=timezone.localdate())
    MonitoringPeriodFactory(event__participant=man)
    context = case_file_context(man, caseworker)
    chart = context["risk"]["chart"]
    assert [v for v in chart["level"] if v] == [1, 3]
    kinds = {entry.kind for entry in context["timeline"]}
    assert {"risk_assessment", "risk_event", "monitoring_period"} <= kinds
    assert context["risk"]["active_periods"]


def test_case_file_offers_marac_when_a_criterion_is_met(man, caseworker):
    HighRiskAssessmentFactory(participant=man)
    offer = case_file_context(man, caseworker)["risk"]["marac"]
    assert offer["criteria"] == ["Visible high risk"]
    assert offer["url"].endswith(f"/men/{man.uuid}/onward/new/?kind=marac")


def test_no_marac_offer_once_referred_or_for_facilitators(man, caseworker, facilitator):
    HighRiskAssessmentFactory(
        participant=man, assessed_on=timezone.localdate() - timedelta(3)
    )
    assert case_file_context(man, facilitator)["risk"]["marac"] is None
    MaracOnwardReferralFactory(
        participant=man, organisation=man.organisation, made_on=timezone.localdate()
    )
    assert case_file_context(man, caseworker)["risk"]["marac"] is None


def test_case_file_panel_renders(man, caseworker, rf):
    from django.template.loader import render_to_string

    HighRiskAssessmentFactory(participant=man)
    request = rf.get("/")
    request.user = caseworker
    html = render_to_string(
        "risk/_case_file.html", case_file_context(man, caseworker), request=request
    )
    assert "risk-timeline-data" in html
    assert "Refer to MARAC" in html


def test_case_file_offers_marac_once(man, login, caseworker):
    """One offer on his case file: the risk panel's, with the pre-filled link; the
    referrals panel beside it keeps its plain link to the same form."""
    HighRiskAssessmentFactory(participant=man)
    body = login(caseworker).get(man.get_absolute_url()).content.decode()
    assert body.count("meets a MARAC criterion") == 1
    assert "criterion for the multi-agency risk conference" not in body
    assert body.count("Refer to MARAC (pre-filled)") == 1
    assert "Refer to the risk conference" in body


def test_marac_picture_reads_four_queries(man, django_assert_num_queries):
    HighRiskAssessmentFactory(participant=man)
    RiskEventFactory(participant=man, occurred_on=timezone.localdate())
    with django_assert_num_queries(4):
        seen = marac.picture(man)
    assert seen.criteria == [marac.HIGH_COUNT]
    assert seen.incidents_in_year == 1
    with django_assert_num_queries(4):
        marac.referral_prefill(man)
    # The case file passes the latest assessment it has read already.
    with django_assert_num_queries(3):
        again = marac.picture(man, latest=seen.assessment)
    assert again.criteria == seen.criteria


# MARAC pre-fill ------------------------------------------------------------------


def test_referral_prefill_from_the_latest_assessment(man):
    JudgedHighRiskAssessmentFactory(participant=man)
    for days in (200, 30):
        RiskEventFactory(
            participant=man, occurred_on=timezone.localdate() - timedelta(days)
        )
    MaracOnwardReferralFactory(
        participant=man,
        organisation=man.organisation,
        made_on=timezone.localdate() - timedelta(days=100),
    )
    prefill = marac.referral_prefill(man)
    assert set(prefill) == {
        "criterion",
        "yes_count",
        "incidents_last_12_months",
        "judgement_narrative",
        "previous_referral_date",
    }
    assert prefill["criterion"] == "professional_judgement"
    assert prefill["yes_count"] == 5
    assert prefill["incidents_last_12_months"] == 2
    assert "Threats to kill" in prefill["judgement_narrative"]
    assert prefill["previous_referral_date"] == timezone.localdate() - timedelta(100)


def test_referral_prefill_without_assessment(man):
    prefill = marac.referral_prefill(man)
    assert prefill["criterion"] == "" and prefill["yes_count"] is None


# scan_risk ------------------------------------------------------------------------


def test_scan_risk_prints_each_detector_and_is_idempotent(man):
    HighRiskAssessmentFactory(participant=man)
    out = StringIO()
    call_command("scan_risk", stdout=out)
    text = out.getvalue()
    assert "detect_marac_high_count: 1 found, 1 new events" in text
    assert "detect_unacknowledged_alerts: 0 found" in text
    assert man.first_name not in text
    before = RiskEvent.objects.count()
    out = StringIO()
    call_command("scan_risk", stdout=out)
    assert "detect_marac_high_count: 1 found, 0 new events" in out.getvalue()
    assert RiskEvent.objects.count() == before
    out = StringIO()
    call_command("scan_risk", "--dry-run", stdout=out)
    assert "detect_separations: 0 found" in out.getvalue()


def test_periods_of_increased_risk_keep_the_firewall_and_the_scope(
    org, caseworker, manager
):
    """A period opened by a partner-side event shows on a manager's dashboard,
    never on his caseworker's; a man outside her caseload or of another
    organisation shows on neither."""
    mine = ParticipantFactory(organisation=org, caseworker=caseworker)
    programme_side = MonitoringPeriodFactory(event__participant=mine)
    partner_side = MonitoringPeriodFactory(
        event__participant=mine, visibility=Visibility.PARTNER_SUPPORT_ONLY
    )
    other_caseload = MonitoringPeriodFactory(
        event__participant=ParticipantFactory(organisation=org)
    )
    MonitoringPeriodFactory(event__participant=ParticipantFactory())
    today = timezone.localdate()

    def shown(user):
        rows, total = monitoring_rows(
            user,
            scoped_men(user).values("pk"),
            today=today,
            inside_firewall=user.role in ("manager", "partner_support"),
        )
        assert total == len(rows)
        return {row["period"].pk for row in rows}

    assert shown(caseworker) == {programme_side.pk}
    assert shown(manager) == {programme_side.pk, partner_side.pk, other_caseload.pk}
