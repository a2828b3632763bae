"""The managers' approval queue: reasons for rejections, the way back, the count."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participants import services
from participants.context_processors import approvals
from participants.models import Participant, StatusChange
from tests.participants.factories import ParticipantFactory, PendingStatusChangeFactory

pytestmark = pytest.mark.django_db


def _pending(org):
    man = ParticipantFactory(organisation=org, status=Participant.Status.ACTIVE)
    return PendingStatusChangeFactory(participant=man)


def test_a_rejection_without_a_reason_is_refused(login, manager, org):
    """Issue 14 item 11: a closure could be rejected with no reason."""
    change = _pending(org)
    response = login(manager).post(
        reverse("participants:reject", args=[change.uuid]), {"note": "  "}
    )
    assert response.status_code == 400
    assert "Say why the move is rejected" in response.content.decode()
    change.refresh_from_db()
    assert change.is_pending


def test_a_rejection_keeps_its_reason_and_returns_to_the_queue(login, manager, org):
    change = _pending(org)
    response = login(manager).post(
        reverse("participants:reject", args=[change.uuid]), {"note": "Talk first"}
    )
    assert response.url == reverse("participants:approvals")
    change.refresh_from_db()
    assert change.approval == StatusChange.Approval.REJECTED
    assert "Rejected: Talk first" in change.note


def test_after_approving_she_returns_to_the_queue(login, manager, org):
    change = _pending(org)
    response = login(manager).post(reverse("participants:approve", args=[change.uuid]))
    assert response.status_code == 302
    assert response.url == reverse("participants:approvals")


def test_the_service_refuses_a_rejection_without_a_reason(manager, org):
    change = _pending(org)
    with pytest.raises(ValidationError):
        services.reject_status_change(status_change=change, actor=manager, note="")


def test_the_menu_count_is_the_waiting_approvals_in_one_query(
    rf, manager, caseworker, org, other_org
):
    _pending(org)
    _pending(org)
    _pending(other_org)
    request = rf.get("/")
    request.user = manager
    context = approvals(request)
    with CaptureQueriesContext(connection) as queries:
        assert context["approvals_waiting"]
        assert str(context["approvals_waiting"]) == "2"
    assert len(queries.captured_queries) == 1
    # Roles that cannot approve get nothing, and pay no query.
    request.user = caseworker
    caseworker.has_perm("participants.view_participant")  # as signing in loads them
    with CaptureQueriesContext(connection) as queries:
        assert approvals(request) == {}
    assert not queries.captured_queries


def test_the_queue_heading_counts_what_waits(login, manager, org):
    _pending(org)
    html = login(manager).get(reverse("participants:approvals")).content.decode()
    assert "Moves waiting for approval (1)" in html


def test_the_queue_costs_the_same_queries_as_it_grows(login, manager, org):
    client = login(manager)
    url = reverse("participants:approvals")
    _pending(org)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        _pending(org)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_menu_shows_a_manager_how_many_approvals_wait(login, manager, org):
    _pending(org)
    _pending(org)
    html = login(manager).get(reverse("accounts:password_change")).content.decode()
    assert '2<span class="visually-hidden"> approvals waiting</span>' in html


def test_the_count_costs_a_manager_one_query_more_than_a_facilitator(
    client, manager, facilitator, org
):
    """The signed-in floor: 4 queries for roles that cannot approve
    (tests/accounts/test_sessions.py), and one more, the count, for managers."""
    _pending(org)
    url = reverse("accounts:password_change")

    def floor(user):
        client.force_login(user)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries.captured_queries)

    assert floor(manager) == floor(facilitator) + 1
