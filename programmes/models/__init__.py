"""Programmes, groups, sessions, enrolments, attendance and exit reports.

Split by sub-domain: the curriculum (programmes, modules), groups and their
sessions, enrolments with their outcomes and exit reports, attendance. Import
from `programmes.models`.
"""

from programmes.models.attendance import Attendance, AttendanceQuerySet
from programmes.models.curriculum import Module, OrganisationQuerySet, Programme
from programmes.models.enrolments import (
    OUTCOME_STATUS,
    Enrolment,
    EnrolmentQuerySet,
    ExitReport,
    ExitReportQuerySet,
)
from programmes.models.groups import Group, GroupQuerySet, Session, SessionQuerySet

__all__ = [
    "OUTCOME_STATUS",
    "Attendance",
    "AttendanceQuerySet",
    "Enrolment",
    "EnrolmentQuerySet",
    "ExitReport",
    "ExitReportQuerySet",
    "Group",
    "GroupQuerySet",
    "Module",
    "OrganisationQuerySet",
    "Programme",
    "Session",
    "SessionQuerySet",
]
