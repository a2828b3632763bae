"""Retention's records, and a closed case with a marker in every field."""

import datetime
import itertools
from dataclasses import dataclass, field

import factory
from django.utils import timezone

from participants.models import Participant
from retention.models import ErasureBatch, LegalHold
from risk.models import Alert
from tests.accounts.factories import ManagerFactory, OrganisationFactory
from tests.participants.factories import (
    CaseNoteDraftFactory,
    CaseNoteFactory,
    ChildFactory,
    ParticipantFactory,
    StatusChangeFactory,
)
from tests.partner_contact.factories import (
    ConsentFactory,
    PartnerContactFactory,
    PartnerFactory,
    RelationshipFactory,
    SafetyPlanFactory,
)
from tests.programmes.factories import AttendanceFactory, ExitReportFactory
from tests.referrals.factories import (
    AcceptedReferralFactory,
    MaracOnwardReferralFactory,
    WomansOnwardReferralFactory,
)
from tests.risk.factories import (
    AcknowledgedAlertFactory,
    JudgedHighRiskAssessmentFactory,
    RiskEventFactory,
    RiskNoteFactory,
)


class ErasureBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ErasureBatch

    organisation = factory.SubFactory(OrganisationFactory)
    prepared_on = factory.LazyFunction(timezone.localdate)


class LegalHoldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalHold

    participant = factory.SubFactory(ParticipantFactory)
    organisation = factory.SelfAttribute("participant.organisation")
    reason = LegalHold.Reason.POLICE_REQUEST
    detail = "Request ref. PR-0001 (fictional)"
    placed_by = factory.SubFactory(
        ManagerFactory, organisation=factory.SelfAttribute("..organisation")
    )


# Each marked case's people get birth dates no other case has.
_births = itertools.count(1)

# Seven years ago: past the default six-year periods.
LONG_AGO = datetime.date.today() - datetime.timedelta(days=7 * 366)


@dataclass
class MarkedCase:
    """A closed case and the woman linked to it, each field carrying a marker."""

    man: Participant
    woman: object
    his_markers: list[str] = field(default_factory=list)
    her_markers: list[str] = field(default_factory=list)


def marked_closed_case(organisation, prefix: str, *, closed_on=LONG_AGO) -> MarkedCase:
    """A man whose case closed on `closed_on`, with everything attached and
    a partner linked to him, every identifying value starting with `prefix`."""
    m = lambda what: f"{prefix}{what}"  # noqa: E731
    n = next(_births)
    his_birth = datetime.date(1930, 1, 1) + datetime.timedelta(days=53 * n)
    her_birth = datetime.date(1930, 1, 2) + datetime.timedelta(days=53 * n)
    man = ParticipantFactory(
        organisation=organisation,
        first_name=m("hisfirst"),
        last_name=m("hislast"),
        date_of_birth=his_birth,
        phone=f"{prefix}07700111",
        email=f"{prefix}him@example.org",
        address=m("hisaddress"),
        status=Participant.Status.ACTIVE,
    )
    # A change kept in his history: his old surname lives on there.
    man.last_name = m("hislastrenamed")
    man.save()
    worker = man.caseworker
    ChildFactory(
        participant=man,
        name=m("childname"),
        contact_arrangements=m("contactarr"),
    )
    note = CaseNoteFactory(participant=man, body=m("casenote"))
    note.body = m("casenoteedited")
    note.save()
    CaseNoteDraftFactory(participant=man, author=worker, body=m("draftnote"))
    StatusChangeFactory(participant=man, note=m("statusnote"))
    attendance = AttendanceFactory(participant=man, note=m("attendnote"))
    ExitReportFactory(
        enrolment__participant=man,
        enrolment__group=attendance.session.group,
        enrolment__organisation=organisation,
        progress_summary=m("progress"),
    )
    AcceptedReferralFactory(
        organisation=organisation,
        participant=man,
        first_name=m("reffirst"),
        last_name=m("reflast"),
        reason=m("refreason"),
        partner_known=m("refpartner"),
        children_known=m("refchildren"),
        address=m("refaddress"),
        received_on=closed_on - datetime.timedelta(days=400),
    )
    MaracOnwardReferralFactory(
        organisation=organisation,
        participant=man,
        reason=m("onwardreason"),
        information_shared=m("onwardinfo"),
        reason_without_consent=m("onwardwithout"),
        judgement_narrative=m("onwardjudgement"),
    )
    JudgedHighRiskAssessmentFactory(participant=man, judgement_reason=m("judgement"))
    RiskNoteFactory(participant=man, text=m("risknote"))
    event = RiskEventFactory(participant=man, summary=m("riskevent"))
    # Resolved, so that its note may not be empty (a constraint erasure must keep).
    alert = AcknowledgedAlertFactory(event=event)
    Alert.objects.filter(pk=alert.pk).update(
        status=Alert.Status.RESOLVED,
        resolved_at=alert.acknowledged_at,
        resolution_note=m("alertnote"),
    )

    woman = PartnerFactory(
        organisation=organisation,
        name=m("hername"),
        area=m("herarea"),
        date_of_birth=her_birth,
        safe_contact_notes=m("safenotes"),
        code_word=m("codeword"),
    )
    woman.name = m("hernamerenamed")
    woman.save()
    RelationshipFactory(partner=woman, participant=man, organisation=organisation)
    PartnerContactFactory(
        partner=woman,
        summary=m("contactsummary"),
        disclosure=m("disclosure"),
        occurred_at=timezone.make_aware(
            datetime.datetime.combine(closed_on, datetime.time(10, 0))
        ),
    )
    SafetyPlanFactory(partner=woman, plan=m("safetyplan"))
    ConsentFactory(partner=woman, scope=m("consentscope"))
    WomansOnwardReferralFactory(
        organisation=organisation, partner=woman, reason=m("herreferral")
    )

    Participant.objects.filter(pk=man.pk).update(
        status=Participant.Status.CLOSED, status_changed_on=closed_on
    )
    # Her record was opened long before her last contact.
    type(woman).objects.filter(pk=woman.pk).update(
        created_at=timezone.make_aware(
            datetime.datetime.combine(
                closed_on - datetime.timedelta(days=500), datetime.time(9, 0)
            )
        )
    )
    man.refresh_from_db()
    his = [
        m("hisfirst"),
        m("hislast"),
        his_birth.isoformat(),
        f"{prefix}07700111",
        f"{prefix}him@example.org",
        m("hisaddress"),
        m("childname"),
        m("contactarr"),
        m("casenote"),
        m("draftnote"),
        m("statusnote"),
        m("attendnote"),
        m("progress"),
        m("reffirst"),
        m("reflast"),
        m("refreason"),
        m("refpartner"),
        m("refchildren"),
        m("refaddress"),
        m("onwardreason"),
        m("onwardinfo"),
        m("onwardwithout"),
        m("onwardjudgement"),
        m("judgement"),
        m("risknote"),
        m("riskevent"),
        m("alertnote"),
        man.reference,
    ]
    hers = [
        m("hername"),
        m("herarea"),
        her_birth.isoformat(),
        m("herreferral"),
    ]
    return MarkedCase(man=man, woman=woman, his_markers=his, her_markers=hers)
