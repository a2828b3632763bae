"""Scoping (the firewall in the data layer) and her safe-contact rules."""

import datetime
import zoneinfo

import pytest
from django.utils import translation

from participants.risk_vocabulary import RiskEventKind
from partner_contact.models import (
    Consent,
    Partner,
    PartnerContact,
    Relationship,
    SafetyPlan,
)
from risk.models import RiskEvent
from tests.partner_contact.factories import (
    ConsentFactory,
    PartnerContactFactory,
    PartnerFactory,
    RelationshipFactory,
    SafetyPlanFactory,
)

MODELS = [Partner, Relationship, Consent, PartnerContact, SafetyPlan]


@pytest.fixture
def records(org):
    partner = PartnerFactory(organisation=org)
    RelationshipFactory(partner=partner)
    ConsentFactory(partner=partner)
    PartnerContactFactory(partner=partner)
    SafetyPlanFactory(partner=partner)
    return partner


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("role", ["facilitator", "caseworker", "org_admin"])
def test_roles_outside_the_firewall_see_nothing(records, make_user, model, role):
    assert not model.objects.visible_to(make_user(role)).exists()


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("role", ["partner_support", "manager"])
def test_partner_support_and_managers_see_their_organisation(
    records, make_user, model, role
):
    assert model.objects.visible_to(make_user(role)).count() == 1


@pytest.mark.parametrize("model", MODELS)
def test_another_organisation_sees_nothing(records, outsider, model):
    assert not model.objects.visible_to(outsider).exists()


def test_anonymous_sees_nothing(records):
    from django.contrib.auth.models import AnonymousUser

    assert not Partner.objects.visible_to(AnonymousUser()).exists()


LONDON = zoneinfo.ZoneInfo("Europe/London")


def test_safe_time_checks_days_and_hours(db):
    partner = Partner(
        safe_weekdays=[0, 2],
        safe_from=datetime.time(10),
        safe_until=datetime.time(14),
    )
    monday_noon = datetime.datetime(2026, 11, 23, 12, tzinfo=LONDON)
    assert partner.is_safe_time(monday_noon)
    assert not partner.is_safe_time(monday_noon.replace(hour=18))
    assert not partner.is_safe_time(monday_noon + datetime.timedelta(days=1))
    assert Partner().is_safe_time(monday_noon.replace(hour=3))


def test_channels_and_texts(db):
    partner = Partner(safe_channels=["phone", "text"], text_ok=False)
    assert partner.allows_channel("phone")
    assert not partner.allows_channel("text"), "texts not safe wins"
    assert not partner.allows_channel("email")
    assert Partner(text_ok=True).allows_channel("text")


def test_every_kind_she_may_disclose_is_a_risk_event_kind():
    """The risk_disclosed signal passes her kinds on as RiskEvent kinds."""
    assert set(PartnerContact.RiskEventKind.values) <= set(RiskEvent.Kind.values)
    assert RiskEvent.Kind is RiskEventKind


def test_her_safe_ways_and_days_read_in_the_workers_language(db):
    """What her record says of her safe contact is in the reader's language:
    no ways agreed yet, and her safe days by their short names."""
    her = PartnerFactory(safe_channels=[], safe_weekdays=[0, 2])
    with translation.override("en"):
        assert her.safe_channels_display() == "Not agreed yet"
        assert her.safe_times_display().startswith("Mon, Wed")
    with translation.override("de"):
        assert her.safe_channels_display() == "Noch nicht vereinbart"
        assert her.safe_times_display().startswith("Mo, Mi")
    with translation.override("fr"):
        assert her.safe_channels_display() == "Pas encore convenu"
