"""The outcome detector: a window that closed with nothing recorded.

Run daily by outcomes.tasks.run_outcome_schedule (config/settings/base.py). Risk
never imports outcomes, so the detector is not registered with risk's runner: it
finds its time points here and writes events and alerts through risk's outbox.
"""

from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from outcomes.models import Respondent, TimePoint
from risk.events import Detection
from risk.models import RiskEvent, Visibility
from risk.outbox import Recorded, record_events

DETECTOR_NAME = "outcome_questionnaire_missed"


def missed_detection(time_point: TimePoint) -> Detection:
    """Key outcome-missed:<time point>: one event per missed time point, ever."""
    hers = time_point.respondent == Respondent.PARTNER
    summary = (
        _("Her outcome questionnaire (%(kind)s) was missed: its window closed.")
        if hers
        else _("His outcome questionnaire (%(kind)s) was missed: its window closed.")
    ) % {"kind": time_point.get_kind_display()}
    return Detection(
        organisation_id=time_point.organisation_id,
        participant_id=time_point.participant_id,
        kind=RiskEvent.Kind.OTHER,
        occurred_on=time_point.closes_on,
        dedup_key=f"outcome-missed:{time_point.pk}",
        summary=summary,
        # The firewall: that her questionnaire was missed stays with partner support.
        visibility=Visibility.PARTNER_SUPPORT_ONLY if hers else Visibility.PROGRAMME,
        detector=DETECTOR_NAME,
    )


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
    closed = TimePoint.objects.closed_before(today)
    if organisation_ids is not None:
        closed = closed.filter(organisation_id__in=organisation_ids)
    claimed = list(closed.select_for_update(skip_locked=True).order_by("pk"))
    if not claimed:
        return Recorded()
    TimePoint.objects.filter(
        pk__in=[tp.pk for tp in claimed], status=TimePoint.Status.PENDING
    ).update(status=TimePoint.Status.MISSED, settled_at=now)
    return record_events(
        [missed_detection(tp) for tp in claimed], now=now, deliver=deliver
    )
