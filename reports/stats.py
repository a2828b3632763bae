"""Medians and working days computed in the database, one query per figure.

PostgreSQL does both in SQL (`percentile_cont`, `generate_series`). The
SQLite database of `make run` has neither: there a median is taken in Python
over the one column the same query returns, and working days are counted by
a recursive query, so the figures agree on both.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    FloatField,
    Func,
    IntegerField,
    QuerySet,
)

from reports import compiled

if TYPE_CHECKING:
    from reports.scope import Context


class Median(Aggregate):
    """The median (continuous percentile 0.5) of an expression, in PostgreSQL."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False

    def _resolve_output_field(self):
        # The median of whole numbers may be a half: never round it to an int.
        source = super()._resolve_output_field()
        return source if isinstance(source, DurationField) else FloatField()


def median(queryset: QuerySet, expression) -> tuple[float | None, int]:
    """(median, n) of `expression` over the rows of `queryset` where it is not
    null. Durations come back as days (a float); numbers as they are."""
    measured = queryset.annotate(measure=expression)
    if connection.vendor == "postgresql":
        return _median_once(measured.order_by().values("measure"))
    values = measured.filter(measure__isnull=False)
    column = [_as_number(v) for v in values.values_list("measure", flat=True)]
    if not column:
        return None, 0
    return statistics.median(column), len(column)


def _median_once(measures: QuerySet) -> tuple[float | None, int]:
    """(median, n) of the one column "measure" of `measures`, in PostgreSQL.

    Through Django's aggregate the measure (often a correlated subquery) was
    computed once for the median and again for the count or the test for
    null: PostgreSQL inlines the derived table into both. OFFSET 0 keeps it a
    table of its own, so each row's measure is computed once; percentile_cont
    and count of a column both skip its nulls.
    """
    try:
        inner, params = measures.query.sql_with_params()
    except EmptyResultSet:
        return None, 0
    sql = (
        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY m.measure), "  # noqa: S608
        f"count(m.measure) FROM ({inner} OFFSET 0) AS m"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        value, n = cursor.fetchone()
    return _as_number(value), n


def kept_median(
    key: tuple, context: Context, measured: Callable[[Context], tuple[QuerySet, object]]
) -> tuple[float | None, int]:
    """`median(*measured(context))`, its query compiled once per process for
    every period (`reports.compiled`; `key` names the figure)."""
    if connection.vendor != "postgresql":
        return median(*measured(context))

    def build(for_context: Context):
        queryset, expression = measured(for_context)
        measures = queryset.annotate(measure=expression).order_by().values("measure")
        return lambda: _median_once(measures)

    return _kept_result(compiled.rows(("median", *key), context, build))


def kept_medians(
    key: tuple,
    context: Context,
    measured: Callable[[Context], tuple[str, tuple, int]],
) -> list[tuple[float | None, int]]:
    """(median, n) of each column of one derived table, in one query (for
    medians over the same rows: each row is read once, not once per median).
    `measured(context)` gives the table's SQL, its parameters and how many
    columns it has (m0, m1...); PostgreSQL only. The query is compiled once
    per process for every period (`reports.compiled`)."""

    def build(for_context: Context):
        inner, params, width = measured(for_context)
        columns = ", ".join(
            f"percentile_cont(0.5) WITHIN GROUP (ORDER BY m.m{i}), count(m.m{i})"
            for i in range(width)
        )
        names = ", ".join(f"m{i}" for i in range(width))
        # OFFSET 0 keeps the table a table of its own (see `_median_once`).
        sql = f"SELECT {columns} FROM ({inner} OFFSET 0) AS m({names})"  # noqa: S608

        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        return run

    rows = compiled.rows(("medians", *key), context, build)
    if not rows:
        return []
    row = rows[0]
    return [(_as_number(row[i]), row[i + 1]) for i in range(0, len(row), 2)]


def kept_median_of_column(
    key: tuple, context: Context, annotated: Callable[[Context], QuerySet], column: str
) -> tuple[float | None, int]:
    """`median_of_column(annotated(context), column)`, its query compiled once
    per process for every period (`reports.compiled`)."""
    if connection.vendor != "postgresql":
        return median_of_column(annotated(context), column)

    def build(for_context: Context):
        queryset = annotated(for_context)
        return lambda: queryset.aggregate(m=Median(column), n=Count(column))

    return _kept_result(compiled.rows(("median", *key), context, build))


def _kept_result(rows: list[tuple]) -> tuple[float | None, int]:
    if not rows:
        return None, 0
    value, n = rows[0]
    return _as_number(value), n


def median_of_column(queryset: QuerySet, column: str) -> tuple[float | None, int]:
    """(median, n) of an already annotated column (an aggregate per person)."""
    if connection.vendor == "postgresql":
        result = queryset.aggregate(m=Median(column), n=Count(column))
        return _as_number(result["m"]), result["n"]
    values = [
        _as_number(v) for v in queryset.values_list(column, flat=True) if v is not None
    ]
    return (statistics.median(values), len(values)) if values else (None, 0)


def _as_number(value):
    if isinstance(value, timedelta):
        return value.total_seconds() / 86400
    return None if value is None else float(value)


class WorkingDaysBetween(Func):
    """Working days after `start` up to and including `end`, skipping weekends
    and the organisation's public holidays: accounts.calendar's
    working_days_between, in SQL. Null when `end` is null."""

    output_field = IntegerField()

    def __init__(self, start, end, organisation_id: int):
        super().__init__(start, end)
        self.organisation_id = int(organisation_id)

    def as_postgresql(self, compiler, connection, **extra):
        start, start_params = compiler.compile(self.source_expressions[0])
        end, end_params = compiler.compile(self.source_expressions[1])
        # Only compiled expressions are interpolated; values are bound params.
        # `end` (often a subquery) is computed once, in the derived table
        # (OFFSET 0: PostgreSQL would otherwise inline it at each use).
        sql = (
            "(SELECT CASE WHEN e.day IS NULL THEN NULL ELSE (SELECT count(*) "  # noqa: S608
            f"FROM generate_series(({start}) + 1, e.day, interval '1 day') AS wd(day) "
            "WHERE extract(isodow FROM wd.day) < 6 AND wd.day::date NOT IN "
            "(SELECT h.date FROM accounts_publicholiday h "
            "WHERE h.organisation_id = %s)) END "
            f"FROM (SELECT ({end}) AS day OFFSET 0) AS e)"
        )
        return sql, (*start_params, self.organisation_id, *end_params)

    def as_sql(self, compiler, connection, **extra):
        start, start_params = compiler.compile(self.source_expressions[0])
        end, end_params = compiler.compile(self.source_expressions[1])
        sql = (
            f"(CASE WHEN ({end}) IS NULL THEN NULL ELSE (WITH RECURSIVE wd(day) AS "  # noqa: S608
            f"(SELECT date(({start}), '+1 day') UNION ALL SELECT date(day, '+1 day') "
            f"FROM wd WHERE day < date(({end}))) SELECT count(*) FROM wd "
            f"WHERE day <= date(({end})) AND strftime('%%w', day) NOT IN ('0', '6') "
            "AND day NOT IN (SELECT h.date FROM accounts_publicholiday h "
            "WHERE h.organisation_id = %s)) END)"
        )
        return sql, (
            *end_params,
            *start_params,
            *end_params,
            *end_params,
            self.organisation_id,
        )
