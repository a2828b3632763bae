"""Terms and rules of the country: names, presets, the conference's criteria."""

import datetime

import pytest

from accounts.models import PublicHoliday
from localisation.models import Terms
from risk import marac
from risk.models import RiskEvent, RiskSettings
from tests.participants.factories import ParticipantFactory
from tests.risk.factories import RiskEventFactory


def test_england_and_wales_are_the_defaults(org):
    terms = Terms.of(org.pk)
    assert terms.conference_name == "MARAC"
    settings = RiskSettings.for_organisation(org.pk)
    assert (settings.marac_threshold, settings.escalation_incidents) == (14, 3)
    assert settings.escalation_window_days == settings.repeat_window_days == 365


def test_a_manager_renames_the_conference(login, manager):
    response = login(manager).post(
        "/organisation/terms/",
        {
            "conference_name": "Fallkonferenz",
            "conference_full_name": "Interdisziplinäre Fallkonferenz",
            "child_protection_agency": "Jugendamt",
            "protection_order": "Schutzanordnung",
        },
    )
    assert response.status_code == 302
    assert Terms.of(manager.organisation_id).conference_name == "Fallkonferenz"


def test_an_empty_term_is_refused(login, manager):
    response = login(manager).post("/organisation/terms/", {"conference_name": ""})
    assert response.status_code == 400
    assert not Terms.objects.filter(organisation=manager.organisation).exists()


def test_the_french_preset_sets_terms_numbers_holidays_and_criteria(login, manager):
    response = login(manager).post("/risk/country-preset/", {"country": "FR"})
    assert response.status_code == 302
    organisation = manager.organisation
    organisation.refresh_from_db()
    assert organisation.time_zone == "Europe/Paris"
    assert organisation.language == "fr"
    assert "3919" in organisation.emergency_numbers
    terms = Terms.of(organisation.pk)
    assert terms.child_protection_agency == "Aide sociale à l'enfance"
    assert terms.preset == "FR"
    assert RiskSettings.for_organisation(organisation.pk).marac_threshold == 12
    assert PublicHoliday.objects.filter(
        organisation=organisation, name="Fête nationale"
    ).exists()
    # Applying it twice adds no holiday twice.
    login(manager).post("/risk/country-preset/", {"country": "FR"})
    assert (
        PublicHoliday.objects.filter(
            organisation=organisation, name="Fête nationale"
        ).count()
        == 1
    )


def test_an_unknown_preset_is_refused(login, manager):
    response = login(manager).post("/risk/country-preset/", {"country": "XX"})
    assert response.status_code == 400
    assert "no preset for that country" in response.content.decode()


def test_the_case_file_says_the_organisations_conference(login, manager):
    """A man meeting a criterion is offered a referral under the org's name."""
    Terms.objects.create(organisation=manager.organisation, conference_name="SPFK")
    man = ParticipantFactory(organisation=manager.organisation)
    today = datetime.date.today()
    for days in (10, 40, 70):
        RiskEventFactory(
            participant=man,
            kind=RiskEvent.Kind.POLICE_CALLOUT,
            occurred_on=today - datetime.timedelta(days=days),
        )
    page = login(manager).get(f"/participants/{man.uuid}/").content.decode()
    assert "He meets a SPFK criterion" in page
    assert "Refer to SPFK (pre-filled)" in page
    assert "He meets a MARAC criterion" not in page


@pytest.mark.parametrize(("window", "met"), [(365, True), (30, False)])
def test_escalation_counts_within_the_organisations_window(org, window, met):
    RiskSettings.objects.create(organisation=org, escalation_window_days=window)
    man = ParticipantFactory(organisation=org)
    today = datetime.date(2026, 6, 1)
    for days in (5, 40, 80):
        RiskEventFactory(
            participant=man,
            kind=RiskEvent.Kind.POLICE_CALLOUT,
            occurred_on=today - datetime.timedelta(days=days),
        )
    assert (marac.ESCALATION in marac.criteria_met(man, today=today)) is met
