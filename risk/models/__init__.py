"""The risk app's records, split by sub-domain (instruments, case records, alerts)."""

from risk.models.alerts import Alert
from risk.models.assessments import RiskAnswer, RiskAssessment
from risk.models.instruments import (
    Answer,
    InstrumentItem,
    InstrumentThreshold,
    RiskInstrument,
    RiskSettings,
)
from risk.models.records import MonitoringPeriod, RiskEvent, RiskNote, Visibility

__all__ = [
    "Alert",
    "Answer",
    "InstrumentItem",
    "InstrumentThreshold",
    "MonitoringPeriod",
    "RiskAnswer",
    "RiskAssessment",
    "RiskEvent",
    "RiskInstrument",
    "RiskNote",
    "RiskSettings",
    "Visibility",
]
