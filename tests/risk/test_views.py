"""Pages of the risk app: scoping, the firewall, alert actions and bad input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from risk.models import Alert, RiskEvent, RiskNote, RiskSettings
from tests.participants.factories import ParticipantFactory
from tests.partner_contact.factories import (
    RelationshipFactory,
)
from tests.programmes.factories import EnrolmentFactory, SessionFactory
from tests.risk.factories import (
    AcknowledgedAlertFactory,
    AlertFactory,
    PartnerSideRiskEventFactory,
    PartnerSupportOnlyRiskNoteFactory,
    RiskNoteFactory,
)

# Notes: who reads what ------------------------------------------------------------


@pytest.fixture
def notes(man):
    return (
        RiskNoteFactory(participant=man, text="Programme-wide note."),
        PartnerSupportOnlyRiskNoteFactory(participant=man, text="Kept within support."),
    )


def _visible(user):
    return set(RiskNote.objects.visible_to(user).values_list("text", flat=True))


def test_facilitators_and_caseworkers_read_programme_notes_only(
    man, notes, caseworker, facilitator
):
    EnrolmentFactory(
        participant=man,
        organisation=man.organisation,
        group__organisation=man.organisation,
        group__facilitators=[facilitator],
    )
    assert _visible(caseworker) == {"Programme-wide note."}
    assert _visible(facilitator) == {"Programme-wide note."}


def test_partner_support_and_managers_read_all_notes(man, notes, manager):
    relationship = RelationshipFactory(
        participant=man, partner__organisation=man.organisation
    )
    worker = relationship.partner.partner_support_worker
    both = {"Programme-wide note.", "Kept within support."}
    assert _visible(manager) == both
    assert _visible(worker) == both


def test_outsiders_and_org_admins_read_nothing(notes, outsider, org_admin):
    assert _visible(outsider) == set()
    assert _visible(org_admin) == set()


def test_facilitator_never_sees_partner_side_events(man, facilitator, caseworker):
    PartnerSideRiskEventFactory(participant=man)
    EnrolmentFactory(
        participant=man,
        organisation=man.organisation,
        group__organisation=man.organisation,
        group__facilitators=[facilitator],
    )
    assert not RiskEvent.objects.visible_to(facilitator).exists()
    assert not RiskEvent.objects.visible_to(caseworker).exists()


# Writing notes ------------------------------------------------------------------


def test_caseworker_writes_a_note_from_the_case_file(man, login, caseworker):
    client = login(caseworker)
    url = reverse("risk:note_create", args=[man.uuid])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "severity": "concern",
            "category": "behaviour",
            "visibility": "programme",
            "text": "Blamed her for his arrest.",
            "next": "/risk/alerts/",
        },
    )
    assert response.status_code == 302
    assert response.url == "/risk/alerts/"
    assert RiskNote.objects.get().source == "case_file"


def test_caseworker_cannot_hide_a_note_behind_the_firewall(man, login, caseworker):
    response = login(caseworker).post(
        reverse("risk:note_create", args=[man.uuid]),
        {
            "severity": "concern",
            "category": "behaviour",
            "visibility": "partner_support_only",
            "text": "x",
        },
    )
    assert response.status_code == 400
    assert not RiskNote.objects.exists()


def test_note_from_a_session(man, login, caseworker):
    session = SessionFactory(
        organisation=man.organisation, group__organisation=man.organisation
    )
    EnrolmentFactory(
        participant=man, organisation=man.organisation, group=session.group
    )
    client = login(caseworker)
    url = reverse("risk:note_create", args=[man.uuid])
    assert client.get(url, {"session": session.uuid}).status_code == 200
    response = client.post(
        url,
        {
            "severity": "information",
            "category": "behaviour",
            "visibility": "programme",
            "text": "Quiet all evening.",
            "session": session.uuid,
        },
    )
    assert response.status_code == 302
    note = RiskNote.objects.get()
    assert (note.source, note.session) == ("session", session)


def test_a_foreign_session_is_refused(man, login, caseworker, other_org):
    foreign = SessionFactory(organisation=other_org, group__organisation=other_org)
    client = login(caseworker)
    url = reverse("risk:note_create", args=[man.uuid])
    assert client.get(url, {"session": foreign.uuid}).status_code == 404
    assert client.get(url, {"session": "not-a-uuid"}).status_code == 404
    response = client.post(
        url,
        {
            "severity": "information",
            "category": "behaviour",
            "visibility": "programme",
            "text": "x",
            "session": foreign.uuid,
        },
    )
    assert response.status_code == 400
    assert "not one of his" in response.content.decode()


def test_urgent_note_alerts_at_once(man, login, facilitator, manager):
    EnrolmentFactory(
        participant=man,
        organisation=man.organisation,
        group__organisation=man.organisation,
        group__facilitators=[facilitator],
    )
    login(facilitator).post(
        reverse("risk:note_create", args=[man.uuid]),
        {
            "severity": "urgent",
            "category": "behaviour",
            "visibility": "programme",
            "text": "Said he knows where she lives now.",
        },
    )
    event = RiskEvent.objects.get(kind="urgent_note")
    assert set(event.alerts.values_list("recipient", flat=True)) == {
        man.caseworker_id,
        manager.pk,
    }


def test_notes_about_another_organisations_man_are_a_404(other_org, login, caseworker):
    stranger = ParticipantFactory(organisation=other_org)
    response = login(caseworker).get(reverse("risk:note_create", args=[stranger.uuid]))
    assert response.status_code == 404


# Events ------------------------------------------------------------------------


def _event(client, man, **data):
    return client.post(reverse("risk:event_create", args=[man.uuid]), data)


def test_caseworker_records_a_hearing_ahead(man, login, caseworker):
    response = _event(
        login(caseworker),
        man,
        kind="court",
        occurred_on=(timezone.localdate() + timedelta(days=20)).isoformat(),
        summary="Child-contact hearing.",
    )
    assert response.status_code == 302
    assert RiskEvent.objects.get().source == "person"


@pytest.mark.parametrize(
    ("kind", "days"), [("police_callout", 3), ("court", 400), ("separation", -10000)]
)
def test_impossible_event_dates_are_a_400(kind, days, man, login, caseworker):
    response = _event(
        login(caseworker),
        man,
        kind=kind,
        occurred_on=(timezone.localdate() + timedelta(days=days)).isoformat(),
    )
    assert response.status_code == 400
    assert not RiskEvent.objects.exists()


def test_detector_kinds_cannot_be_typed_in(man, login, caseworker):
    response = _event(
        login(caseworker), man, kind="marac_criterion", occurred_on="2026-01-01"
    )
    assert response.status_code == 400


def test_facilitators_do_not_record_events(man, login, facilitator):
    assert _event(login(facilitator), man, kind="other").status_code == 403


# Alerts -------------------------------------------------------------------------


def test_inbox_lists_my_alerts_only(man, login, caseworker):
    mine = AlertFactory(event__participant=man, recipient=caseworker)
    other = AlertFactory(
        event__participant=man,
        recipient=man.organisation.users.create(
            username="someone-else", role="caseworker"
        ),
    )
    body = login(caseworker).get(reverse("risk:alert_list")).content.decode()
    assert str(mine.uuid) in body
    assert str(other.uuid) not in body


def test_nav_shows_the_unread_count(man, login, caseworker):
    AlertFactory(event__participant=man, recipient=caseworker)
    AlertFactory(event__participant=man, recipient=caseworker, event__kind="other")
    AcknowledgedAlertFactory(event__participant=man, recipient=caseworker)
    body = login(caseworker).get(reverse("risk:alert_list")).content.decode()
    assert 'text-bg-danger">2</span>' in body


def test_acknowledge_in_place_with_htmx(man, login, caseworker):
    alert = AlertFactory(event__participant=man, recipient=caseworker)
    response = login(caseworker).post(
        reverse("risk:alert_acknowledge", args=[alert.uuid]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.strip().startswith("<tr")
    assert "Alert acknowledged." in body
    assert 'hx-swap-oob="true"' in body
    alert.refresh_from_db()
    assert alert.status == Alert.Status.ACKNOWLEDGED


def test_acknowledge_without_javascript_redirects_with_a_message(
    man, login, caseworker
):
    alert = AlertFactory(event__participant=man, recipient=caseworker)
    client = login(caseworker)
    response = client.post(
        reverse("risk:alert_acknowledge", args=[alert.uuid]),
        {"next": "https://evil.example.org/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("risk:alert_list")
    assert "Alert acknowledged." in response.content.decode()


def test_acknowledging_twice_is_a_409(man, login, caseworker):
    alert = AcknowledgedAlertFactory(event__participant=man, recipient=caseworker)
    client = login(caseworker)
    url = reverse("risk:alert_acknowledge", args=[alert.uuid])
    response = client.post(url)
    assert response.status_code == 409
    assert "already been acknowledged" in response.content.decode()
    assert client.post(url, HTTP_HX_REQUEST="true").status_code == 409


def test_someone_elses_alert_is_a_404_for_a_caseworker_and_403_for_a_manager(
    man, login, caseworker, manager
):
    alert = AlertFactory(event__participant=man, recipient=manager)
    url = reverse("risk:alert_acknowledge", args=[alert.uuid])
    assert login(caseworker).post(url).status_code == 404
    theirs = AlertFactory(event__participant=man, recipient=caseworker)
    response = login(manager).post(
        reverse("risk:alert_acknowledge", args=[theirs.uuid])
    )
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == Alert.Status.OPEN


def test_resolve_needs_a_note(man, login, caseworker):
    alert = AlertFactory(event__participant=man, recipient=caseworker)
    client = login(caseworker)
    url = reverse("risk:alert_resolve", args=[alert.uuid])
    assert client.post(url, {"note": ""}, HTTP_HX_REQUEST="true").status_code == 400
    response = client.post(url, {"note": "Spoke to probation."})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.status, alert.resolution_note) == ("resolved", "Spoke to probation.")
    assert alert.acknowledged_at is not None
    assert client.post(url, {"note": "again"}).status_code == 409


def test_other_organisations_alert_is_a_404(man, login, outsider):
    alert = AlertFactory(event__participant=man)
    client = login(outsider)
    assert (
        client.get(reverse("risk:alert_detail", args=[alert.uuid])).status_code == 404
    )


def test_alert_detail_is_the_emails_link(man, login, caseworker):
    alert = AlertFactory(event__participant=man, recipient=caseworker)
    response = login(caseworker).get(alert.get_absolute_url())
    assert response.status_code == 200
    assert man.reference in response.content.decode()


# Settings ------------------------------------------------------------------------


def test_manager_changes_the_organisations_thresholds(login, manager, instrument):
    client = login(manager)
    url = reverse("risk:settings")
    assert client.get(url).status_code == 200
    data = {
        "medium_from": 8,
        "high_from": 17,
        "marac_threshold": 17,
        "escalation_incidents": 5,
        "review_weeks_high": 2,
        "review_weeks_medium": 6,
        "review_weeks_standard": 10,
        "monitoring_days": 120,
        "monitoring_event_kinds": ["separation", "pregnancy"],
        "monitoring_contact_days": 5,
        "monitoring_review_days": 10,
        "warning_days": 21,
    }
    assert client.post(url, data).status_code == 302
    settings = RiskSettings.objects.get(organisation=manager.organisation)
    assert settings.marac_threshold == 17
    bands = instrument.thresholds_for(manager.organisation)
    assert (bands.medium_from, bands.high_from) == (8, 17)
    assert client.post(url, {**data, "high_from": 8}).status_code == 400


def test_only_managers_change_thresholds(login, caseworker):
    assert login(caseworker).get(reverse("risk:settings")).status_code == 403


# Assessments list --------------------------------------------------------------


def test_assessment_list_is_scoped(man, login, caseworker, outsider):
    from tests.risk.factories import RiskAssessmentFactory

    assessment = RiskAssessmentFactory(participant=man)
    assert (
        man.full_name
        in login(caseworker).get(reverse("risk:assessment_list")).content.decode()
    )
    assert (
        man.full_name
        not in login(outsider).get(reverse("risk:assessment_list")).content.decode()
    )
    detail = reverse("risk:assessment_detail", args=[assessment.uuid])
    assert login(outsider).get(detail).status_code == 404


def test_closing_an_event_and_closing_it_again(man, login, caseworker):
    from tests.risk.factories import RiskEventFactory

    event = RiskEventFactory(participant=man)
    client = login(caseworker)
    url = reverse("risk:event_close", args=[event.uuid])
    assert client.post(url, {"next": "/risk/alerts/"}).status_code == 302
    event.refresh_from_db()
    assert event.status == "closed"
    assert client.post(url).status_code == 409


def test_partner_side_event_cannot_be_closed_by_a_caseworker(man, login, caseworker):
    event = PartnerSideRiskEventFactory(participant=man)
    response = login(caseworker).post(reverse("risk:event_close", args=[event.uuid]))
    assert response.status_code == 404


def test_case_file_page_shows_the_risk_panel(man, login, caseworker, facilitator):
    from tests.risk.factories import HighRiskAssessmentFactory

    HighRiskAssessmentFactory(participant=man)
    PartnerSupportOnlyRiskNoteFactory(participant=man, text="Kept within support.")
    response = login(caseworker).get(reverse("casefile:detail", args=[man.uuid]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="risk-panel-heading"' in body
    assert "risk-timeline-data" in body
    assert "Kept within support." not in body


@pytest.mark.parametrize(
    ("severity", "german"),
    [
        ("concern", "Risikonotiz gespeichert."),
        ("urgent", "Sie ist dringend: Die für seinen Fall Zuständigen"),
    ],
)
def test_saving_a_note_says_so_in_the_workers_language(
    man, login, caseworker, severity, german
):
    caseworker.language = "de"
    caseworker.save(update_fields=["language"])
    response = login(caseworker).post(
        reverse("risk:note_create", args=[man.uuid]),
        {
            "severity": severity,
            "category": "behaviour",
            "visibility": "programme",
            "text": "Raised his voice at the end of the session.",
        },
        follow=True,
    )
    body = response.content.decode()
    assert german in body
    assert "Risk note saved" not in body
