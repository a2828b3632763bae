from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.participants.factories import ParticipantFactory
from tests.partner_contact.factories import PartnerFactory, RelationshipFactory
from tests.programmes.factories import EnrolmentFactory, GroupFactory
from tests.risk.factories import PartnerSupportOnlyRiskNoteFactory, RiskNoteFactory

URL = reverse("risk:note_list")


def _notes(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return {note.text for note in response.context["page_obj"]}


def test_partner_support_reads_notes_of_linked_men_including_partner_side(
    login, org, partner_worker
):
    """She reads all risk notes of the men linked to her women, as DESIGN says."""
    man = ParticipantFactory(organisation=org)
    RelationshipFactory(
        participant=man,
        partner=PartnerFactory(organisation=org, partner_support_worker=partner_worker),
    )
    RiskNoteFactory(participant=man, text="Programme note")
    PartnerSupportOnlyRiskNoteFactory(participant=man, text="Partner-side note")
    RiskNoteFactory(participant=ParticipantFactory(organisation=org), text="Unlinked")
    assert _notes(login(partner_worker)) == {"Programme note", "Partner-side note"}


def test_facilitator_reads_programme_notes_of_his_groups_only(login, org, facilitator):
    group = GroupFactory(programme__organisation=org, facilitators=[facilitator])
    man = EnrolmentFactory(group=group).participant
    RiskNoteFactory(participant=man, text="Programme note")
    PartnerSupportOnlyRiskNoteFactory(participant=man, text="Partner-side note")
    RiskNoteFactory(participant=ParticipantFactory(organisation=org), text="Other man")
    assert _notes(login(facilitator)) == {"Programme note"}


def test_severity_filter_and_other_organisation(login, org, manager, outsider):
    man = ParticipantFactory(organisation=org)
    RiskNoteFactory(participant=man, text="Urgent one", severity="urgent")
    RiskNoteFactory(participant=man, text="Just information", severity="information")
    client = login(manager)
    assert _notes(client, severity="urgent") == {"Urgent one"}
    assert _notes(client, severity="nonsense") == {"Urgent one", "Just information"}
    assert _notes(login(outsider)) == set()


def test_query_count_is_constant(login, org, manager):
    client = login(manager)

    def count(n):
        for _ in range(n):
            RiskNoteFactory(participant=ParticipantFactory(organisation=org))
        client.get(URL)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    assert count(5) == count(45)
