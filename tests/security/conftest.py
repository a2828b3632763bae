"""Fixtures of the security suite: two organisations, each with one of everything.

`build_world` makes an organisation with one user per role and one record of every
kind the apps keep, through the factories and the services. The woman of each
world carries a marker in every field (see MARKERS), so the firewall sweep can look
for them; the other organisation's markers have another prefix, so a page of ours
that shows anything of theirs is caught too.

`worlds` builds both once per test module inside a transaction that is rolled back
at the end of the module; each test runs in a savepoint inside it (pytest-django's
`db`), so tests cannot disturb each other and the database is left clean.
"""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from accounts.models import User
from partner_contact import services as partner_services
from partner_contact.models import Consent
from risk import services as risk_services
from risk import sharing as risk_sharing
from risk.models import RiskEvent, RiskInstrument, RiskNote, Visibility
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.complaints.world import add_complaint_records  # complaints, letters
from tests.data_rights.world import add_data_rights_records  # data_rights
from tests.enquiries.world import add_enquiry_records  # enquiries
from tests.equality.world import add_equality_records  # equality
from tests.localisation.world import add_localisation_records  # localisation
from tests.outcomes.world import add_outcome_records  # outcomes
from tests.participants.factories import (
    CaseNoteFactory,
    ChildFactory,
    ParticipantFactory,
    PendingStatusChangeFactory,
)
from tests.partner_contact.factories import (
    DoNotContactPartnerFactory,
    RelationshipFactory,
)
from tests.partner_contact.world import add_her_case_records  # her_case
from tests.programmes.factories import (
    AttendanceFactory,
    EndedEnrolmentFactory,
    EnrolmentFactory,
    ExitReportFactory,
    GroupFactory,
    HeldSessionFactory,
    ModuleFactory,
    ProgrammeFactory,
    SessionFactory,
)
from tests.referrals.world import add_referral_records  # referrals
from tests.reports.world import add_report_export_records  # reports
from tests.retention.world import add_retention_records  # retention
from tests.risk.factories import AlertFactory, RiskEventFactory

ROLES = [r.value for r in User.Role]
# Underscores never occur in CSRF tokens or other random strings of a page.
OUR_PREFIX = "qmkr_"
THEIR_PREFIX = "qmkx_"
# The digits of her safe phone number, looked for with spaces removed.
OUR_PHONE_DIGITS = "913579"
THEIR_PHONE_DIGITS = "924680"


def marker(prefix: str, what: str) -> str:
    return f"{prefix}{what}"


@dataclass
class World:
    """One organisation's people and records, by name."""

    prefix: str
    org: object = None
    users: dict = field(default_factory=dict)
    o: SimpleNamespace = field(default_factory=SimpleNamespace)

    def marker(self, what: str) -> str:
        return marker(self.prefix, what)


def _answers(instrument, yes):
    items = list(instrument.items.order_by("order"))
    return {
        item.pk: ("yes" if index < yes else "no", "")
        for index, item in enumerate(items)
    }


def build_world(name: str, prefix: str, phone_digits: str) -> World:
    """An organisation with one user per role and one record of every kind."""
    w = World(prefix=prefix)
    # Records outside the firewall: plain names in our world (our staff see them),
    # marked ones in theirs (nobody of ours may ever see them).
    label = "ours" if prefix == OUR_PREFIX else f"{prefix}tag"
    m = w.marker
    today = timezone.localdate()
    now = timezone.now()
    o = w.o
    w.org = org = OrganisationFactory(name=name)
    for role in ROLES:
        w.users[role] = UserFactory(
            role=role,
            organisation=org,
            username=f"{label}-{role}",
            email=f"{label}-{role}@example.org",
        )
    fac, cw, ps, mgr = (w.users[r] for r in ROLES[:4])
    o.spare_user = UserFactory(
        role=User.Role.FACILITATOR, organisation=org, username=f"{label}-spare"
    )

    # Programmes: a group the facilitator runs, with a man in it.
    o.programme = ProgrammeFactory(organisation=org, name=f"{label} programme")
    o.module = ModuleFactory(programme=o.programme, title="Time-out and safety")
    o.group = GroupFactory(
        programme=o.programme,
        facilitators=[fac],
        name=f"{label} Tuesday group",
        start_date=today - datetime.timedelta(days=120),
    )
    o.man = ParticipantFactory(
        organisation=org,
        caseworker=cw,
        first_name=f"{label}man",
        last_name="Demoson",
    )
    o.enrolment = EnrolmentFactory(
        group=o.group,
        participant=o.man,
        start_date=today - datetime.timedelta(days=100),
    )
    o.session = HeldSessionFactory(
        group=o.group,
        facilitators=[fac],
        date=today - datetime.timedelta(days=7),
        module=o.module,
        logged_at=now - datetime.timedelta(days=7),
        logged_by=fac,
    )
    o.attendance = AttendanceFactory(
        session=o.session, participant=o.man, recorded_by=fac
    )
    o.today_session = SessionFactory(group=o.group, facilitators=[fac], date=today)
    # A group of the same programme that the facilitator does not run.
    o.other_group = GroupFactory(programme=o.programme, name=f"{label} Thursday group")
    o.other_session = HeldSessionFactory(
        group=o.other_group, date=today - datetime.timedelta(days=6)
    )
    o.case_note = CaseNoteFactory(participant=o.man, author=cw)
    o.child = ChildFactory(participant=o.man, name="A.")
    # A third man, in the group too, whose exclusion waits for a manager (so
    # that the first man's case can still be moved and his place ended).
    o.man_c = ParticipantFactory(organisation=org, caseworker=cw, last_name="Sampleby")
    EnrolmentFactory(
        group=o.group,
        participant=o.man_c,
        start_date=today - datetime.timedelta(days=50),
    )
    o.pending_change = PendingStatusChangeFactory(participant=o.man_c, changed_by=cw)
    # A second man whose place has ended, with his exit report.
    o.man_b = ParticipantFactory(organisation=org, caseworker=cw, last_name="Testwell")
    ended = EndedEnrolmentFactory(
        group=o.group,
        participant=o.man_b,
        start_date=today - datetime.timedelta(days=200),
        end_date=today - datetime.timedelta(days=30),
    )
    o.exit_report = ExitReportFactory(
        enrolment=ended, ended_on=ended.end_date, created_by=cw
    )

    # Risk: an assessment and a programme note, before her contact exists.
    instrument = RiskInstrument.objects.get(code="ric-24", is_active=True)
    o.assessment = risk_services.assess_participant(
        participant=o.man,
        instrument=instrument,
        assessed_by=cw,
        assessed_on=today - datetime.timedelta(days=20),
        answers=_answers(instrument, 11),
        sources=["interview"],
    )
    o.programme_note = risk_services.add_risk_note(
        participant=o.man,
        author=fac,
        severity=RiskNote.Severity.CONCERN,
        category=RiskNote.Category.BEHAVIOUR,
        text="Minimised the incident in the group.",
    )

    # The woman, every field marked, linked to him.
    o.woman = partner_services.create_partner(
        organisation=org,
        actor=ps,
        participant=o.man,
        name=f"{m('herfirst')} Firewallia",
        phone=f"07700 {phone_digits}",
        email=f"{m('email')}@example.org",
        address=f"12 {m('address')} Street",
        safe_contact_notes=m("safenotes"),
        code_word=m("codeword"),
        if_someone_else_answers=m("someoneelse"),
        language=m("language"),
        safe_channels=["phone", "email"],
    )
    o.relationship = o.woman.relationships.get()
    o.share_consent = partner_services.record_consent(
        partner=o.woman,
        kind=Consent.Kind.SHARE_WITH_PROGRAMME,
        given_on=today - datetime.timedelta(days=10),
        how_given=Consent.HowGiven.WRITING,
        scope=m("sharescope"),
        actor=ps,
    )
    o.contact_consent = partner_services.record_consent(
        partner=o.woman,
        kind=Consent.Kind.CONTACT,
        given_on=today - datetime.timedelta(days=10),
        how_given=Consent.HowGiven.VERBAL_PHONE,
        scope=m("contactscope"),
        actor=ps,
    )
    o.contact = partner_services.log_contact(
        partner=o.woman,
        worker=ps,
        relationship=o.relationship,
        occurred_at=now - datetime.timedelta(days=3),
        channel="phone",
        outcome="spoke",
        safety_check_done=True,
        summary=m("summary"),
        disclosure=m("disclosure"),
        disclosure_may_share=True,
        consent_basis="consent",
        risk_events=["separation", "threats"],
        separation_on=today - datetime.timedelta(days=3),
        referrals_made=["idva"],
        next_contact_due=today + datetime.timedelta(days=7),
    )
    o.attempt = partner_services.log_contact(
        partner=o.woman,
        worker=ps,
        relationship=o.relationship,
        occurred_at=now - datetime.timedelta(days=1),
        channel="phone",
        outcome="no_answer",
        summary=m("attemptsummary"),
    )
    o.safety_plan = partner_services.create_safety_plan(
        partner=o.woman,
        plan=m("safetyplan"),
        review_on=today + datetime.timedelta(days=28),
        actor=ps,
        contact=o.contact,
    )
    o.second_woman = DoNotContactPartnerFactory(
        organisation=org,
        name=f"{m('secondname')} Sampleby",
        phone=f"07700 {phone_digits[::-1]}",
        email=f"{m('secondemail')}@example.org",
        address=m("secondaddress"),
        do_not_contact_reason=m("donotcontact"),
        partner_support_worker=ps,
    )
    o.second_relationship = RelationshipFactory(
        partner=o.second_woman, participant=o.man
    )

    # Risk notes from her contact: one kept inside the firewall, one shared in
    # the worker's own words (no attribution), and a partner-side event.
    o.firewalled_note = risk_services.add_risk_note(
        participant=o.man,
        author=ps,
        severity=RiskNote.Severity.CONCERN,
        category=RiskNote.Category.PARTNER_SIGNAL,
        text=m("firewallednote"),
        visibility=Visibility.PARTNER_SUPPORT_ONLY,
        source=RiskNote.Source.PARTNER_CONTACT,
        partner_contact=o.contact,
    )
    o.shared_note = risk_sharing.share_contact_with_programme(
        contact=o.contact,
        participant=o.man,
        author=ps,
        severity=RiskNote.Severity.CONCERN,
        category=RiskNote.Category.PARTNER_SIGNAL,
        text="Partner support reports raised concern this week.",
    )
    o.partner_event = risk_services.report_event(
        participant=o.man,
        reported_by=ps,
        kind=RiskEvent.Kind.THREATS,
        occurred_on=today - datetime.timedelta(days=2),
        summary=m("partnerevent"),
    )
    o.event = risk_services.report_event(
        participant=o.man,
        reported_by=cw,
        kind=RiskEvent.Kind.POLICE_CALLOUT,
        occurred_on=today - datetime.timedelta(days=5),
        summary="Police called to his address (neighbour's report).",
    )
    # An alert for each role that has alerts, about a programme event.
    alert_event = RiskEventFactory(
        participant=o.man,
        reported_by=cw,
        kind=RiskEvent.Kind.NEW_INCIDENT,
        summary="Reported by probation.",
    )
    o.alerts = {
        role: AlertFactory(event=alert_event, recipient=w.users[role])
        for role in ("facilitator", "caseworker", "partner_support", "manager")
    }
    o.monitoring_period = o.man.monitoring_periods.first()

    add_referral_records(  # referrals in and out, agencies, information shares
        o, org=org, label=label, cw=cw, ps=ps, today=today, marker=m
    )
    add_retention_records(o, manager=mgr, today=today)  # retention: hold, batch
    add_outcome_records(o, ps=ps, today=today, marker=m)
    add_her_case_records(o, ps=ps, today=today, marker=m)  # her_case
    add_localisation_records(o, manager=mgr, today=today)  # localisation
    add_data_rights_records(o, manager=mgr, today=today)  # data_rights requests
    add_report_export_records(o, manager=mgr, today=today)  # reports: a file
    add_equality_records(o, org=org, cw=cw, ps=ps, marker=m)  # equality
    add_enquiry_records(  # enquiries: the public page and the queue
        o,
        org=org,
        ps=ps,
        marker=m,
        phone_digits=phone_digits,
        today=today,  # enquiries
    )  # enquiries
    add_complaint_records(  # complaints, and a letter to his referrer
        o, org=org, cw=cw, ps=ps, today=today, marker=m
    )
    return w


def url_ids(w: World) -> dict:
    """URL keyword arguments filled with this world's records."""
    o = w.o
    return {
        "participant_uuid": o.man.uuid,
        "change_uuid": o.pending_change.uuid,
        "child_uuid": o.child.uuid,
        "programme_uuid": o.programme.uuid,
        "module_uuid": o.module.uuid,
        "group_uuid": o.group.uuid,
        "session_uuid": o.session.uuid,
        "enrolment_uuid": o.enrolment.uuid,
        "report_uuid": o.exit_report.uuid,
        "partner_uuid": o.woman.uuid,
        "relationship_uuid": o.relationship.uuid,
        "contact_uuid": o.contact.uuid,
        "consent_uuid": o.contact_consent.uuid,
        "referral_uuid": o.referral.uuid,
        "agency_uuid": o.agency.uuid,
        "onward_uuid": o.his_onward.uuid,
        "assessment_uuid": o.assessment.uuid,
        "event_uuid": o.event.uuid,
        "alert_uuid": o.alerts["caseworker"].uuid,
        "user_uuid": o.spare_user.uuid,
        "rule": "closed_case",  # retention: a rule of the schedule
        "hold_uuid": o.legal_hold.uuid,  # retention
        "batch_uuid": o.erasure_batch.uuid,  # retention
        "time_point_uuid": o.his_outcome.uuid,  # outcomes: his questionnaire
        "pk": o.instrument_draft.pk,  # localisation: its own draft instrument
        # data_rights: requests about him; History pages of his case by default.
        "subject": "man",
        "subject_uuid": o.man.uuid,
        "request_uuid": o.rights_request.uuid,
        "kind": "case",
        "record_uuid": o.man.uuid,
        # complaints, letters to referrers, equality monitoring; the last two
        # name a kind of page (a question, an event), not a record.
        "complaint_uuid": o.complaint.uuid,
        "export_uuid": o.report_export.uuid,  # reports: the manager's file
        "enquiry_uuid": o.enquiry.uuid,  # enquiries
        "checklist_uuid": o.checklist.uuid,  # her_case
        "plan_uuid": o.sectioned_plan.uuid,  # her_case
        "link_uuid": o.child_link.uuid,  # her_case
        "order_uuid": o.child_order.uuid,  # her_case
        "slug": o.contact_slug,  # enquiries: the public contact page
        "letter_uuid": o.letter.uuid,
        "option_uuid": o.monitoring_option.uuid,
        "characteristic": "religion",
        "event": "accepted",
        # A reset link that is not valid: the page says so, to anyone.
        "uidb64": "MA",
        "token": "not-a-valid-token",
    }


def logged_in_client(user, **kwargs) -> Client:
    client = Client(raise_request_exception=False, **kwargs)
    client.force_login(user)
    return client


@pytest.fixture(scope="module")
def worlds(django_db_setup, django_db_blocker):
    """Both organisations, built once per module and rolled back after it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            ours = build_world(
                "Ours Programme (fictional)", OUR_PREFIX, OUR_PHONE_DIGITS
            )
            theirs = build_world(
                "Theirs Programme (fictional)", THEIR_PREFIX, THEIR_PHONE_DIGITS
            )
            clients = {
                ("ours", role): logged_in_client(ours.users[role]) for role in ROLES
            }
            clients.update(
                {
                    ("theirs", role): logged_in_client(theirs.users[role])
                    for role in ROLES
                }
            )
            clients[("anon", None)] = Client(raise_request_exception=False)
            yield SimpleNamespace(ours=ours, theirs=theirs, clients=clients)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
