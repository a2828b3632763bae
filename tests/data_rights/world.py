"""Data-protection requests in the security suite's seeded world
(tests/security/conftest.py build_world), so every page of data_rights is
tried by every role, swept for the firewall and posted hostile values."""

import datetime

from data_rights import services
from data_rights.models import RightsRequest
from tests.participants.factories import ParticipantFactory


def add_data_rights_records(o, *, manager, today: datetime.date) -> None:
    """A released access export about him, one waiting for review, an erasure
    request still to decide (identity not yet checked), and a restriction
    granted on a man of his own (so that nothing else of the world is frozen)."""
    Kind = RightsRequest.Kind
    o.rights_request = _built(o.man, manager, today)
    services.release_export(request=o.rights_request, actor=manager)
    o.review_request = _built(o.man, manager, today)
    o.open_request = services.record_request(
        actor=manager,
        kind=Kind.ERASURE,
        received_on=today,
        today=today,
        participant=o.man,
    )
    o.restricted_man = ParticipantFactory(
        organisation=o.man.organisation, last_name="Restrictedson"
    )
    o.restriction_request = services.record_request(
        actor=manager,
        kind=Kind.RESTRICTION,
        received_on=today,
        today=today,
        participant=o.restricted_man,
        identity_checked=True,
    )
    services.decide_request(request=o.restriction_request, actor=manager, grant=True)
    o.restriction_request.refresh_from_db()


def _built(man, manager, today) -> RightsRequest:
    request = services.record_request(
        actor=manager,
        kind=RightsRequest.Kind.ACCESS,
        received_on=today,
        today=today,
        participant=man,
        identity_checked=True,
    )
    services.start_export(request=request, actor=manager)
    services.build_export(request_id=request.pk)
    request.refresh_from_db()
    return request
