"""Keeping the response summaries (models.summaries) true to the responses.

A summary is derived from a complete response, its time point, and the same
person's complete intake; it is never edited, only rebuilt. A person is one
series of time points: his under one enrolment, or one woman's under his
enrolment. `refresh_summaries` rebuilds one person's rows when a response is
completed (record_response); `rebuild_summaries` rebuilds an organisation's, or
all, set-wise (the demo seeder and the migration that made the table). Deleting a
response deletes its summary (on_delete), and a later row whose intake is
deleted loses it, and with it any change.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction

from outcomes.models import (
    Response,
    ResponseSummary,
    TimePoint,
    TimePointKind,
)

# One statement per organisation (or for all) on PostgreSQL: every complete
# response with its time point's facts, its non-empty scores, the same person's
# complete intake, and each domain's change where both were scored. The
# arithmetic is float8's, as in Python, so both paths store the same numbers.
REBUILD = """
    INSERT INTO {summary} (response_id, organisation_id, enrolment_id,
                           respondent, kind, due_on, scores, intake_id, changes)
    SELECT r.id, tp.organisation_id, tp.enrolment_id, tp.respondent, tp.kind,
           tp.due_on, jsonb_strip_nulls(r.domain_scores), ir.id,
           CASE WHEN ir.id IS NULL THEN '{{}}'::jsonb ELSE coalesce((
               SELECT jsonb_object_agg(
                   score.key,
                   score.value::float8 - (ir.domain_scores ->> score.key)::float8
               )
               FROM jsonb_each_text(r.domain_scores) AS score
               WHERE score.value IS NOT NULL
                 AND ir.domain_scores ->> score.key IS NOT NULL
           ), '{{}}'::jsonb) END
    FROM {response} r
    JOIN {time_point} tp ON tp.id = r.time_point_id
    LEFT JOIN {time_point} itp
           ON tp.kind <> %(intake)s
          AND itp.kind = %(intake)s
          AND itp.enrolment_id = tp.enrolment_id
          AND itp.respondent = tp.respondent
          AND itp.partner_id IS NOT DISTINCT FROM tp.partner_id
    LEFT JOIN {response} ir ON ir.time_point_id = itp.id AND ir.status = %(complete)s
    WHERE r.status = %(complete)s {scope}
"""


def build_summaries(responses: Iterable[Response]) -> list[ResponseSummary]:
    """Unsaved summaries of complete responses (with their time points), each
    person's later ones linked to that person's intake among them."""
    people = defaultdict(list)
    for response in responses:
        point = response.time_point
        people[(point.enrolment_id, point.respondent, point.partner_id)].append(
            response
        )
    rows = []
    for series in people.values():
        intake = next(
            (r for r in series if r.time_point.kind == TimePointKind.INTAKE), None
        )
        for response in series:
            rows.append(summary_of(response, intake=intake))
    return rows


def summary_of(response: Response, *, intake: Response | None) -> ResponseSummary:
    point = response.time_point
    scores = {code: s for code, s in response.domain_scores.items() if s is not None}
    if intake is None or intake.pk == response.pk:
        intake, changes = None, {}
    else:
        before = intake.domain_scores
        changes = {
            code: float(score) - float(before[code])
            for code, score in scores.items()
            if before.get(code) is not None
        }
    return ResponseSummary(
        response=response,
        organisation_id=point.organisation_id,
        enrolment_id=point.enrolment_id,
        respondent=point.respondent,
        kind=point.kind,
        due_on=point.due_on,
        scores=scores,
        intake_id=intake.pk if intake else None,
        changes=changes,
    )


@transaction.atomic
def refresh_summaries(*, time_point: TimePoint) -> list[ResponseSummary]:
    """Rebuild the summaries of the person this time point belongs to (every
    point of the series, since an intake changes every later row)."""
    series = Response.objects.filter(
        time_point__enrolment_id=time_point.enrolment_id,
        time_point__respondent=time_point.respondent,
        time_point__partner_id=time_point.partner_id,
    )
    ResponseSummary.objects.filter(response__in=series).delete()
    rows = build_summaries(
        series.complete().select_related("time_point").order_by("pk")
    )
    return ResponseSummary.objects.bulk_create(rows)


@transaction.atomic
def rebuild_summaries(*, organisation_id: int | None = None) -> int:
    """Rebuild every summary of one organisation, or of all: set-wise SQL on
    PostgreSQL (a few seconds for 200,000 responses), row by row elsewhere.
    Idempotent; returns how many rows there are now."""
    complete = Response.objects.complete()
    table = connection.ops.quote_name(ResponseSummary._meta.db_table)
    # A plain DELETE: the rows an intake link points from go with it, so the
    # collector's fetch of every row (to clear those links) is not needed.
    with connection.cursor() as cursor:
        if organisation_id is None:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        else:
            complete = complete.filter(organisation_id=organisation_id)
            cursor.execute(
                f"DELETE FROM {table} WHERE organisation_id = %s",  # noqa: S608
                [organisation_id],
            )
    if connection.vendor != "postgresql":
        rows = build_summaries(complete.select_related("time_point").iterator())
        return len(ResponseSummary.objects.bulk_create(rows, batch_size=2000))
    sql = REBUILD.format(
        summary=ResponseSummary._meta.db_table,
        response=Response._meta.db_table,
        time_point=TimePoint._meta.db_table,
        scope="" if organisation_id is None else "AND r.organisation_id = %(org)s",
    )
    params = {
        "intake": TimePointKind.INTAKE,
        "complete": Response.Status.COMPLETE,
        "org": organisation_id,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
