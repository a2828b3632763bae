"""The man's case: his record and its status, his children and their orders,
and the case notes written about him."""

from participants.models.cases import (
    CaseRecordQuerySet,
    Child,
    ChildOrder,
    ChildOrderQuerySet,
    Participant,
    ParticipantQuerySet,
    RiskLevel,
    StatusChange,
    StatusChangeQuerySet,
    reverse_related,
)
from participants.models.notes import CaseNote, CaseNoteDraft

__all__ = [
    "CaseNote",
    "CaseNoteDraft",
    "CaseRecordQuerySet",
    "Child",
    "ChildOrder",
    "ChildOrderQuerySet",
    "Participant",
    "ParticipantQuerySet",
    "RiskLevel",
    "StatusChange",
    "StatusChangeQuerySet",
    "reverse_related",
]
