"""The outbox's arrays, written as text by risk.bulk.array_literal, reach
PostgreSQL as the values themselves: every character of a text, NULL apart from
the word, and each type the outbox writes."""

import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from django.db import connection

from risk.bulk import array_literal
from risk.models import Alert

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="arrays are PostgreSQL's"
)

TEXTS = [
    'O\'Brien, "quoted", {braced}',
    'back\\slash \\\\ and \\"',
    "",
    "NULL",
    "null",
    " spaced ",
    "line\nbreak\ttab",
    "comma,semicolon;",
    "Ünïcødé – ‘quotes’ 日本",
    None,
]


def round_trip(values, sql_type):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT %s::{sql_type}[]", [array_literal(values)])
        return cursor.fetchone()[0]


def test_texts_keep_every_character_and_null_stays_apart_from_the_word(db):
    assert round_trip(TEXTS, "text") == TEXTS


def test_numbers_booleans_dates_moments_and_uuids(db):
    ids = [1, -2, 2**62, None]
    assert round_trip(ids, "bigint") == ids
    assert round_trip([True, False, None], "boolean") == [True, False, None]
    days = [date(2026, 2, 28), None, date(1999, 12, 31)]
    assert round_trip(days, "date") == days
    moments = [
        datetime(2026, 12, 1, 3, 4, 5, 678901, tzinfo=UTC),
        datetime(2026, 6, 1, 23, 30, tzinfo=timezone(timedelta(hours=2))),
        None,
    ]
    assert round_trip(moments, "timestamptz") == moments
    keys = [uuid.uuid4(), None]
    assert round_trip(keys, "uuid") == keys


def test_choices_are_written_as_their_values(db):
    reasons = [Alert.Reason.CASEWORKER, Alert.Reason.FALLBACK]
    assert round_trip(reasons, "text") == [r.value for r in reasons]


def test_an_empty_array_and_an_array_of_nulls(db):
    assert round_trip([], "bigint") == []
    assert round_trip([None, None], "text") == [None, None]


def test_mixed_or_unknown_types_are_left_to_the_driver():
    mixed = [1, "one"]
    assert array_literal(mixed) is mixed
    floats = [1.5, 2.5]
    assert array_literal(floats) is floats
