"""The indexes that retention's erasure and the risk queries read survive the
pruning of unused ones (risk migration 0014)."""

import pytest
from django.db import connection

from risk.models import Alert, RiskEvent

pytestmark = pytest.mark.django_db

# (model, column): a lookup that needs an index led by the column.
NEEDED = [
    # Erasure (retention.erasure): his and her history rows, the old-history rule.
    (RiskEvent.history.model, "id"),
    (RiskEvent.history.model, "participant_id"),
    (RiskEvent.history.model, "partner_contact_id"),
    (RiskEvent.history.model, "organisation_id"),
    (RiskEvent.history.model, "history_date"),
    (RiskEvent.history.model, "history_user_id"),
    (Alert.history.model, "id"),
    (Alert.history.model, "event_id"),
    (Alert.history.model, "organisation_id"),
    (Alert.history.model, "history_date"),
    (Alert.history.model, "history_user_id"),
    # The keys whose own index was dropped lead another index.
    (RiskEvent, "organisation_id"),
    (RiskEvent, "participant_id"),
    (Alert, "event_id"),
    (Alert, "organisation_id"),
    (Alert, "recipient_id"),
]

DROPPED = [
    (Alert.history.model, "uuid"),
    (Alert.history.model, "status"),
    (Alert.history.model, "recipient_id"),
    (Alert.history.model, "created_at"),
    (RiskEvent.history.model, "uuid"),
    (RiskEvent.history.model, "enquiry_id"),
    (RiskEvent.history.model, "complaint_id"),
    (RiskEvent.history.model, "reported_by_id"),
]


def leading_columns(model) -> set[str]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    # A unique constraint is enforced by an index of its own.
    return {
        c["columns"][0]
        for c in found.values()
        if (c["index"] or c["unique"]) and c["columns"]
    }


@pytest.mark.parametrize(("model", "column"), NEEDED)
def test_a_lookup_that_erasure_or_a_query_makes_keeps_an_index(model, column):
    """Each column a query filters on leads some index of its table."""
    assert column in leading_columns(model)


@pytest.mark.parametrize(("model", "column"), DROPPED)
def test_columns_no_query_reads_are_not_indexed(model, column):
    """A history column nobody filters on costs no index on every bulk insert."""
    assert column not in leading_columns(model)
