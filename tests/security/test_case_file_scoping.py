"""`of_case(participant, user)`, the case-file panels' reading of one man's
records, shows exactly what `visible_to(user)` shows of him, for every role and
every man of either organisation, whether or not the role may open his case
file."""

import pytest

from accounts.models import User
from participants.models import Participant
from programmes.models import Attendance
from referrals.models import OnwardReferral, ReferrerLetter
from risk.models import MonitoringPeriod, RiskAssessment, RiskEvent, RiskNote
from tests.programmes.factories import AttendanceFactory
from tests.security.conftest import ROLES

pytestmark = pytest.mark.django_db

# Each kind of record a panel reads with of_case, and how it names the man.
KINDS = [
    (RiskAssessment, "participant"),
    (RiskNote, "participant"),
    (RiskEvent, "participant"),
    (MonitoringPeriod, "participant"),
    (Attendance, "participant"),
    (OnwardReferral, "participant"),
    (ReferrerLetter, "referral__participant"),
]


def _pks(queryset) -> set:
    return set(queryset.values_list("pk", flat=True))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("model", "his"), KINDS, ids=lambda k: getattr(k, "__name__", k)
)
def test_of_case_shows_what_visible_to_shows_of_him(worlds, role, model, his):
    """For each man of either organisation, his records by of_case are his
    records by visible_to, partner-side ones included or not."""
    user = worlds.ours.users[role]
    assert model.objects.filter(**{his: worlds.ours.o.man}).exists() or (
        model is ReferrerLetter
    )
    for man in Participant.objects.all():
        expected = _pks(model.objects.visible_to(user).filter(**{his: man}))
        assert _pks(model.objects.of_case(man, user)) == expected, man


def test_the_world_has_what_the_comparison_needs(worlds):
    """The comparison means something: a caseworker's view of the man leaves
    out a partner-side note that a manager's shows."""
    man = worlds.ours.o.man
    caseworker = worlds.ours.users[User.Role.CASEWORKER]
    manager = worlds.ours.users[User.Role.MANAGER]
    mine = _pks(RiskNote.objects.of_case(man, caseworker))
    theirs = _pks(RiskNote.objects.of_case(man, manager))
    assert mine and mine < theirs


def test_a_facilitator_sees_his_attendance_only_at_their_sessions(worlds):
    """Attendance of the man at a group the facilitator does not run stays out
    of the facilitator's reading, as in visible_to; a caseworker reads it."""
    o = worlds.ours.o
    elsewhere = AttendanceFactory(session=o.other_session, participant=o.man)
    facilitator = worlds.ours.users[User.Role.FACILITATOR]
    caseworker = worlds.ours.users[User.Role.CASEWORKER]
    assert elsewhere.pk not in _pks(Attendance.objects.of_case(o.man, facilitator))
    assert o.attendance.pk in _pks(Attendance.objects.of_case(o.man, facilitator))
    assert elsewhere.pk in _pks(Attendance.objects.of_case(o.man, caseworker))
