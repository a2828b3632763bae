"""Her own case: status moves with reasons, one record for two men, her page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partner_contact import her_case, services
from partner_contact.case_lifecycle import PartnerStatus
from partner_contact.models import Partner, PartnerStatusChange, Relationship
from tests.participants.factories import ParticipantFactory
from tests.partner_contact.factories import PartnerFactory, RelationshipFactory


def move(partner, worker, to_status, reason, **kwargs):
    return her_case.move_partner(
        partner=partner, to_status=to_status, reason=reason, actor=worker, **kwargs
    )


def test_a_new_record_is_identified(org, partner_worker):
    partner = services.create_partner(
        organisation=org, actor=partner_worker, name="Ada Fictional"
    )
    assert partner.status == PartnerStatus.IDENTIFIED


def test_each_move_is_kept_with_date_actor_and_reason(org, partner_worker):
    """Moves are recorded in order; her record shows the latest."""
    partner = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    move(
        partner,
        partner_worker,
        "contact_pending",
        "first_attempt",
        effective_on=yesterday,
    )
    move(partner, partner_worker, "in_contact", "first_conversation")
    move(partner, partner_worker, "engaged", "accepted_support")
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.ENGAGED
    assert partner.status_changed_on == timezone.localdate()
    moves = list(partner.status_changes.order_by("created_at"))
    assert [(m.from_status, m.to_status) for m in moves] == [
        ("identified", "contact_pending"),
        ("contact_pending", "in_contact"),
        ("in_contact", "engaged"),
    ]
    assert moves[0].effective_on == yesterday
    assert {m.actor for m in moves} == {partner_worker}
    assert moves[2].reason_label == "She accepted ongoing support"


def test_a_move_not_in_the_table_is_refused(org, partner_worker):
    partner = PartnerFactory(organisation=org)
    with pytest.raises(ValidationError, match="cannot move"):
        move(partner, partner_worker, "engaged", "accepted_support")
    assert not PartnerStatusChange.objects.exists()


def test_a_reason_must_come_from_the_moves_list(org, partner_worker):
    partner = PartnerFactory(organisation=org)
    with pytest.raises(ValidationError, match="reason"):
        move(partner, partner_worker, "closed", "accepted_support")
    with pytest.raises(ValidationError, match="reason"):
        move(partner, partner_worker, "closed", "")


def test_closure_with_another_reason_needs_a_note(org, partner_worker):
    partner = PartnerFactory(organisation=org)
    with pytest.raises(ValidationError, match="note"):
        move(partner, partner_worker, "closed", "other")
    move(partner, partner_worker, "closed", "other", note="She moved abroad.")
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.CLOSED


def test_a_closed_case_reopens(org, partner_worker):
    partner = PartnerFactory(organisation=org)
    move(partner, partner_worker, "closed", "never_reached")
    move(partner, partner_worker, "in_contact", "reopened")
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.IN_CONTACT
    assert partner.status_changes.count() == 2


def test_a_future_or_backdated_move_is_refused(org, partner_worker):
    partner = PartnerFactory(organisation=org)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="future"):
        move(partner, partner_worker, "closed", "never_reached", effective_on=tomorrow)
    move(partner, partner_worker, "contact_pending", "first_attempt")
    with pytest.raises(ValidationError, match="before her last move"):
        move(
            partner,
            partner_worker,
            "in_contact",
            "first_conversation",
            effective_on=timezone.localdate() - datetime.timedelta(days=3),
        )


def test_her_log_moves_her_case_on(org, partner_worker):
    """A failed first attempt makes contact pending; reaching her, in contact."""
    partner = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    base = {"partner": partner, "worker": partner_worker, "channel": "phone"}
    services.log_contact(
        **base,
        occurred_at=timezone.now() - datetime.timedelta(hours=2),
        outcome="no_answer",
    )
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.CONTACT_PENDING
    services.log_contact(
        **base,
        occurred_at=timezone.now() - datetime.timedelta(hours=1),
        outcome="spoke",
    )
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.IN_CONTACT
    assert [c.reason for c in partner.status_changes.order_by("created_at")] == [
        "first_attempt",
        "first_conversation",
    ]


def test_a_woman_linked_to_two_men_keeps_one_record(org, partner_worker):
    """An ex-partner and a current partner: one Partner, two links, one status."""
    partner = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    ex = ParticipantFactory(organisation=org)
    current = ParticipantFactory(organisation=org)
    services.link_partner(
        partner=partner, participant=ex, kind="ex_partner", actor=partner_worker
    )
    services.link_partner(
        partner=partner,
        participant=current,
        kind="current_partner",
        actor=partner_worker,
    )
    move(partner, partner_worker, "in_contact", "she_got_in_touch")
    assert Partner.objects.count() == 1
    assert set(Relationship.objects.values_list("participant", flat=True)) == {
        ex.pk,
        current.pk,
    }
    assert set(ex.partner_relationships.values_list("partner", flat=True)) == {
        partner.pk
    }
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.IN_CONTACT


def test_her_page_lists_both_men_and_her_status(org, partner_worker, login):
    partner = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    first = RelationshipFactory(partner=partner, kind="ex_partner")
    second = RelationshipFactory(partner=partner)
    move(partner, partner_worker, "contact_pending", "awaiting_safe_details")
    page = login(partner_worker).get(partner.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert first.participant.reference in html
    assert second.participant.reference in html
    assert "Contact pending" in html
    assert "Waiting for safe contact details" in html


def test_move_form_moves_her_case(org, partner_worker, login):
    partner = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    client = login(partner_worker)
    url = reverse("partner_contact:partner_move", args=[partner.uuid])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "to_status": "declined",
            "reason": "supported_elsewhere",
            "effective_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.DECLINED


def test_move_form_refuses_a_reason_of_another_move(org, partner_worker, login):
    """A reason that belongs to another move: a 400 with the message, no move."""
    partner = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    response = login(partner_worker).post(
        reverse("partner_contact:partner_move", args=[partner.uuid]),
        {
            "to_status": "closed",
            "reason": "first_attempt",
            "effective_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "not one for a move" in response.content.decode()
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.IDENTIFIED


def test_closure_without_a_reason_is_refused_on_the_form(org, partner_worker, login):
    partner = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    response = login(partner_worker).post(
        reverse("partner_contact:partner_move", args=[partner.uuid]),
        {"to_status": "closed", "effective_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.IDENTIFIED


def test_managers_read_her_status_but_do_not_move_it(org, manager, login):
    partner = PartnerFactory(organisation=org)
    client = login(manager)
    assert client.get(partner.get_absolute_url()).status_code == 200
    url = reverse("partner_contact:partner_move", args=[partner.uuid])
    assert client.get(url).status_code == 403


def test_status_counts_for_reports(org, other_org, partner_worker):
    """One query gives every status's count; another organisation is not counted."""
    a, b = PartnerFactory.create_batch(2, organisation=org)
    PartnerFactory(organisation=other_org)
    move(a, partner_worker, "declined", "no_support_wanted")
    counts = Partner.objects.filter(organisation=org).status_counts()
    assert counts["declined"] == 1
    assert counts["identified"] == 1
    assert counts["engaged"] == 0
    assert set(counts) == set(PartnerStatus.values)
    today = timezone.localdate()
    entered = PartnerStatusChange.objects.filter(organisation=org).entered_between(
        "declined", today, today
    )
    assert list(entered.values_list("partner", flat=True)) == [a.pk]
    assert b.pk not in entered.values_list("partner", flat=True)
