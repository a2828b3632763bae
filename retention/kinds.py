"""The kinds of record the retention schedule covers, each listed explicitly:
its default period, when its clock starts, how to find what is due, and how to
erase it (retention/erasure.py does the row work).

A kind is either about one subject (a man's case, a woman's record, a referral
that led nowhere), erased one subject per transaction, or erased in bulk
(drafts, access-log entries, old history rows), one transaction for the lot.
A new app that holds personal data adds its kind here and its declaration to
retention/processing.py (tests/retention/test_processing.py fails until it does).
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Greatest, TruncDate
from django.utils.translation import gettext_lazy as _

from accounts.models import AccessLog
from participants.models import CaseNote, Child, Participant
from partner_contact.case_lifecycle import PartnerStatus
from partner_contact.models import (
    Consent,
    Partner,
    PartnerContact,
    Relationship,
    SafetyPlan,
)
from programmes.models import Attendance, Enrolment, ExitReport, Session
from referrals.models import Agency, InformationShare, OnwardReferral, Referral
from retention import attached, erasure
from retention.models import LegalHold, RecordKind
from risk.models import Alert, MonitoringPeriod, RiskAssessment, RiskEvent, RiskNote

# Every model with change history, for the "history rows" kind (with those of
# retention/attached.py, named by label).
HISTORY_MODELS = (
    Participant,
    Child,
    CaseNote,
    Enrolment,
    ExitReport,
    Attendance,
    Session,
    Partner,
    PartnerContact,
    SafetyPlan,
    Consent,
    Relationship,
    Referral,
    Agency,
    OnwardReferral,
    InformationShare,
    RiskNote,
    RiskEvent,
    MonitoringPeriod,
    Alert,
    RiskAssessment,
)


def history_models() -> list:
    """Every model whose old history rows the "history rows" rule prunes."""
    return [*HISTORY_MODELS, *attached.history_models()]


def cutoff_for(today: date, months: int) -> date:
    """The last day a clock may have started on for its record to be due."""
    return today - relativedelta(months=months)


# Finding what is due ---------------------------------------------------------


def held_duration():
    """How long the man's lifted legal holds lasted in all: his clock stood
    still for that long (an active hold keeps him out altogether)."""
    lifted = (
        LegalHold.objects.filter(participant=OuterRef("pk"), lifted_at__isnull=False)
        .order_by()
        .values("participant")
        .annotate(
            held=Sum(
                ExpressionWrapper(
                    F("lifted_at") - F("placed_at"), output_field=DurationField()
                )
            )
        )
        .values("held")
    )
    return Coalesce(
        Subquery(lifted, output_field=DurationField()),
        Value(timedelta(0)),
        output_field=DurationField(),
    )


def closed_cases_due(organisation_id: int, cutoff: date) -> QuerySet:
    """Men whose case closed on or before the cutoff (later by the time any
    legal hold lasted), not anonymised, with no legal hold in force, no
    restriction of processing and no data-protection request open."""
    active_hold = LegalHold.objects.active().filter(participant=OuterRef("pk"))
    return (
        Participant.objects.filter(
            organisation_id=organisation_id,
            status=Participant.Status.CLOSED,
            is_anonymised=False,
            # A restricted record is only stored (art. 18), not erased on schedule.
            processing_restricted_at__isnull=True,
            status_changed_on__lte=cutoff,
        )
        .exclude(Exists(active_hold))
        .exclude(pk__in=attached.with_open_requests("participant_id"))
        .annotate(
            clock_started=Cast(
                ExpressionWrapper(
                    F("status_changed_on") + held_duration(),
                    output_field=DateField(),
                ),
                DateField(),
            )
        )
        .filter(clock_started__lte=cutoff)
    )


def partners_due(organisation_id: int, cutoff: date) -> QuerySet:
    """Women whose last contact, her own case's last move, and the closure of
    every man's case she is linked to, are all on or before the cutoff; never
    while her case is in contact or support, or one of his cases is open or
    under a legal hold."""
    links = Relationship.objects.filter(partner=OuterRef("pk"))
    open_case = links.exclude(participant__status=Participant.Status.CLOSED)
    held_case = links.filter(
        participant_id__in=LegalHold.objects.active().values("participant_id")
    )
    last_closure = (
        links.order_by()
        .values("partner")
        .annotate(last=Max("participant__status_changed_on"))
        .values("last")
    )
    created = TruncDate("created_at")
    # Her own case in contact or support is never due, however old its contacts.
    active = [PartnerStatus.IN_CONTACT, PartnerStatus.ENGAGED]
    return (
        Partner.objects.filter(
            organisation_id=organisation_id,
            is_anonymised=False,
            processing_restricted_at__isnull=True,
        )
        .exclude(Exists(open_case))
        .exclude(Exists(held_case))
        .exclude(pk__in=attached.with_open_requests("partner_id"))
        .exclude(status__in=active)
        .annotate(
            clock_started=Greatest(
                created,
                Coalesce(TruncDate("last_contact_at"), created),
                Coalesce(F("status_changed_on"), created),
                Coalesce(Subquery(last_closure, output_field=DateField()), created),
                output_field=DateField(),
            )
        )
        .filter(clock_started__lte=cutoff)
    )


def declined_referrals_due(organisation_id: int, cutoff: date) -> QuerySet:
    """Referrals declined or withdrawn on or before the cutoff that never became
    a case."""
    return Referral.objects.filter(
        organisation_id=organisation_id,
        status__in=[Referral.Status.DECLINED, Referral.Status.WITHDRAWN],
        participant__isnull=True,
        is_anonymised=False,
        status_changed_on__lte=cutoff,
    ).annotate(clock_started=F("status_changed_on"))


# Counting what an item holds, for the reviewer --------------------------------


def _counted(model, field: str, ids: list[int]) -> dict[int, int]:
    """How many rows of `model` each subject has (one grouped query)."""
    rows = (
        model.objects.filter(**{f"{field}__in": ids})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
    )
    return {row[field]: row["n"] for row in rows}


def his_counts(ids: list[int]) -> dict[int, dict[str, int]]:
    """For each man, how many records of each main kind his case holds."""
    per_model = {
        model._meta.label: _counted(model, "participant_id", ids)
        for model in (
            Child,
            CaseNote,
            Enrolment,
            Attendance,
            Referral,
            RiskAssessment,
            RiskEvent,
            RiskNote,
            OnwardReferral,
        )
    }
    return {
        pk: {label: found[pk] for label, found in per_model.items() if pk in found}
        for pk in ids
    }


def her_counts(ids: list[int]) -> dict[int, dict[str, int]]:
    """For each woman, how many contacts, plans and consents her record holds."""
    per_model = {
        model._meta.label: _counted(model, "partner_id", ids)
        for model in (PartnerContact, SafetyPlan, Consent, Relationship)
    }
    return {
        pk: {label: found[pk] for label, found in per_model.items() if pk in found}
        for pk in ids
    }


def referral_counts(ids: list[int]) -> dict[int, dict[str, int]]:
    return {pk: {Referral._meta.label: 1} for pk in ids}


def enquiry_counts(ids: list[int]) -> dict[int, dict[str, int]]:
    return {pk: {"enquiries.Enquiry": 1} for pk in ids}


def enquiry_reference(enquiry) -> str:
    return f"E-{str(enquiry.uuid)[:8]}"


def his_reference(man: Participant) -> str:
    return man.reference


def her_reference(woman: Partner) -> str:
    # She has no case reference: the start of her record's UUID stands in.
    return f"W-{str(woman.uuid)[:8]}"


def referral_reference(referral: Referral) -> str:
    return f"R-{str(referral.uuid)[:8]}"


# The registry ---------------------------------------------------------------


@dataclass(frozen=True)
class SubjectKind:
    """A kind of record erased one subject (a case, a record) at a time."""

    code: str
    default_months: int
    clock: str
    # None while the kind's app is not installed.
    find_due: Callable[[int, date], QuerySet | None]
    counts: Callable[[list[int]], dict[int, dict[str, int]]]
    reference: Callable[[object], str]


@dataclass(frozen=True)
class BulkKind:
    """A kind of record erased in bulk, all that is due at once."""

    code: str
    default_months: int
    clock: str
    count_due: Callable[[int, date], Counter]
    erase: Callable[[int, date], Counter]


def _count_drafts(organisation_id: int, cutoff: date) -> Counter:
    counts = Counter()
    for model, drafts in erasure.stale_drafts(organisation_id, cutoff).items():
        n = drafts.count()
        if n:
            counts[model._meta.label] = n
    return counts


def _erase_drafts(organisation_id: int, cutoff: date) -> Counter:
    return erasure.delete_drafts(organisation_id, cutoff)


def _count_access_log(organisation_id: int, cutoff: date) -> Counter:
    n = AccessLog.objects.filter(
        organisation_id=organisation_id, at__lt=erasure.start_of(cutoff)
    ).count()
    return Counter({AccessLog._meta.label: n}) if n else Counter()


def _erase_access_log(organisation_id: int, cutoff: date) -> Counter:
    return erasure.delete_access_log(organisation_id, cutoff)


def _count_history(organisation_id: int, cutoff: date) -> Counter:
    counts = Counter()
    for model in history_models():
        n = erasure.old_history_rows(model, organisation_id, cutoff).count()
        if n:
            counts[f"{model._meta.label}#history"] = n
    return counts


def _erase_history(organisation_id: int, cutoff: date) -> Counter:
    return erasure.delete_old_history(history_models(), organisation_id, cutoff)


SUBJECT_KINDS: dict[str, SubjectKind] = {
    RecordKind.CLOSED_CASE: SubjectKind(
        code=RecordKind.CLOSED_CASE,
        default_months=72,
        clock=_("after his case was closed"),
        find_due=closed_cases_due,
        counts=his_counts,
        reference=his_reference,
    ),
    RecordKind.PARTNER_RECORD: SubjectKind(
        code=RecordKind.PARTNER_RECORD,
        default_months=72,
        clock=_(
            "after her last contact, her own case's last move or the closure of "
            "the case she is linked to, whichever is later"
        ),
        find_due=partners_due,
        counts=her_counts,
        reference=her_reference,
    ),
    RecordKind.DECLINED_REFERRAL: SubjectKind(
        code=RecordKind.DECLINED_REFERRAL,
        default_months=3,
        clock=_("after it was declined or withdrawn"),
        find_due=declined_referrals_due,
        counts=referral_counts,
        reference=referral_reference,
    ),
    RecordKind.ENQUIRY: SubjectKind(
        code=RecordKind.ENQUIRY,
        default_months=12,
        clock=_("after it was closed, when it never led to a record of hers"),
        find_due=attached.enquiries_due,
        counts=enquiry_counts,
        reference=enquiry_reference,
    ),
}

BULK_KINDS: dict[str, BulkKind] = {
    RecordKind.DRAFT: BulkKind(
        code=RecordKind.DRAFT,
        default_months=1,
        clock=_("after it was last changed"),
        count_due=_count_drafts,
        erase=_erase_drafts,
    ),
    RecordKind.ACCESS_LOG: BulkKind(
        code=RecordKind.ACCESS_LOG,
        default_months=36,
        clock=_("after the access"),
        count_due=_count_access_log,
        erase=_erase_access_log,
    ),
    RecordKind.HISTORY: BulkKind(
        code=RecordKind.HISTORY,
        default_months=72,
        clock=_("after the change (the newest row of each record is kept)"),
        count_due=_count_history,
        erase=_erase_history,
    ),
}


def kind(code: str) -> SubjectKind | BulkKind:
    """The registry entry of a schedule kind."""
    return SUBJECT_KINDS.get(code) or BULK_KINDS[code]


def scheduled_codes() -> list[str]:
    """Every kind the schedule sets a period for, in the schedule's order."""
    return [*SUBJECT_KINDS, *BULK_KINDS]


def erase_subject(code: str, subject_id: int) -> Counter:
    """Erase one subject of a subject kind (the caller holds the transaction)."""
    if code == RecordKind.CLOSED_CASE:
        return erasure.erase_participant_rows(subject_id)
    if code == RecordKind.PARTNER_RECORD:
        return erasure.erase_partner_rows(subject_id)
    if code == RecordKind.DECLINED_REFERRAL:
        return erasure.erase_referral_rows(subject_id)
    if code == RecordKind.ENQUIRY:
        return attached.erase_enquiry(subject_id)
    raise ValueError(code)
