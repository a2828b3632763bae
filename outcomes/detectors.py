"""The outcome detector: a window that closed with nothing recorded.

Run daily by outcomes.tasks.run_outcome_schedule (config/settings/base.py). Risk
never imports outcomes, so the detector is not registered with risk's runner: it
finds its time points here and writes events and alerts through risk's outbox.
"""

from datetime import date, datetime
from typing import NamedTuple

from django.db import connection, transaction
from django.utils.translation import gettext_noop

from outcomes.models import Respondent, TimePoint, TimePointKind
from risk.bulk import collector_paused
from risk.events import Detection
from risk.models import RiskEvent, Visibility
from risk.outbox import Recorded, record_events
from risk.words import Words

DETECTOR_NAME = "outcome_questionnaire_missed"


def missed_summary(*, hers: bool, kind: str) -> Words:
    """What the event says, written in the organisation's language (risk.words)."""
    return Words.of(
        gettext_noop(
            "Her outcome questionnaire (%(kind)s) was missed: its window closed."
        )
        if hers
        else gettext_noop(
            "His outcome questionnaire (%(kind)s) was missed: its window closed."
        ),
        kind=TimePointKind(kind).label,
    )


def missed_detection(
    time_point: "TimePoint | Missed", summary: Words | None = None
) -> Detection:
    """Key outcome-missed:<time point>: one event per missed time point, ever.
    `summary` is missed_summary's, when the caller has it already. His reaches
    his caseworker; hers names her, so it reaches her own partner-support worker
    (risk.outbox), not the workers of his other partners."""
    hers = time_point.respondent == Respondent.PARTNER
    if summary is None:
        summary = missed_summary(hers=hers, kind=time_point.kind)
    return Detection(
        organisation_id=time_point.organisation_id,
        participant_id=time_point.participant_id,
        # Hers names her; his has none (partner_time_point_names_her).
        partner_id=time_point.partner_id,
        kind=(
            RiskEvent.Kind.HER_QUESTIONNAIRE_MISSED
            if hers
            else RiskEvent.Kind.HIS_QUESTIONNAIRE_MISSED
        ),
        occurred_on=time_point.closes_on,
        dedup_key=f"outcome-missed:{time_point.pk}",
        summary=summary,
        # The firewall: that her questionnaire was missed stays with partner support.
        visibility=Visibility.PARTNER_SUPPORT_ONLY if hers else Visibility.PROGRAMME,
        detector=DETECTOR_NAME,
    )


# Marks the closed windows missed and returns them, in one statement: only the
# rows this statement moves from pending are this run's (a run at the same time
# waits for the row, finds it no longer pending and leaves it).
CLAIM_MISSED = """
    UPDATE {time_point} SET status = %s, settled_at = %s
    WHERE status = %s AND closes_on < %s {scope}
    RETURNING id, organisation_id, participant_id, partner_id, respondent, kind,
              closes_on
"""


class Missed(NamedTuple):
    """A time point just marked missed: the fields its event needs."""

    pk: int
    organisation_id: int
    participant_id: int
    partner_id: int | None
    respondent: str
    kind: str
    closes_on: date


def claim_missed(
    *, today: date, now: datetime, organisation_ids: set[int] | None
) -> list[Missed]:
    """Mark missed the pending time points whose window closed before today;
    the ones marked, in the order of their ids."""
    scope, params = "", []
    if organisation_ids is not None:
        if not organisation_ids:
            return []
        marks = ", ".join(["%s"] * len(organisation_ids))
        scope, params = f"AND organisation_id IN ({marks})", sorted(organisation_ids)
    sql = CLAIM_MISSED.format(
        time_point=connection.ops.quote_name(TimePoint._meta.db_table), scope=scope
    )
    status = TimePoint.Status
    with connection.cursor() as cursor:
        cursor.execute(sql, [status.MISSED, now, status.PENDING, today, *params])
        rows = cursor.fetchall()
    return sorted((Missed(*row) for row in rows), key=lambda point: point.pk)


@transaction.atomic
def detect_missed_time_points(
    *,
    today: date,
    now: datetime,
    deliver: bool = True,
    organisation_ids: set[int] | None = None,
) -> Recorded:
    """Mark missed every pending time point whose window closed before today and
    alert its collector. Idempotent: only rows this run moves from pending are
    reported, and the event key refuses a second event for the same point.
    `organisation_ids` limits the run to the organisations whose date `today` is."""
    claimed = claim_missed(today=today, now=now, organisation_ids=organisation_ids)
    if not claimed:
        return Recorded()
    # The detections and their writes are one bulk write (risk.bulk).
    with collector_paused(len(claimed)):
        # Ten texts at most (his or hers, five kinds): said once each, not per point.
        summaries = {}
        detections = []
        for point in claimed:
            hers = point.respondent == Respondent.PARTNER
            if (hers, point.kind) not in summaries:
                summaries[(hers, point.kind)] = missed_summary(
                    hers=hers, kind=point.kind
                )
            detections.append(missed_detection(point, summaries[(hers, point.kind)]))
        return record_events(detections, now=now, deliver=deliver)
