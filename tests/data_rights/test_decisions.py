"""Rectification, erasure, restriction and objection: a decision with its
reason, and what a granted one does."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from data_rights import services
from data_rights.models import RightsRequest
from participants import services as participant_services
from participants.restriction import ProcessingRestricted
from retention import services as retention_services
from retention.models import LegalHold
from risk.events import Detection
from risk.models import RiskEvent
from risk.outbox import record_events
from tests.data_rights.factories import (
    ErasureRequestFactory,
    HerRightsRequestFactory,
    RestrictionRequestFactory,
    RightsRequestFactory,
)
from tests.partner_contact.factories import PartnerFactory


def _decide(client, rights_request, **data):
    return client.post(
        reverse("data_rights:request_decide", args=[rights_request.uuid]), data
    )


def test_erasure_refused_for_safeguarding_keeps_the_reason(login, manager, man):
    rights_request = ErasureRequestFactory(participant=man)
    response = _decide(
        login(manager),
        rights_request,
        decision="refuse",
        refusal_reason="safeguarding",
        note="Child protection plan in force.",
    )
    assert response.status_code == 302
    rights_request.refresh_from_db()
    assert rights_request.status == RightsRequest.Status.REFUSED
    assert rights_request.refusal_reason == "safeguarding"
    assert rights_request.decided_by == manager
    man.refresh_from_db()
    assert man.first_name  # nothing erased


def test_a_refusal_needs_a_reason_from_the_list(login, manager, man):
    rights_request = ErasureRequestFactory(participant=man)
    response = _decide(login(manager), rights_request, decision="refuse")
    assert response.status_code == 400
    assert "Choose the reason for refusing." in response.content.decode()
    rights_request.refresh_from_db()
    assert rights_request.status == RightsRequest.Status.RECEIVED


def test_a_granted_erasure_goes_through_the_erasure_machinery(manager, man):
    rights_request = ErasureRequestFactory(participant=man)
    with mock.patch("data_rights.services.erase_on_request") as erase:
        services.decide_request(request=rights_request, actor=manager, grant=True)
    erase.assert_called_once()
    assert erase.call_args.kwargs["request"].pk == rights_request.pk


def test_deciding_twice_is_refused(login, manager, man):
    rights_request = ErasureRequestFactory(participant=man)
    client = login(manager)
    _decide(client, rights_request, decision="refuse", refusal_reason="legal_claims")
    response = _decide(client, rights_request, decision="refuse", refusal_reason="x")
    assert response.status_code in (400, 409)
    rights_request.refresh_from_db()
    assert rights_request.refusal_reason == "legal_claims"


def test_rectification_records_what_was_corrected(login, manager, man):
    rights_request = RightsRequestFactory(participant=man, kind="rectification")
    client = login(manager)
    assert _decide(client, rights_request, decision="grant").status_code == 400
    response = _decide(
        client, rights_request, decision="grant", correction="Date of birth fixed."
    )
    assert response.status_code == 302
    rights_request.refresh_from_db()
    assert rights_request.correction == "Date of birth fixed."


def test_a_restricted_man_can_be_read_but_nothing_new_is_attached(
    login, manager, caseworker, man
):
    rights_request = RestrictionRequestFactory(participant=man)
    _decide(login(manager), rights_request, decision="grant")
    man.refresh_from_db()
    assert man.is_restricted and man.processing_restricted_by == manager
    with pytest.raises(ProcessingRestricted):
        participant_services.add_case_note(
            participant=man,
            author=caseworker,
            body="A note",
            kind="one_to_one",
            occurred_on=datetime.date.today(),
        )
    client = login(caseworker)
    page = client.get(reverse("casefile:detail", args=[man.uuid]))
    assert page.status_code == 200
    assert "Processing is restricted" in page.content.decode()
    response = client.get(reverse("casefile:pdf", args=[man.uuid]))
    assert response.status_code == 409
    assert "restricted" in response.content.decode()


def test_no_detector_alert_is_raised_about_a_restricted_man_until_lifted(
    login, manager, man
):
    rights_request = RestrictionRequestFactory(participant=man)
    client = login(manager)
    _decide(client, rights_request, decision="grant")
    detection = Detection(
        organisation_id=man.organisation_id,
        participant_id=man.pk,
        kind=RiskEvent.Kind.REVIEW_OVERDUE,
        occurred_on=datetime.date.today(),
        dedup_key=f"test-overdue:{man.pk}",
    )
    assert record_events([detection], now=timezone.now()).events == []
    response = client.post(
        reverse("data_rights:request_lift", args=[rights_request.uuid])
    )
    assert response.status_code == 302
    man.refresh_from_db()
    assert not man.is_restricted
    assert len(record_events([detection], now=timezone.now()).events) == 1


def test_a_restricted_womans_contact_log_is_not_exported(login, manager, org):
    woman = PartnerFactory(organisation=org)
    rights_request = HerRightsRequestFactory(partner=woman, kind="objection")
    _decide(login(manager), rights_request, decision="grant")
    woman.refresh_from_db()
    assert woman.is_restricted
    response = login(manager).get(
        reverse("partner_contact:partner_export", args=[woman.uuid])
    )
    assert response.status_code == 409


def test_lifting_twice_is_refused(login, manager, man):
    rights_request = RestrictionRequestFactory(participant=man)
    client = login(manager)
    _decide(client, rights_request, decision="grant")
    url = reverse("data_rights:request_lift", args=[rights_request.uuid])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 409


def test_a_granted_erasure_erases_him_and_drops_his_exports(login, manager, man):
    first_name = man.first_name
    built = RightsRequestFactory(
        participant=man, status=RightsRequest.Status.RELEASED, export_archive=b"zip"
    )
    rights_request = ErasureRequestFactory(participant=man, details="Erase me")
    response = _decide(login(manager), rights_request, decision="grant")
    assert response.status_code == 302
    man.refresh_from_db()
    assert man.is_anonymised
    assert man.first_name != first_name
    built.refresh_from_db()
    assert built.export_archive is None
    rights_request.refresh_from_db()
    assert rights_request.status == RightsRequest.Status.GRANTED


def test_an_erasure_under_legal_hold_is_refused_and_nothing_changes(
    login, manager, man
):
    retention_services.place_legal_hold(
        participant=man,
        reason=LegalHold.Reason.LITIGATION,
        detail="Court case pending",
        actor=manager,
    )
    rights_request = ErasureRequestFactory(participant=man)
    response = _decide(login(manager), rights_request, decision="grant")
    assert response.status_code == 409
    assert "legal hold" in response.content.decode()
    rights_request.refresh_from_db()
    assert rights_request.status == RightsRequest.Status.RECEIVED
    man.refresh_from_db()
    assert not man.is_anonymised
