"""Outcome monitoring: questionnaires as versioned data, time points, responses."""

from outcomes.models.questionnaires import (
    SPECIAL_ANSWERS,
    AnswerScale,
    Domain,
    Item,
    Questionnaire,
    QuestionnaireLocked,
    Respondent,
    SpecialAnswer,
    TimePointKind,
)
from outcomes.models.responses import Answer, Response
from outcomes.models.schedule import OutcomeSettings, TimePoint
from outcomes.models.summaries import ResponseSummary

__all__ = [
    "SPECIAL_ANSWERS",
    "Answer",
    "AnswerScale",
    "Domain",
    "Item",
    "OutcomeSettings",
    "Questionnaire",
    "QuestionnaireLocked",
    "Respondent",
    "Response",
    "ResponseSummary",
    "SpecialAnswer",
    "TimePoint",
    "TimePointKind",
]
