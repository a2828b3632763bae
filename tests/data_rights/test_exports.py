"""What a subject-access export holds, and what it withholds."""

import datetime
import io
import json
import zipfile

from django.db import connection
from django.test.utils import CaptureQueriesContext

from data_rights.document import archive
from data_rights.her_export import build_her_export, her_record_kinds
from data_rights.his_export import build_his_export
from risk.models import RiskNote, Visibility
from tests.participants.factories import CaseNoteFactory, ChildFactory
from tests.partner_contact.factories import (
    ConsentFactory,
    PartnerContactFactory,
    PartnerFactory,
    RelationshipFactory,
    SafetyPlanFactory,
)
from tests.programmes.factories import AttendanceFactory, HeldSessionFactory
from tests.referrals.factories import AcceptedReferralFactory
from tests.risk.factories import RiskNoteFactory


def _text(document) -> str:
    with zipfile.ZipFile(io.BytesIO(archive(document))) as zipped:
        assert sorted(zipped.namelist()) == ["data.html", "data.json"]
        html = zipped.read("data.html").decode()
        data = json.loads(zipped.read("data.json"))
    assert data["title"] in html
    return html + json.dumps(data, ensure_ascii=False)


def test_his_export_holds_his_case_notes_and_attendance(man):
    CaseNoteFactory(participant=man, body="He kept to his time-out plan all week.")
    session = HeldSessionFactory(group__programme__organisation=man.organisation)
    AttendanceFactory(session=session, participant=man, recorded_by=man.caseworker)
    text = _text(build_his_export(man))
    assert "He kept to his time-out plan all week." in text
    assert man.reference in text
    assert str(session.date) in text


def test_a_marked_third_party_name_is_blanked_and_listed(man):
    CaseNoteFactory(participant=man, body="He spoke of his brother [[Juniper Q]].")
    document = build_his_export(man)
    text = _text(document)
    assert "Juniper Q" not in text
    assert "[third party]" in text
    assert any("third party" in r.reason for r in document.redactions)


def test_her_words_and_name_are_withheld_from_his_export(man, partner_worker):
    woman = PartnerFactory(organisation=man.organisation, name="Zinnia Vantablack")
    RelationshipFactory(partner=woman, participant=man)
    contact = PartnerContactFactory(partner=woman, summary="Zinnia's own words")
    RiskNoteFactory(
        participant=man,
        author=partner_worker,
        text="Signal from her contact",
        visibility=Visibility.PARTNER_SUPPORT_ONLY,
        source=RiskNote.Source.PARTNER_CONTACT,
        partner_contact=contact,
    )
    RiskNoteFactory(
        participant=man,
        author=partner_worker,
        category=RiskNote.Category.PARTNER_SIGNAL,
        text="Partner support reports a concern",
    )
    CaseNoteFactory(participant=man, body="He said Zinnia left in March.")
    document = build_his_export(man)
    text = _text(document)
    for secret in ("Zinnia", "Vantablack", "Signal from her", "Partner support rep"):
        assert secret not in text
    assert "He said [withheld] left in March." in text
    sections = {r.section for r in document.redactions}
    assert {"Risk notes", "Case notes", "His (ex-)partners"} <= sections


def test_his_childrens_safeguarding_details_are_withheld(man):
    ChildFactory(
        participant=man, name="B.", contact_arrangements="Order from the court"
    )
    document = build_his_export(man)
    assert "Order from the court" not in _text(document)
    assert any(r.item == "B." for r in document.redactions)


def test_two_years_of_his_history_cost_the_same_queries_as_two_weeks(man):
    def build_counted():
        with CaptureQueriesContext(connection) as queries:
            build_his_export(man)
        return len(queries)

    CaseNoteFactory(participant=man)
    few = build_counted()
    start = datetime.date.today() - datetime.timedelta(days=730)
    for week in range(0, 104, 8):
        day = start + datetime.timedelta(weeks=week)
        CaseNoteFactory(participant=man, occurred_on=day)
        session = HeldSessionFactory(
            group__programme__organisation=man.organisation, date=day
        )
        AttendanceFactory(session=session, participant=man, recorded_by=man.caseworker)
    assert build_counted() == few


def test_her_export_holds_her_contacts_consents_and_plans(org, man):
    woman = PartnerFactory(organisation=org, safe_contact_notes="Ring after six")
    RelationshipFactory(partner=woman, participant=man)
    PartnerContactFactory(partner=woman, summary="She is staying with her sister")
    ConsentFactory(partner=woman, scope="Contact by phone only")
    SafetyPlanFactory(partner=woman, plan="Bag packed at the neighbour's")
    CaseNoteFactory(participant=man, body="His own note, never hers to see")
    document = build_her_export(woman)
    text = _text(document)
    for hers in (
        "Ring after six",
        "She is staying with her sister",
        "Contact by phone only",
        "Bag packed at the neighbour",
    ):
        assert hers in text
    assert "His own note" not in text
    assert man.first_name not in text
    assert any(r.what == "The man's name" for r in document.redactions)


def test_her_export_reads_every_kind_of_her_records_from_the_models():
    """A record kind added later with a foreign key to her is exported too."""
    names = {rel.related_model._meta.model_name for rel in her_record_kinds()}
    assert {"partnercontact", "consent", "safetyplan", "relationship"} <= names
    assert not any(name.startswith("historical") for name in names)


def test_what_the_referrer_told_of_her_is_withheld(man):
    AcceptedReferralFactory(
        organisation=man.organisation,
        participant=man,
        received_by=man.caseworker,
        referrer_name="Officer Quillon",
        partner_known="Lives at 4 Hidden Lane with the children",
        reason="Police call-out to his address",
    )
    document = build_his_export(man)
    text = _text(document)
    assert "Police call-out to his address" in text
    assert "Hidden Lane" not in text
    assert "Quillon" not in text
    assert {r.what for r in document.redactions} >= {
        "What the referrer told of her",
        "Referrer's name and contact",
    }
