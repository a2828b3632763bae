"""How detectors are registered, and what they share: look-back windows, settings.

`@detector` is the one registration: a decorated function runs every 15 minutes
(risk.tasks.run_detectors) and its name goes on each event it finds
(`RiskEvent.detector`). risk.rules.DETECTORS puts the registered detectors in the
order they run: by module (risk.rules.RUN_ORDER), then by definition.
"""

import functools
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta

from accounts.calendar import organisations_by_local_date
from accounts.models import Organisation
from risk.events import Detection
from risk.models import RiskEvent, RiskSettings

Detector = Callable[..., list[Detection]]

# Every registered detector, in the order of definition.
REGISTERED: list[Detector] = []

# How far back a detector looks for facts still worth an alert.
RECENT = timedelta(days=30)
SEPARATION_RECENT = timedelta(days=90)
ABSENCE_WINDOW = timedelta(days=56)
YEAR = timedelta(days=365)


def detector(find: Detector) -> Detector:
    """Register a detector; what it finds carries its name."""

    @functools.wraps(find)
    def run(*, today: date | None = None, now: datetime) -> list[Detection]:
        return [
            named(found, find.__name__)
            for day, organisations in days_to_run(today, now).items()
            for found in find(today=day, now=now)
            if organisations is None or found.organisation_id in organisations
        ]

    REGISTERED.append(run)
    return run


def days_to_run(today: date | None, now: datetime) -> dict[date, set[int] | None]:
    """The dates to run a detector for, each with the organisations it is "today"
    for: each organisation's own local date at `now`, or a given `today` for all
    (None: every organisation), as a test or a catch-up run asks."""
    if today is not None:
        return {today: None}
    return organisations_by_local_date(now)


def named(detection: Detection, name: str) -> Detection:
    """The detection with the detector's name, unless a record is its source (an
    urgent note, an assessment), whose event is written with the record itself."""
    if detection.source != RiskEvent.Source.DETECTOR:
        return detection
    return replace(detection, detector=name)


def settings_for_all() -> dict[int, RiskSettings]:
    """Every organisation's risk settings (defaults where none are saved)."""
    return RiskSettings.by_organisation(
        list(Organisation.objects.values_list("pk", flat=True))
    )
