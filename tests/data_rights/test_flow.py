"""An access request from record to release: the export is built by a task,
reviewed, released once, downloaded and logged."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessLog
from data_rights import tasks
from data_rights.models import RightsRequest
from tests.data_rights.factories import HerRightsRequestFactory, RightsRequestFactory
from tests.participants.factories import CaseNoteFactory, ParticipantFactory


def _post(client, name, rights_request):
    return client.post(reverse(f"data_rights:{name}", args=[rights_request.uuid]))


def test_a_manager_prepares_reviews_releases_and_downloads_his_export(
    login, manager, man, django_capture_on_commit_callbacks
):
    CaseNoteFactory(participant=man, body="Spoke of [[Uncle Pim]] at length.")
    rights_request = RightsRequestFactory(participant=man, recorded_by=manager)
    client = login(manager)
    with django_capture_on_commit_callbacks() as callbacks:
        response = _post(client, "request_export", rights_request)
    assert response.status_code == 302
    rights_request.refresh_from_db()
    assert rights_request.status == RightsRequest.Status.PREPARING
    assert len(callbacks) == 1  # the task, queued once the request is saved

    assert tasks.build_subject_access_export(rights_request.pk) is True
    # A second run (a redelivered task) finds nothing to build.
    assert tasks.build_subject_access_export(rights_request.pk) is False

    page = client.get(rights_request.get_absolute_url()).content.decode()
    assert "Review before release" in page
    assert "Names a third party (marked in the note)" in page
    # Not downloadable before release.
    download = reverse("data_rights:request_download", args=[rights_request.uuid])
    assert client.get(download).status_code == 400

    assert _post(client, "request_release", rights_request).status_code == 302
    rights_request.refresh_from_db()
    assert rights_request.released_by == manager
    assert rights_request.released_at is not None

    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as zipped:
        html = zipped.read("data.html").decode()
    assert "Spoke of [third party] at length." in html
    entry = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert entry.user == manager
    assert entry.object_uuid == man.uuid
    assert man.first_name not in entry.detail


def test_releasing_twice_is_refused_with_a_message(login, manager, man):
    rights_request = RightsRequestFactory(
        participant=man, status=RightsRequest.Status.IN_REVIEW
    )
    client = login(manager)
    assert _post(client, "request_release", rights_request).status_code == 302
    response = _post(client, "request_release", rights_request)
    assert response.status_code == 409
    assert "already released" in response.content.decode()
    rights_request.refresh_from_db()
    assert rights_request.status == RightsRequest.Status.RELEASED


def test_no_export_is_prepared_before_the_identity_is_checked(login, manager, man):
    rights_request = RightsRequestFactory(participant=man, identity_checked=False)
    response = _post(login(manager), "request_export", rights_request)
    assert response.status_code == 400
    assert "identity" in response.content.decode()
    rights_request.refresh_from_db()
    assert rights_request.status == RightsRequest.Status.RECEIVED


def test_recording_the_identity_check_twice_says_so(login, manager, man):
    rights_request = RightsRequestFactory(participant=man, identity_checked=False)
    client = login(manager)
    assert _post(client, "request_identity", rights_request).status_code == 302
    assert _post(client, "request_identity", rights_request).status_code == 409


def test_her_export_is_built_from_her_record(login, manager, org):
    rights_request = HerRightsRequestFactory(partner__organisation=org)
    client = login(manager)
    _post(client, "request_export", rights_request)
    tasks.build_subject_access_export(rights_request.pk)
    rights_request.refresh_from_db()
    assert rights_request.status == RightsRequest.Status.IN_REVIEW
    assert "Her record" in rights_request.section_counts


@pytest.mark.parametrize("name", ["request_export", "request_release"])
def test_another_organisations_manager_cannot_act_on_ours(login, outsider, man, name):
    rights_request = RightsRequestFactory(
        participant=man, status=RightsRequest.Status.IN_REVIEW
    )
    assert _post(login(outsider), name, rights_request).status_code == 404
    rights_request.refresh_from_db()
    assert rights_request.status == RightsRequest.Status.IN_REVIEW


def test_exports_are_dropped_a_month_after_release_or_once_he_is_erased(org, man):
    now = timezone.now()
    kept = RightsRequestFactory(
        participant=man,
        status=RightsRequest.Status.RELEASED,
        released_at=now - datetime.timedelta(days=3),
        export_archive=b"zip",
    )
    old = RightsRequestFactory(
        participant=man,
        status=RightsRequest.Status.RELEASED,
        released_at=now - datetime.timedelta(days=40),
        export_archive=b"zip",
    )
    erased_man = ParticipantFactory(organisation=org, is_anonymised=True)
    about_erased = RightsRequestFactory(
        participant=erased_man,
        status=RightsRequest.Status.IN_REVIEW,
        export_archive=b"zip",
        details="His own words",
    )
    assert tasks.drop_old_exports() == 2
    assert tasks.drop_old_exports() == 0
    for request in (kept, old, about_erased):
        request.refresh_from_db()
    assert kept.export_archive is not None
    assert old.export_archive is None
    assert about_erased.export_archive is None and about_erased.details == ""
