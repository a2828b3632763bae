"""A child's court orders and plans: records with dates that drive the detectors."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.models import ChildOrder
from risk.models import RiskEvent
from risk.outbox import record_events
from risk.rules.case_events import detect_hearings_soon
from tests.participants.factories import ActiveParticipantFactory, ChildFactory

TODAY = datetime.date(2026, 11, 30)


def order(child, **fields):
    return ChildOrder.objects.create(
        organisation=child.organisation, child=child, **fields
    )


@pytest.fixture
def child(org, caseworker):
    return ChildFactory(
        participant=ActiveParticipantFactory(organisation=org, caseworker=caseworker),
        name="M.",
    )


def test_caseworker_records_an_order_with_its_dates(child, caseworker, login):
    client = login(caseworker)
    url = reverse("participants:child_orders", args=[child.uuid])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "child_arrangements",
            "made_on": "2026-06-01",
            "expires_on": "2027-06-01",
            "court_or_agency": "Family Court (fictional)",
            "reference": "FC-0001-FICT",
            "next_hearing_on": "2026-12-08",
        },
    )
    assert response.status_code == 302
    saved = child.child_orders.get()
    assert saved.kind == "child_arrangements"
    assert saved.next_hearing_on == datetime.date(2026, 12, 8)
    page = client.get(child.participant.get_absolute_url()).content.decode()
    assert "Child arrangements order" in page


def test_bad_order_input_is_a_400_and_nothing_is_saved(child, caseworker, login):
    client = login(caseworker)
    url = reverse("participants:child_orders", args=[child.uuid])
    for bad in (
        {"kind": "spell"},
        {"kind": "other", "made_on": "2026-06-01", "expires_on": "2026-05-01"},
        {"kind": "other", "made_on": "not a date"},
        {"kind": "other", "reference": "x" * 500},
        {"kind": "other", "made_on": "2999-01-01"},
    ):
        response = client.post(url, bad)
        assert response.status_code == 400, bad
    assert not ChildOrder.objects.exists()


def test_orders_are_edited_and_removed(child, caseworker, login):
    existing = order(child, kind="other", details="Free text from before.")
    client = login(caseworker)
    edit = reverse("participants:child_order_update", args=[existing.uuid])
    response = client.post(edit, {"kind": "prohibited_steps", "reference": "PS-1"})
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.kind == "prohibited_steps"
    remove = reverse("participants:child_order_delete", args=[existing.uuid])
    assert client.post(remove).status_code == 302
    assert not ChildOrder.objects.exists()


def test_facilitators_do_not_write_orders(child, facilitator, login):
    """A facilitator may not change a child's record: a 403 before any lookup;
    a man outside his groups is a 404."""
    existing = order(child, kind="occupation")
    client = login(facilitator)
    url = reverse("participants:child_orders", args=[child.uuid])
    assert client.get(url).status_code == 404
    edit = reverse("participants:child_order_update", args=[existing.uuid])
    assert client.get(edit).status_code == 403
    remove = reverse("participants:child_order_delete", args=[existing.uuid])
    assert client.post(remove).status_code == 403
    assert ChildOrder.objects.filter(pk=existing.pk).exists()


def test_another_organisations_orders_are_404(child, outsider, login):
    existing = order(child, kind="occupation")
    client = login(outsider)
    assert (
        client.get(reverse("participants:child_orders", args=[child.uuid])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("participants:child_order_update", args=[existing.uuid])
        ).status_code
        == 404
    )


def test_a_hearing_and_an_expiry_within_the_warning_days_reach_the_detector(
    child,
):
    """A hearing in 5 days and an order ending in 10: two detections; an order
    ending in 60 days: none yet."""
    hearing = order(
        child, kind="child_arrangements", next_hearing_on=TODAY + datetime.timedelta(5)
    )
    ending = order(
        child, kind="non_molestation", expires_on=TODAY + datetime.timedelta(10)
    )
    order(child, kind="occupation", expires_on=TODAY + datetime.timedelta(60))
    found = {
        d.dedup_key: d
        for d in detect_hearings_soon(today=TODAY, now=timezone.now())
        if d.dedup_key.startswith("order-")
    }
    assert set(found) == {
        f"order-hearing:{hearing.pk}:2026-12-05",
        f"order-expiry:{ending.pk}:2026-12-10",
    }
    expiry = found[f"order-expiry:{ending.pk}:2026-12-10"]
    assert expiry.kind == "order_expiring"
    assert expiry.participant_id == child.participant_id
    assert str(expiry.summary) == "Non-molestation order ends on 10 Dec 2026."
    assert found[f"order-hearing:{hearing.pk}:2026-12-05"].kind == "hearing_soon"


def test_the_order_detector_is_idempotent_and_warns_again_for_a_new_date(child):
    hearing = order(
        child, kind="child_arrangements", next_hearing_on=TODAY + datetime.timedelta(3)
    )
    for _ in range(2):
        record_events(detect_hearings_soon(today=TODAY, now=timezone.now()))
    assert RiskEvent.objects.filter(kind="hearing_soon").count() == 1
    hearing.next_hearing_on = TODAY + datetime.timedelta(7)
    hearing.save()
    record_events(detect_hearings_soon(today=TODAY, now=timezone.now()))
    assert RiskEvent.objects.filter(kind="hearing_soon").count() == 2


def test_a_closed_mans_childs_orders_are_not_watched(child):
    child.participant.status = "closed"
    child.participant.save()
    order(child, kind="non_molestation", expires_on=TODAY + datetime.timedelta(2))
    assert not [
        d
        for d in detect_hearings_soon(today=TODAY, now=timezone.now())
        if d.dedup_key.startswith("order-")
    ]
