import csv
import io

import pytest
from django.urls import reverse

from accounts.models import AccessLog
from referrals.models import InformationShare
from tests.referrals.factories import AgencyFactory, InformationShareFactory

pytestmark = pytest.mark.django_db


def test_mans_sharing_log_lists_and_exports(org, caseworker, login):
    share = InformationShareFactory(
        organisation=org, what_shared="=CMD|' /C calc'!A0", shared_by=caseworker
    )
    InformationShareFactory(organisation=org, what_shared="Another man's share")
    man = share.participant
    client = login(caseworker)
    page = client.get(reverse("referrals:participant_sharing_log", args=[man.uuid]))
    assert page.status_code == 200
    assert "Another man" not in page.content.decode()
    response = client.get(
        reverse("referrals:participant_sharing_export", args=[man.uuid])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == 2
    assert rows[1][3] == "'=CMD|' /C calc'!A0"
    log = AccessLog.objects.get(action="export")
    assert (log.user, log.object_uuid) == (caseworker, man.uuid)


def test_recording_a_disclosure_needs_a_basis(org, caseworker, login):
    share = InformationShareFactory(organisation=org)
    man = share.participant
    agency = AgencyFactory(organisation=org)
    url = reverse("referrals:participant_share_create", args=[man.uuid])
    client = login(caseworker)
    data = {
        "agency": str(agency.uuid),
        "shared_on": "2026-11-20",
        "what_shared": "Attendance letter to probation.",
        "legal_basis": "consent",
    }
    bad = client.post(url, data)
    assert bad.status_code == 400
    assert "Consent is not recorded" in bad.content.decode()
    data.update(legal_basis="public_task", reason_without_consent="Court order.")
    assert client.post(url, data).status_code == 302
    assert InformationShare.objects.filter(participant=man).count() == 2


def test_facilitator_has_no_sharing_log(org, make_user, login):
    share = InformationShareFactory(organisation=org)
    client = login(make_user("facilitator"))
    url = reverse("referrals:participant_sharing_log", args=[share.participant.uuid])
    assert client.get(url).status_code == 403
