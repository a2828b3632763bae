"""Detectors that find again what a record wrote with itself (an urgent note, a
raised level): the safety net if that write's event was ever lost."""

from datetime import date, datetime

from django.db.models import Case, F, IntegerField, Value, When, Window
from django.db.models.functions import Lag

from risk.events import Detection, level_raised_detection, urgent_note_detection
from risk.models import RiskAssessment, RiskNote
from risk.models.assessments import LEVEL_RANK
from risk.rules.registry import RECENT, detector


@detector
def detect_urgent_notes(*, today: date, now: datetime) -> list[Detection]:
    """An urgent risk note from the last 30 days.

    Idempotent by the key urgent-note:<note>, as written when the note is saved.
    """
    return [
        urgent_note_detection(note)
        for note in RiskNote.objects.filter(
            severity=RiskNote.Severity.URGENT, created_at__gte=now - RECENT
        ).only(
            "pk",
            "organisation_id",
            "participant_id",
            "created_at",
            "visibility",
            # An urgent concern from a session is keyed by its session (and
            # summarised in its words): risk.events.session_concern_detection.
            "source",
            "session",
            "author",
            "severity",
            "text",
        )
    ]


@detector
def detect_level_rises(*, today: date, now: datetime) -> list[Detection]:
    """An assessment (last 30 days) whose level is above the one before it.

    Idempotent by the key level-rise:<assessment>, as written when the assessment
    is saved.
    """
    # Only men assessed lately can have a recent rise, but each such man's whole
    # history is windowed, so that his first recent assessment has the one
    # before it. The rise is compared in the database, so only rises come back
    # (the whole table was windowed and every row built before: the slowest
    # detector).
    recent_men = RiskAssessment.objects.filter(created_at__gte=now - RECENT).values(
        "participant_id"
    )
    rank = Case(
        *[When(level=level, then=Value(rank)) for level, rank in LEVEL_RANK.items()],
        output_field=IntegerField(),
    )
    rows = (
        RiskAssessment.objects.filter(participant_id__in=recent_men)
        .annotate(
            rank=rank,
            previous_level=Window(
                Lag("level"),
                partition_by=[F("participant_id")],
                order_by=[F("assessed_on").asc(), F("pk").asc()],
            ),
            previous_rank=Window(
                Lag(rank),
                partition_by=[F("participant_id")],
                order_by=[F("assessed_on").asc(), F("pk").asc()],
            ),
        )
        # Only the window columns are filtered (after the window is taken), so
        # each man's whole history is seen.
        .filter(previous_rank__lt=F("rank"))
        .only(
            "pk",
            "organisation_id",
            "participant_id",
            "assessed_on",
            "level",
            "created_at",
        )
    )
    return [
        level_raised_detection(assessment, assessment.previous_level)
        for assessment in rows
        if assessment.created_at >= now - RECENT
    ]
