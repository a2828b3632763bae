"""Every rule of the lifecycle: allowed and forbidden moves, reasons, approvals."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from participants import lifecycle
from participants.models import Participant, StatusChange
from participants.services import (
    approve_status_change,
    move_participant,
    reject_status_change,
)
from participants.signals import status_changed
from tests.participants.factories import ParticipantFactory, PendingStatusChangeFactory

S = Participant.Status
TODAY = datetime.date(2026, 11, 24)
# In the enum's order: sets iterate differently in each xdist worker.
ALLOWED = [(f, t) for f in S for t in S if t in lifecycle.TRANSITIONS[f]]
FORBIDDEN = [(f, t) for f in S for t in S if t not in lifecycle.TRANSITIONS[f]]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 24, 12, 0), tick=False):
        yield


@pytest.fixture
def received():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    status_changed.connect(receiver, dispatch_uid="test-lifecycle")
    yield calls
    status_changed.disconnect(dispatch_uid="test-lifecycle")


def man(org, status, **kwargs):
    return ParticipantFactory(
        organisation=org,
        status=status,
        status_changed_on=datetime.date(2026, 10, 1),
        **kwargs,
    )


def test_every_status_has_moves_and_every_target_has_reasons():
    """The table is complete: no status is a dead end, no move lacks reasons."""
    assert set(lifecycle.TRANSITIONS) == set(S)
    for targets in lifecycle.TRANSITIONS.values():
        assert targets
        for target in targets:
            assert lifecycle.reasons_for(target), target


def test_a_move_never_leads_back_to_the_same_status():
    for status, targets in lifecycle.TRANSITIONS.items():
        assert status not in targets


@pytest.mark.parametrize(("from_status", "to_status"), ALLOWED)
def test_allowed_move_takes_effect_for_a_manager(
    from_status, to_status, org, manager, received
):
    participant = man(org, from_status)
    reason = lifecycle.reasons_for(to_status)[0][0]
    change = move_participant(
        participant=participant, to_status=to_status, reason=reason, actor=manager
    )
    participant.refresh_from_db()
    assert participant.status == to_status
    assert participant.status_changed_on == TODAY
    assert change.from_status == from_status
    assert change.changed_by == manager
    assert change.reason == reason
    assert not change.is_pending
    assert [c["status_change"] for c in received] == [change]
    assert received[0]["participant"] == participant
    assert received[0]["actor"] == manager


@pytest.mark.parametrize(("from_status", "to_status"), FORBIDDEN)
def test_forbidden_move_is_refused_and_changes_nothing(
    from_status, to_status, org, manager, received
):
    participant = man(org, from_status)
    reasons = lifecycle.reasons_for(to_status)
    with pytest.raises(ValidationError):
        move_participant(
            participant=participant,
            to_status=to_status,
            reason=reasons[0][0] if reasons else "x",
            actor=manager,
        )
    participant.refresh_from_db()
    assert participant.status == from_status
    assert not StatusChange.objects.exists()
    assert received == []


def test_a_reason_must_come_from_the_list_of_its_target(org, caseworker):
    participant = man(org, S.ACTIVE)
    with pytest.raises(ValidationError, match="reason from the list"):
        move_participant(
            participant=participant,
            to_status=S.SUSPENDED,
            reason="completed_goals_achieved",  # a reason of another status
            actor=caseworker,
        )
    with pytest.raises(ValidationError):
        move_participant(
            participant=participant, to_status=S.SUSPENDED, reason="", actor=caseworker
        )


def test_a_move_cannot_be_dated_in_the_future_or_before_the_last(org, caseworker):
    participant = man(org, S.ACTIVE)
    with pytest.raises(ValidationError, match="future"):
        move_participant(
            participant=participant,
            to_status=S.SUSPENDED,
            reason="illness",
            effective_on=TODAY + datetime.timedelta(days=1),
            actor=caseworker,
        )
    with pytest.raises(ValidationError, match="before his last move"):
        move_participant(
            participant=participant,
            to_status=S.SUSPENDED,
            reason="illness",
            effective_on=datetime.date(2026, 9, 30),
            actor=caseworker,
        )


def test_suspension_and_back_need_no_approval(org, caseworker):
    participant = man(org, S.ACTIVE)
    move_participant(
        participant=participant,
        to_status=S.SUSPENDED,
        reason="custody",
        actor=caseworker,
    )
    move_participant(
        participant=participant, to_status=S.ACTIVE, reason="resumed", actor=caseworker
    )
    participant.refresh_from_db()
    assert participant.status == S.ACTIVE
    assert participant.status_changes.count() == 2


@pytest.mark.parametrize(
    ("from_status", "to_status", "reason"),
    [
        (S.ACTIVE, S.EXCLUDED, "breach_of_agreement"),
        (S.FOLLOW_UP, S.CLOSED, "follow_up_complete"),
        (S.NOT_SUITABLE, S.CLOSED, "not_suitable_closed"),
    ],
)
def test_a_caseworkers_exclusion_or_closure_waits_for_a_manager(
    from_status, to_status, reason, org, caseworker, received
):
    participant = man(org, from_status)
    change = move_participant(
        participant=participant, to_status=to_status, reason=reason, actor=caseworker
    )
    participant.refresh_from_db()
    assert change.is_pending
    assert participant.status == from_status
    assert received == []


def test_a_managers_own_exclusion_takes_effect_and_is_marked_approved(
    org, manager, received
):
    participant = man(org, S.ACTIVE)
    change = move_participant(
        participant=participant,
        to_status=S.EXCLUDED,
        reason="reoffending",
        actor=manager,
    )
    participant.refresh_from_db()
    assert participant.status == S.EXCLUDED
    assert change.approval == StatusChange.Approval.APPROVED
    assert change.decided_by == manager
    assert len(received) == 1


def test_a_manager_approves_a_pending_exclusion(org, caseworker, manager, received):
    participant = man(org, S.ACTIVE)
    change = move_participant(
        participant=participant,
        to_status=S.EXCLUDED,
        reason="breach_of_agreement",
        actor=caseworker,
    )
    approve_status_change(status_change=change, actor=manager)
    participant.refresh_from_db()
    change.refresh_from_db()
    assert participant.status == S.EXCLUDED
    assert change.approval == StatusChange.Approval.APPROVED
    assert change.decided_by == manager
    assert change.decided_at is not None
    assert received[0]["actor"] == manager


def test_a_manager_rejects_a_pending_closure(org, caseworker, manager, received):
    participant = man(org, S.FOLLOW_UP)
    change = move_participant(
        participant=participant,
        to_status=S.CLOSED,
        reason="follow_up_complete",
        actor=caseworker,
    )
    reject_status_change(status_change=change, actor=manager, note="Not yet.")
    participant.refresh_from_db()
    change.refresh_from_db()
    assert participant.status == S.FOLLOW_UP
    assert change.approval == StatusChange.Approval.REJECTED
    assert "Not yet." in change.note
    assert received == []


def test_a_caseworker_cannot_approve_or_reject(org, caseworker):
    change = PendingStatusChangeFactory(
        participant=man(org, S.ACTIVE), changed_by=caseworker
    )
    with pytest.raises(ValidationError, match="manager"):
        approve_status_change(status_change=change, actor=caseworker)
    with pytest.raises(ValidationError, match="manager"):
        reject_status_change(status_change=change, actor=caseworker)


def test_a_decision_is_made_once(org, manager):
    change = PendingStatusChangeFactory(participant=man(org, S.ACTIVE))
    approve_status_change(status_change=change, actor=manager)
    with pytest.raises(ValidationError, match="already been decided"):
        approve_status_change(status_change=change, actor=manager)
    with pytest.raises(ValidationError, match="already been decided"):
        reject_status_change(status_change=change, actor=manager)


def test_a_second_request_waits_for_the_first(org, caseworker):
    participant = man(org, S.ACTIVE)
    PendingStatusChangeFactory(participant=participant)
    with pytest.raises(ValidationError, match="already waiting"):
        move_participant(
            participant=participant,
            to_status=S.SUSPENDED,
            reason="illness",
            actor=caseworker,
        )


def test_approval_is_refused_when_his_status_moved_on_meanwhile(org, manager):
    participant = man(org, S.SUSPENDED)
    change = PendingStatusChangeFactory(participant=participant)  # asked when active
    with pytest.raises(ValidationError, match="changed since"):
        approve_status_change(status_change=change, actor=manager)


def test_follow_up_opens_a_six_month_window_and_closing_keeps_it(org, manager):
    participant = man(org, S.COMPLETED)
    move_participant(
        participant=participant,
        to_status=S.FOLLOW_UP,
        reason="outcome_window",
        actor=manager,
    )
    participant.refresh_from_db()
    assert participant.follow_up_until == datetime.date(2027, 5, 24)
    ended = Participant.objects.follow_up_ended(datetime.date(2027, 5, 24))
    assert list(ended) == [participant]
    move_participant(
        participant=participant,
        to_status=S.CLOSED,
        reason="follow_up_complete",
        actor=manager,
    )
    participant.refresh_from_db()
    assert participant.status == S.CLOSED


def test_a_closed_case_can_be_reopened(org, caseworker):
    participant = man(org, S.CLOSED)
    move_participant(
        participant=participant,
        to_status=S.REFERRED,
        reason="reopened_new_referral",
        actor=caseworker,
    )
    participant.refresh_from_db()
    assert participant.status == S.REFERRED
    assert participant.follow_up_until is None


def test_each_move_is_kept_in_the_history(org, caseworker):
    participant = man(org, S.REFERRED)
    for status, reason in [
        (S.CONTACT_PENDING, "referral_accepted"),
        (S.ASSESSMENT, "contact_made"),
        (S.WAITING_LIST, "assessed_suitable"),
        (S.ACTIVE, "started_programme"),
    ]:
        move_participant(
            participant=participant, to_status=status, reason=reason, actor=caseworker
        )
    moves = list(
        participant.status_changes.order_by("pk").values_list("to_status", flat=True)
    )
    assert moves == [S.CONTACT_PENDING, S.ASSESSMENT, S.WAITING_LIST, S.ACTIVE]
    assert participant.history.count() >= 4
    assert participant.history.first().history_user == caseworker


def test_the_database_allows_only_one_pending_move_per_man(org):
    from django.db import IntegrityError

    participant = man(org, S.ACTIVE)
    PendingStatusChangeFactory(participant=participant)
    with pytest.raises(IntegrityError):
        PendingStatusChangeFactory(participant=participant)
