"""Services: contacts, separations, consents and safety plans."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from partner_contact import services, signals
from partner_contact.models import Consent, Relationship, SafetyPlan
from tests.participants.factories import ParticipantFactory
from tests.partner_contact.factories import (
    ConsentFactory,
    DoNotContactPartnerFactory,
    PartnerContactFactory,
    PartnerFactory,
    RelationshipFactory,
)


class Catcher:
    """Collects the keyword arguments of every signal sent."""

    def __init__(self, signal):
        self.calls = []
        self.signal = signal

    def __call__(self, sender, **kwargs):
        kwargs.pop("signal", None)
        self.calls.append(kwargs)

    def __enter__(self):
        self.signal.connect(self, weak=False)
        return self

    def __exit__(self, *exc):
        self.signal.disconnect(self)


def log(partner, worker, **kwargs):
    defaults = {
        "occurred_at": timezone.now() - datetime.timedelta(minutes=5),
        "channel": "phone",
        "outcome": "spoke",
    }
    return services.log_contact(
        partner=partner, worker=worker, **{**defaults, **kwargs}
    )


def test_log_contact_keeps_her_contact_summary(org, partner_worker):
    """The worklist reads her row: two failed attempts, then she is reached."""
    partner = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    now = timezone.now()
    log(
        partner,
        partner_worker,
        outcome="no_answer",
        occurred_at=now - datetime.timedelta(days=3),
    )
    log(
        partner,
        partner_worker,
        outcome="message_left",
        occurred_at=now - datetime.timedelta(days=2),
        next_contact_due=timezone.localdate() + datetime.timedelta(days=1),
    )
    partner.refresh_from_db()
    assert (partner.last_contact_made, partner.failed_attempts) == (False, 2)
    assert partner.next_contact_due == timezone.localdate() + datetime.timedelta(days=1)
    assert partner.last_reached_at is None
    reached = log(
        partner, partner_worker, occurred_at=now - datetime.timedelta(hours=1)
    )
    partner.refresh_from_db()
    assert partner.last_contact_at == reached.occurred_at
    assert partner.last_reached_at == reached.occurred_at
    assert (partner.last_contact_made, partner.failed_attempts) == (True, 0)
    assert partner.next_contact_due is None


def test_log_contact_sends_risk_disclosed_with_kinds(org, partner_worker):
    relationship = RelationshipFactory(partner__organisation=org)
    with Catcher(signals.risk_disclosed) as caught:
        contact = log(
            relationship.partner,
            partner_worker,
            relationship=relationship,
            risk_events=["pregnancy", "court"],
        )
    assert caught.calls == [
        {"contact": contact, "kinds": ["pregnancy", "court"], "actor": partner_worker}
    ]
    assert contact.contact_made is True


def test_a_contact_without_risk_events_sends_nothing(org, partner_worker):
    partner = PartnerFactory(organisation=org)
    with Catcher(signals.risk_disclosed) as caught:
        log(partner, partner_worker, outcome="no_answer")
    assert caught.calls == []


def test_separation_tick_records_the_separation_and_signals_once(org, partner_worker):
    relationship = RelationshipFactory(partner__organisation=org)
    day = timezone.localdate() - datetime.timedelta(days=2)
    with (
        Catcher(signals.separation_recorded) as separations,
        Catcher(signals.risk_disclosed) as disclosed,
    ):
        contact = log(
            relationship.partner,
            partner_worker,
            relationship=relationship,
            risk_events=["separation", "new_incident"],
            separation_on=day,
        )
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.SEPARATED
    assert relationship.separated_on == day
    assert relationship.kind == Relationship.Kind.EX_PARTNER
    assert separations.calls == [
        {
            "relationship": relationship,
            "occurred_on": day,
            "announced": False,
            "actor": partner_worker,
            "contact": contact,
        }
    ]
    # The separation goes through its own signal, not twice.
    assert disclosed.calls[0]["kinds"] == ["new_incident"]


def test_record_separation_from_her_page_announced(org, partner_worker):
    relationship = RelationshipFactory(partner__organisation=org, living_together=True)
    with Catcher(signals.separation_recorded) as caught:
        services.record_separation(
            relationship=relationship,
            occurred_on=timezone.localdate(),
            announced=True,
            actor=partner_worker,
        )
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.SEPARATION_ANNOUNCED
    assert relationship.separation_announced_on == timezone.localdate()
    assert relationship.living_together is True
    assert caught.calls[0]["announced"] is True
    assert caught.calls[0]["contact"] is None


def test_separation_cannot_be_future_or_twice(org, partner_worker):
    relationship = RelationshipFactory(partner__organisation=org)
    with pytest.raises(ValidationError):
        services.record_separation(
            relationship=relationship,
            occurred_on=timezone.localdate() + datetime.timedelta(days=1),
            announced=False,
            actor=partner_worker,
        )
    services.record_separation(
        relationship=relationship,
        occurred_on=timezone.localdate(),
        announced=False,
        actor=partner_worker,
    )
    with pytest.raises(ValidationError):
        services.record_separation(
            relationship=relationship,
            occurred_on=timezone.localdate(),
            announced=False,
            actor=partner_worker,
        )


def test_do_not_contact_refuses_outbound_but_takes_inbound(org, partner_worker):
    partner = DoNotContactPartnerFactory(organisation=org)
    with pytest.raises(ValidationError):
        log(partner, partner_worker)
    contact = log(partner, partner_worker, direction="inbound")
    assert contact.pk


def test_future_contact_refused(org, partner_worker):
    partner = PartnerFactory(organisation=org)
    with pytest.raises(ValidationError):
        log(
            partner,
            partner_worker,
            occurred_at=timezone.now() + datetime.timedelta(hours=2),
        )


def test_safety_plans_are_versioned(org, partner_worker):
    partner = PartnerFactory(organisation=org)
    review = timezone.localdate() + datetime.timedelta(days=30)
    first = services.create_safety_plan(
        partner=partner, plan="v1", review_on=review, actor=partner_worker
    )
    second = services.create_safety_plan(
        partner=partner, plan="v2", review_on=review, actor=partner_worker
    )
    assert (first.version, second.version) == (1, 2)
    assert partner.safety_plans.order_by("-version").first().plan == "v2"
    with pytest.raises(IntegrityError):
        SafetyPlan.objects.create(
            organisation=org,
            partner=partner,
            version=2,
            plan="dup",
            review_on=review,
            created_by=partner_worker,
        )


def test_consents_record_expire_and_withdraw(org, partner_worker):
    partner = PartnerFactory(organisation=org)
    today = timezone.localdate()
    consent = services.record_consent(
        partner=partner,
        kind=Consent.Kind.SHARE_WITH_PROGRAMME,
        given_on=today - datetime.timedelta(days=10),
        how_given=Consent.HowGiven.WRITING,
        expires_on=today + datetime.timedelta(days=5),
        actor=partner_worker,
    )
    assert consent.state(today) == "in force"
    assert list(Consent.objects.expiring_within(7, today)) == [consent]
    assert consent.state(today + datetime.timedelta(days=6)) == "expired"
    services.withdraw_consent(consent=consent, on=today, actor=partner_worker)
    assert consent.state(today) == "withdrawn"
    assert not Consent.objects.in_force(today).exists()
    with pytest.raises(ValidationError):
        services.withdraw_consent(consent=consent, on=today, actor=partner_worker)
    assert consent.history.count() == 2


def test_consent_cannot_expire_before_given(org):
    with pytest.raises(IntegrityError):
        ConsentFactory(
            partner__organisation=org,
            given_on=datetime.date(2026, 5, 1),
            expires_on=datetime.date(2026, 4, 1),
        )


def test_one_man_several_partners_one_woman_several_cases(org, partner_worker):
    man = ParticipantFactory(organisation=org)
    first = services.create_partner(
        organisation=org, actor=partner_worker, participant=man, name="A (demo)"
    )
    second = services.create_partner(
        organisation=org, actor=partner_worker, participant=man, name="B (demo)"
    )
    other_man = ParticipantFactory(organisation=org)
    services.link_partner(
        partner=first,
        participant=other_man,
        kind=Relationship.Kind.EX_PARTNER,
        actor=partner_worker,
    )
    assert man.partner_relationships.count() == 2
    assert first.relationships.count() == 2
    assert second.partner_support_worker == partner_worker
    with pytest.raises(ValidationError):
        services.link_partner(
            partner=first, participant=man, kind="ex_partner", actor=partner_worker
        )


def test_link_refuses_another_organisations_man(org, other_org, partner_worker):
    partner = PartnerFactory(organisation=org)
    with pytest.raises(ValidationError):
        services.link_partner(
            partner=partner,
            participant=ParticipantFactory(organisation=other_org),
            kind="ex_partner",
            actor=partner_worker,
        )


def test_contact_made_must_match_outcome(org):
    with pytest.raises(IntegrityError):
        PartnerContactFactory(
            partner__organisation=org, contact_made=True, outcome="no_answer"
        )
