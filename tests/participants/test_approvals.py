"""The managers' approval queue: reasons for rejections, the way back, the count."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import RequestFactory
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


def test_the_count_costs_a_manager_one_query_once_then_none(
    client, manager, facilitator, org
):
    """The signed-in floor (tests/accounts/test_sessions.py): a manager's first
    page pays one query more than a facilitator's, the count; her next pages
    read it from the cache and pay the same as his."""
    _pending(org)
    url = reverse("accounts:password_change")

    def floor(user):
        client.force_login(user)
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            counts.append(len(queries.captured_queries))
        return counts

    facilitator_first, facilitator_next = floor(facilitator)
    manager_first, manager_next = floor(manager)
    assert manager_first == facilitator_first + 1
    assert manager_next == facilitator_next


def _menu_count(manager) -> int:
    request = RequestFactory().get("/")
    request.user = manager
    return int(str(approvals(request)["approvals_waiting"]))


def test_the_menu_count_is_kept_between_pages(manager, org):
    """A manager's second page reads the count without a query."""
    _pending(org)
    assert _menu_count(manager) == 1
    with CaptureQueriesContext(connection) as queries:
        assert _menu_count(manager) == 1
    assert not queries.captured_queries


def test_the_menu_count_follows_each_request_and_decision_at_once(
    manager, caseworker, org, django_capture_on_commit_callbacks
):
    """Asked for, approved, rejected: the next page shows the new count, not the
    one kept before."""
    men = ParticipantFactory.create_batch(
        2, organisation=org, status=Participant.Status.ACTIVE, caseworker=caseworker
    )
    assert _menu_count(manager) == 0
    with django_capture_on_commit_callbacks(execute=True):
        asked = [
            services.move_participant(
                participant=man,
                to_status=Participant.Status.EXCLUDED,
                reason=services.lifecycle.reasons_for(
                    Participant.Status.EXCLUDED, org.pk
                )[0][0],
                actor=caseworker,
            )
            for man in men
        ]
    assert all(change.is_pending for change in asked)
    assert _menu_count(manager) == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_status_change(status_change=asked[0], actor=manager)
    assert _menu_count(manager) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_status_change(
            status_change=asked[1], actor=manager, note="Talk to him first"
        )
    assert _menu_count(manager) == 0
