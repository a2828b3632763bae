"""Erasing one person's records: what is deleted, what is blanked, what is kept.

Every function here runs inside the caller's transaction and writes with
`QuerySet.update()` and `delete()`, so that no new history row is written with
the values being erased; the history rows already kept are deleted explicitly
(django-simple-history's tables are ordinary tables, and a person's old name
lives on in them otherwise).

What stays is what reports count: the man's and the woman's own rows become
anonymised stubs (`is_anonymised`), rows attached to them keep their codes and
statuses with free text blanked and dates moved to the first of their month.
docs/decisions/0009-retention-and-erasure.md gives the reasons.
"""

import uuid
from collections import Counter
from datetime import datetime, time

from django.db.models import Case, DateField, DateTimeField, F, Max, Q, Value, When
from django.db.models.functions import Trunc
from django.utils import timezone

from accounts.models import AccessLog
from outcomes.models import Response
from participants.models import (
    CaseNote,
    CaseNoteDraft,
    Child,
    Participant,
    StatusChange,
)
from partner_contact.models import (
    Consent,
    Partner,
    PartnerContact,
    Relationship,
    SafetyPlan,
)
from programmes.models import Attendance, Enrolment, ExitReport, Session
from referrals.models import (
    InformationShare,
    OnwardReferral,
    Referral,
    ReferralDecision,
)
from retention import attached
from risk.models import (
    Alert,
    MonitoringPeriod,
    RiskAnswer,
    RiskAssessment,
    RiskEvent,
    RiskNote,
)

# Kept where a constraint requires some text (a reason for sharing without
# consent, a reason for professional judgement): a dash, in no language.
ERASED_TEXT = "—"


def month_of(field: str, *, timestamp: bool = False):
    """The field's value moved to the first day of its month (SQL, for update())."""
    output = DateTimeField() if timestamp else DateField()
    return Trunc(F(field), "month", output_field=output)


def anonymous_reference() -> str:
    """A new reference for a stub, unrelated to the one on paper or in e-mails."""
    return f"ANON-{uuid.uuid4().hex[:10]}"


def _label(model) -> str:
    return model._meta.label


def _delete_history(counts: Counter, model, query: Q) -> None:
    """Delete the history rows of `model` matching `query`; count them."""
    deleted = model.history.model.objects.filter(query).delete()[0]
    if deleted:
        counts[f"{_label(model)}#history"] += deleted


# A man's case --------------------------------------------------------------


def blank_his_records(participant_id: int) -> Counter:
    """Blank the free text and coarsen the dates of every record of his case."""
    counts = Counter()
    mine = Q(participant_id=participant_id)
    counts[_label(Child)] = Child.objects.filter(mine).update(
        name="", contact_arrangements="", social_worker_agency=""
    )
    counts[_label(CaseNote)] = CaseNote.objects.filter(mine).update(
        body="", occurred_on=month_of("occurred_on"), submission_token=None
    )
    counts[_label(CaseNoteDraft)] = CaseNoteDraft.objects.filter(mine).delete()[0]
    counts[_label(StatusChange)] = StatusChange.objects.filter(mine).update(
        note="", effective_on=month_of("effective_on")
    )
    counts[_label(Enrolment)] = Enrolment.objects.filter(mine).update(
        is_anonymised=True,
        start_date=month_of("start_date"),
        end_date=month_of("end_date"),
    )
    counts[_label(ExitReport)] = ExitReport.objects.filter(mine).update(
        progress_summary="", ended_on=month_of("ended_on")
    )
    counts[_label(Attendance)] = Attendance.objects.filter(mine).update(note="")
    counts[_label(Session)] = Session.objects.filter(mine).update(
        cancellation_reason=""
    )
    counts.update(blank_referrals(Referral.objects.filter(mine)))
    counts.update(_blank_sharing(mine))
    counts[_label(RiskNote)] = RiskNote.objects.filter(mine).update(
        text=ERASED_TEXT, partner_words=""
    )
    counts[_label(RiskEvent)] = RiskEvent.objects.filter(mine).update(
        summary="", occurred_on=month_of("occurred_on")
    )
    counts[_label(Alert)] = Alert.objects.filter(
        event__participant_id=participant_id
    ).update(
        # A resolved alert needs its note (a constraint): a dash stands in for it.
        resolution_note=Case(
            When(status=Alert.Status.RESOLVED, then=Value(ERASED_TEXT)),
            default=Value(""),
        )
    )
    # A judged level needs a reason (a constraint): a dash stands in for it.
    counts[_label(RiskAssessment)] = RiskAssessment.objects.filter(mine).update(
        judgement_reason=Case(
            When(judgement_level="", then=Value("")), default=Value(ERASED_TEXT)
        )
    )
    RiskAnswer.objects.filter(assessment__participant_id=participant_id).update(
        comment=""
    )
    return counts


def blank_referrals(referrals) -> Counter:
    """Turn referrals in into anonymised stubs that the referral funnel still counts."""
    counts = Counter()
    ids = list(referrals.values_list("pk", flat=True))
    if not ids:
        return counts
    counts[_label(ReferralDecision)] = ReferralDecision.objects.filter(
        referral_id__in=ids
    ).update(note="", decided_on=month_of("decided_on"))
    counts[_label(Referral)] = Referral.objects.filter(pk__in=ids).update(
        is_anonymised=True,
        referrer_name="",
        referrer_contact="",
        reason="",
        first_name="",
        last_name="",
        date_of_birth=None,
        phone="",
        email="",
        address="",
        partner_known="",
        children_known="",
        received_on=month_of("received_on"),
        status_changed_on=month_of("status_changed_on"),
        created_at=month_of("created_at", timestamp=True),
        updated_at=month_of("created_at", timestamp=True),
    )
    _delete_history(counts, Referral, Q(id__in=ids))
    return counts


def _blank_sharing(about: Q) -> Counter:
    """Onward referrals and information shares about one person keep their kind,
    agency, basis and outcome, and lose what was written."""
    counts = Counter()
    counts[_label(OnwardReferral)] = OnwardReferral.objects.filter(about).update(
        reason="",
        information_shared="",
        reason_without_consent=ERASED_TEXT,
        outcome_note="",
        judgement_narrative="",
    )
    counts[_label(InformationShare)] = InformationShare.objects.filter(about).update(
        what_shared="", reason_without_consent=ERASED_TEXT
    )
    return counts


def delete_his_history(participant_id: int) -> Counter:
    """Delete every history row of his case, including rows of records already
    deleted (they keep his id in their participant column)."""
    counts = Counter()
    mine = Q(participant_id=participant_id)
    _delete_history(counts, Participant, Q(id=participant_id))
    for model in (
        Child,
        CaseNote,
        Enrolment,
        ExitReport,
        Attendance,
        Session,
        Referral,
        OnwardReferral,
        InformationShare,
        RiskNote,
        RiskAssessment,
        Relationship,
    ):
        _delete_history(counts, model, mine)
    events = set(RiskEvent.objects.filter(mine).values_list("pk", flat=True))
    events |= set(
        RiskEvent.history.model.objects.filter(mine).values_list("id", flat=True)
    )
    _delete_history(counts, RiskEvent, Q(id__in=events))
    _delete_history(counts, Alert, Q(event_id__in=events))
    _delete_history(counts, MonitoringPeriod, mine)
    return counts


def anonymise_participant(participant_id: int) -> int:
    """Blank his own row: the stub keeps status, risk level and month dates."""
    return Participant.objects.filter(pk=participant_id).update(
        is_anonymised=True,
        uuid=uuid.uuid4(),
        reference=anonymous_reference(),
        first_name="",
        last_name="",
        date_of_birth=None,
        phone="",
        email="",
        address="",
        processing_restriction_reason="",
        consent_recorded_on=month_of("consent_recorded_on"),
        status_changed_on=month_of("status_changed_on"),
        follow_up_until=month_of("follow_up_until"),
        risk_level_assessed_on=month_of("risk_level_assessed_on"),
        created_at=month_of("created_at", timestamp=True),
        updated_at=month_of("created_at", timestamp=True),
    )


def erase_participant_rows(participant_id: int) -> Counter:
    """Erase a man's case: his row, everything attached and its history."""
    counts = blank_his_records(participant_id)
    counts.update(attached.blank_attached(attached.HIS, participant_id))
    counts.update(delete_his_history(participant_id))
    counts[_label(Participant)] = anonymise_participant(participant_id)
    return +counts


# A woman's record -----------------------------------------------------------


def blank_her_records(partner_id: int) -> Counter:
    """Blank what she said and what was planned with her; keep the counts."""
    counts = Counter()
    hers = Q(partner_id=partner_id)
    counts[_label(PartnerContact)] = PartnerContact.objects.filter(hers).update(
        summary="",
        disclosure="",
        told_her=[],
        risk_events=[],
        referrals_made=[],
        next_contact_due=None,
        occurred_at=month_of("occurred_at", timestamp=True),
        created_at=month_of("occurred_at", timestamp=True),
    )
    counts[_label(SafetyPlan)] = SafetyPlan.objects.filter(hers).update(
        plan="", review_on=month_of("review_on")
    )
    counts[_label(Consent)] = Consent.objects.filter(hers).update(scope="")
    counts[_label(Relationship)] = Relationship.objects.filter(hers).count()
    counts.update(_blank_sharing(hers))
    # His records that quote her: the programme keeps that a note or event
    # existed, not her words.
    from_her = Q(partner_contact__partner_id=partner_id)
    counts["risk.RiskNote (her words)"] = RiskNote.objects.filter(from_her).update(
        text=ERASED_TEXT, partner_words=""
    )
    counts["risk.RiskEvent (from her)"] = RiskEvent.objects.filter(from_her).update(
        summary=""
    )
    return counts


def delete_her_history(partner_id: int) -> Counter:
    """Delete every history row of her record and of his records that quote her."""
    counts = Counter()
    hers = Q(partner_id=partner_id)
    _delete_history(counts, Partner, Q(id=partner_id))
    for model in (
        PartnerContact,
        SafetyPlan,
        Consent,
        Relationship,
        OnwardReferral,
        InformationShare,
    ):
        _delete_history(counts, model, hers)
    contacts = set(PartnerContact.objects.filter(hers).values_list("pk", flat=True))
    contacts |= set(
        PartnerContact.history.model.objects.filter(hers).values_list("id", flat=True)
    )
    _delete_history(counts, RiskNote, Q(partner_contact_id__in=contacts))
    _delete_history(counts, RiskEvent, Q(partner_contact_id__in=contacts))
    return counts


def anonymise_partner(partner_id: int) -> int:
    """Blank her own row, encrypted details included; the stub keeps her language
    and month dates for the reports."""
    updated = Partner.objects.filter(pk=partner_id).update(
        is_anonymised=True,
        uuid=uuid.uuid4(),
        name="",
        date_of_birth=None,
        area="",
        phone="",
        email="",
        address="",
        safe_contact_notes="",
        safe_weekdays=[],
        safe_from=None,
        safe_until=None,
        safe_channels=[],
        code_word="",
        if_someone_else_answers="",
        do_not_contact=False,
        do_not_contact_reason="",
        processing_restriction_reason="",
        status_changed_on=month_of("status_changed_on"),
        created_at=month_of("created_at", timestamp=True),
        updated_at=month_of("created_at", timestamp=True),
    )
    # Her contact summary is derived from the contacts, whose dates just moved.
    Partner.objects.filter(pk=partner_id).refresh_contact_summary()
    return updated


def erase_partner_rows(partner_id: int) -> Counter:
    """Erase a woman's record: her row, her contacts and plans, and their history."""
    counts = blank_her_records(partner_id)
    counts.update(attached.blank_attached(attached.HERS, partner_id))
    counts.update(delete_her_history(partner_id))
    counts[_label(Partner)] = anonymise_partner(partner_id)
    return +counts


# A referral that led nowhere ------------------------------------------------


def erase_referral_rows(referral_id: int) -> Counter:
    """Erase a declined or withdrawn referral that never became a case."""
    return +blank_referrals(Referral.objects.filter(pk=referral_id))


# Kinds erased in bulk -------------------------------------------------------


def stale_drafts(organisation_id: int, before) -> dict:
    """{model: its drafts not touched since `before`}: case notes being typed,
    and outcome questionnaires autosaved but never completed."""
    since = start_of(before)
    return {
        CaseNoteDraft: CaseNoteDraft.objects.filter(
            organisation_id=organisation_id, updated_at__lt=since
        ),
        Response: Response.objects.filter(
            organisation_id=organisation_id,
            status=Response.Status.DRAFT,
            updated_at__lt=since,
        ),
    }


def delete_drafts(organisation_id: int, before) -> Counter:
    """Delete drafts not touched since `before`; counted by kind of draft (a
    questionnaire draft's answers go with it, by cascade)."""
    counts = Counter()
    for model, drafts in stale_drafts(organisation_id, before).items():
        deleted = drafts.delete()[1].get(_label(model), 0)
        if deleted:
            counts[_label(model)] = deleted
    return counts


def delete_access_log(organisation_id: int, before) -> Counter:
    """Delete access-log entries older than `before`."""
    deleted = AccessLog.objects.filter(
        organisation_id=organisation_id, at__lt=start_of(before)
    ).delete()[0]
    return Counter({_label(AccessLog): deleted}) if deleted else Counter()


def start_of(day) -> datetime:
    """The first moment of a day, in the current time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def old_history_rows(model, organisation_id: int, before):
    """History rows of `model` older than the day `before`, except each record's
    newest (the history page still says who last changed a record)."""
    history = model.history.model.objects.filter(organisation_id=organisation_id)
    newest = (
        history.order_by()
        .values("id")
        .annotate(newest=Max("history_id"))
        .values("newest")
    )
    return history.filter(history_date__lt=start_of(before)).exclude(
        history_id__in=newest
    )


def delete_old_history(models, organisation_id: int, before) -> Counter:
    """Delete history rows older than `before`, model by model."""
    counts = Counter()
    for model in models:
        deleted = old_history_rows(model, organisation_id, before).delete()[0]
        if deleted:
            counts[f"{_label(model)}#history"] = deleted
    return counts
