"""A man's subject-access export: everything held about him, nothing of hers.

Each section reads one kind of his records in one query (with what it shows
beside them joined in), so two years of history cost the same number of
queries as two weeks. What came from his (ex-)partner or another third party is
withheld and listed for the reviewing manager:

- risk notes and events from partner contact, or kept behind the firewall, or
  in the category of partner signals (even when shared in the worker's words:
  the man could tell where they came from);
- her record, their relationship, and onward referrals or shares about her;
- his children's safeguarding details (from child services, about the child);
- in free text, names marked [[like this]] and the names of his partners;
- in a referral, the referrer's name and contact and what the referrer told
  of her and the children; in a MARAC referral, the narrative about the victim.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from data_rights.document import Document, staff_names
from outcomes.models import Respondent, TimePoint
from participants.models import Participant
from partner_contact.models import Relationship
from programmes.models import Attendance, Enrolment, ExitReport
from referrals.models import InformationShare, OnwardReferral, Referral
from risk.models import (
    Alert,
    MonitoringPeriod,
    RiskAssessment,
    RiskEvent,
    RiskNote,
    Visibility,
)

PARTNER = gettext_lazy("Came from his (ex-)partner (partner contact)")
FIREWALL = gettext_lazy("Kept behind the information firewall (about his (ex-)partner)")
CHILD = gettext_lazy("A child's safeguarding details, from child services")
REFERRER = gettext_lazy("Names the person who referred him (a third party)")
VICTIM = gettext_lazy("About the victim, given to the risk conference")
HERS = gettext_lazy("His (ex-)partner's record is hers, not his")
TOLD = gettext_lazy("About his (ex-)partner and children, from the referrer")


def build_his_export(participant: Participant) -> Document:
    """The export of one man's data, with its redactions."""
    doc = Document(
        title=_("Data held about %(name)s (%(reference)s)")
        % {"name": participant.full_name, "reference": participant.reference},
        organisation=participant.organisation.name,
        user_names=staff_names(participant.organisation_id),
    )
    partners = _partners_withheld(doc, participant)
    doc.withheld_names = sorted(
        {name for name in partners if len(name) >= 3}, key=len, reverse=True
    )
    _case(doc, participant)
    _children(doc, participant)
    _case_notes(doc, participant)
    _programme(doc, participant)
    _risk(doc, participant)
    _referrals(doc, participant)
    _questionnaires(doc, participant)
    return doc


def _partners_withheld(doc: Document, participant: Participant) -> list[str]:
    """Her names, to blank in free text; their relationship is withheld."""
    section = {"title": str(_("His (ex-)partners"))}
    names = []
    for relationship in Relationship.objects.filter(
        participant=participant
    ).select_related("partner"):
        names.append(relationship.partner.name)
        names.extend(part for part in relationship.partner.name.split())
        doc.withhold(section, _("A relationship"), _("Whole record"), HERS)
    return names


def _case(doc: Document, man: Participant) -> None:
    section = doc.section("case", _("His case"))
    doc.add(
        section,
        _("Case %(reference)s") % {"reference": man.reference},
        doc.fields_of(man, section, man.reference, scrub=("address",)),
    )
    for change in man.status_changes.order_by("effective_on", "pk"):
        title = _("Status change on %(date)s") % {"date": change.effective_on}
        doc.add(section, title, doc.fields_of(change, section, title, scrub=("note",)))


def _children(doc: Document, man: Participant) -> None:
    section = doc.section("children", _("Children"))
    hidden = ("protection_status", "contact_arrangements", "court_orders")
    for child in man.children.all():
        fields = doc.fields_of(
            child, section, child.name, exclude=(*hidden, "social_worker_agency")
        )
        doc.add(section, child.name, fields)
        doc.withhold(section, child.name, _("Safeguarding details"), CHILD)


def _case_notes(doc: Document, man: Participant) -> None:
    section = doc.section("case_notes", _("Case notes"))
    for note in man.case_notes.order_by("occurred_on", "pk"):
        title = f"{note.get_kind_display()}, {note.occurred_on}"
        doc.add(section, title, doc.fields_of(note, section, title, scrub=("body",)))


def _programme(doc: Document, man: Participant) -> None:
    section = doc.section("programme", _("Programme places and exit reports"))
    for place in Enrolment.objects.filter(participant=man).select_related("group"):
        title = _("Place in %(group)s") % {"group": place.group.name}
        doc.add(section, title, doc.fields_of(place, section, title))
    for report in ExitReport.objects.filter(participant=man).order_by("ended_on"):
        title = _("Exit report, %(date)s") % {"date": report.ended_on}
        fields = doc.fields_of(report, section, title, scrub=("progress_summary",))
        doc.add(section, title, fields)
    section = doc.section("attendance", _("Sessions and attendance"))
    for row in (
        Attendance.objects.filter(participant=man)
        .select_related("session__group", "session__module")
        .order_by("session__date", "pk")
    ):
        session = row.session
        title = f"{session.date}, {session.group.name if session.group else ''}"
        fields = [[str(_("Module")), session.module.title if session.module else ""]]
        fields += doc.fields_of(row, section, title, scrub=("note",))
        doc.add(section, title, fields)


def _risk(doc: Document, man: Participant) -> None:
    section = doc.section("assessments", _("Risk assessments"))
    for assessment in (
        RiskAssessment.objects.filter(participant=man)
        .select_related("instrument")
        .prefetch_related("answers__item")
        .order_by("assessed_on", "pk")
    ):
        title = _("Assessment on %(date)s") % {"date": assessment.assessed_on}
        fields = doc.fields_of(assessment, section, title, scrub=("judgement_reason",))
        fields += [
            [answer.item.text, answer.get_answer_display()]
            for answer in assessment.answers.all()
        ]
        doc.add(section, title, fields)
    _risk_notes(doc, man)
    shown_events = _risk_events(doc, man)
    _alerts(doc, shown_events)
    section = doc.section("monitoring", _("Periods of increased risk"))
    for period in MonitoringPeriod.objects.filter(
        participant=man, visibility=Visibility.PROGRAMME
    ).order_by("starts_on"):
        title = _("From %(date)s") % {"date": period.starts_on}
        doc.add(section, title, doc.fields_of(period, section, title))


def _is_partner_note(note: RiskNote) -> bool:
    return (
        note.visibility != Visibility.PROGRAMME
        or note.source == RiskNote.Source.PARTNER_CONTACT
        or note.category == RiskNote.Category.PARTNER_SIGNAL
        or note.partner_contact_id is not None
    )


def _risk_notes(doc: Document, man: Participant) -> None:
    section = doc.section("risk_notes", _("Risk notes"))
    for note in RiskNote.objects.filter(participant=man).order_by("created_at"):
        title = f"{note.get_category_display()}, {note.created_at:%Y-%m-%d}"
        if _is_partner_note(note):
            reason = FIREWALL if note.visibility != Visibility.PROGRAMME else PARTNER
            doc.withhold(section, title, _("Whole record"), reason)
            continue
        fields = doc.fields_of(
            note, section, title, exclude=("partner_words",), scrub=("text",)
        )
        doc.add(section, title, fields)


def _risk_events(doc: Document, man: Participant) -> set[int]:
    """His risk events, less the partner-derived ones; the ids shown."""
    section = doc.section("risk_events", _("Risk events"))
    shown = set()
    for event in RiskEvent.objects.filter(participant=man).select_related(
        "reported_by"
    ):
        title = f"{event.get_kind_display()}, {event.occurred_on}"
        from_her_side = (
            event.visibility != Visibility.PROGRAMME
            or event.partner_contact_id is not None
            or (event.reported_by and event.reported_by.is_partner_support)
        )
        if from_her_side:
            doc.withhold(section, title, _("Whole record"), PARTNER)
            continue
        shown.add(event.pk)
        fields = doc.fields_of(event, section, title, scrub=("summary",))
        doc.add(section, title, fields)
    return shown


def _alerts(doc: Document, event_ids: set[int]) -> None:
    section = doc.section("alerts", _("Alerts about him"))
    for alert in (
        Alert.objects.filter(event_id__in=event_ids)
        .select_related("event")
        .order_by("created_at")
    ):
        title = f"{alert.event.get_kind_display()}, {alert.created_at:%Y-%m-%d}"
        fields = doc.fields_of(alert, section, title, exclude=("resolution_note",))
        doc.add(section, title, fields)


def _referrals(doc: Document, man: Participant) -> None:
    section = doc.section("referrals", _("Referrals"))
    referrer = ("referrer_name", "referrer_contact")
    told = ("partner_known", "children_known")
    for referral in Referral.objects.filter(participant=man).select_related("agency"):
        title = _("Referral received on %(date)s") % {"date": referral.received_on}
        fields = [[str(_("Agency")), referral.agency.name if referral.agency else ""]]
        fields += doc.fields_of(
            referral,
            section,
            title,
            exclude=referrer + told,
            scrub=("reason", "address"),
        )
        doc.add(section, title, fields)
        if referral.referrer_name or referral.referrer_contact:
            doc.withhold(section, title, _("Referrer's name and contact"), REFERRER)
        if referral.partner_known or referral.children_known:
            doc.withhold(section, title, _("What the referrer told of her"), TOLD)
    narrative = ("reason", "information_shared", "judgement_narrative")
    for onward in OnwardReferral.objects.filter(participant=man).select_related(
        "agency"
    ):
        title = f"{onward.get_kind_display()}, {onward.made_on}"
        if onward.partner_id or onward.kind == OnwardReferral.Kind.WOMENS_SERVICE:
            doc.withhold(section, title, _("Whole record"), HERS)
            continue
        marac = onward.kind == OnwardReferral.Kind.MARAC
        fields = [[str(_("Agency")), onward.agency.name if onward.agency else ""]]
        fields += doc.fields_of(
            onward,
            section,
            title,
            exclude=narrative if marac else (),
            scrub=narrative + ("outcome_note", "reason_without_consent"),
        )
        doc.add(section, title, fields)
        if marac:
            doc.withhold(section, title, _("Reason and narrative"), VICTIM)
    for share in InformationShare.objects.filter(participant=man).select_related(
        "agency"
    ):
        title = _("Shared with %(agency)s on %(date)s") % {
            "agency": share.agency.name if share.agency else "",
            "date": share.shared_on,
        }
        if share.partner_id:
            doc.withhold(section, title, _("Whole record"), HERS)
            continue
        fields = doc.fields_of(
            share, section, title, scrub=("what_shared", "reason_without_consent")
        )
        doc.add(section, title, fields)


def _questionnaires(doc: Document, man: Participant) -> None:
    section = doc.section("questionnaires", _("Outcome questionnaires"))
    for point in (
        TimePoint.objects.filter(participant=man, respondent=Respondent.MAN)
        .select_related("response")
        .prefetch_related("response__answers__item")
        .order_by("due_on")
    ):
        title = f"{point.get_kind_display()}, {point.due_on}"
        fields = doc.fields_of(point, section, title)
        response = getattr(point, "response", None)
        if response is not None:
            fields += [
                [answer.item.text, str(answer.value)]
                for answer in response.answers.all()
            ]
        doc.add(section, title, fields)
