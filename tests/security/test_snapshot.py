"""The hostile sweep's proof that nothing changed: a snapshot of every row and
the comparison of two (tests/security/hostile.py) see each kind of change."""

import pytest

from participants.models import Participant
from tests.participants.factories import CaseNoteFactory, ParticipantFactory
from tests.security.hostile import check_rows, snapshot

pytestmark = pytest.mark.django_db


def test_a_refused_submission_that_changed_or_deleted_a_row_is_reported(org):
    kept, changed, deleted = ParticipantFactory.create_batch(3, organisation=org)
    before = snapshot()
    Participant.objects.filter(pk=changed.pk).update(first_name="Changed")
    Participant.objects.filter(pk=deleted.pk).delete()
    problems = check_rows(before, snapshot(), theirs_pks={}, failed=True)
    assert f"our participants.Participant {changed.pk} changed by a 4xx" in problems
    assert f"our participants.Participant {deleted.pk} deleted by a 4xx" in problems
    assert not [p for p in problems if f"Participant {kept.pk} " in p]


def test_nothing_is_reported_when_nothing_changed(org):
    ParticipantFactory(organisation=org)
    before = snapshot()
    assert check_rows(before, snapshot(), theirs_pks={}, failed=True) == []


def test_a_change_to_their_row_is_reported_even_after_a_success(org, other_org):
    theirs = ParticipantFactory(organisation=other_org)
    before = snapshot()
    Participant.objects.filter(pk=theirs.pk).update(last_name="Changed")
    problems = check_rows(
        before,
        snapshot(),
        theirs_pks={"participants.Participant": {theirs.pk}},
        failed=False,
    )
    assert problems == [
        f"their participants.Participant {theirs.pk} changed by a success"
    ]


def test_a_new_row_pointing_at_their_record_is_reported(org, other_org):
    theirs = ParticipantFactory(organisation=other_org)
    before = snapshot()
    note = CaseNoteFactory(participant=theirs, organisation=org)
    problems = check_rows(
        before,
        snapshot(),
        theirs_pks={"participants.Participant": {theirs.pk}},
        failed=False,
    )
    assert (
        f"new participants.CaseNote {note.pk} points at their participants.Participant"
        in problems
    )
