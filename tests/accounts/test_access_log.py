"""The access log says what was read, by whom and when, and can be filtered and
exported; a reader never learns more of a record than she may open."""

import csv
import io
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessLog, AccountEvent
from accounts.services import log_access, record_account_event
from tests.participants.factories import ParticipantFactory
from tests.partner_contact.factories import PartnerFactory


def test_a_manager_sees_what_was_read_with_a_link(client, manager, partner_worker):
    woman = PartnerFactory(organisation=manager.organisation)
    log_access(user=partner_worker, obj=woman)
    client.force_login(manager)
    page = client.get(reverse("accounts:access_log")).content.decode()
    assert str(woman) in page
    assert woman.get_absolute_url() in page
    assert str(partner_worker) in page
    assert ">partner_contact.Partner" not in page


def test_an_administrator_sees_the_kind_but_not_whose_record(
    client, org_admin, partner_worker
):
    """Administrators read the log but not women's records: no name, no link."""
    woman = PartnerFactory(organisation=org_admin.organisation)
    log_access(user=partner_worker, obj=woman)
    client.force_login(org_admin)
    page = client.get(reverse("accounts:access_log")).content.decode()
    assert str(woman) not in page
    assert woman.get_absolute_url() not in page
    assert "not yours to open" in page


def test_reading_a_case_file_is_logged(client, caseworker):
    man = ParticipantFactory(
        organisation=caseworker.organisation, caseworker=caseworker
    )
    client.force_login(caseworker)
    assert client.get(man.get_absolute_url()).status_code == 200
    entry = AccessLog.objects.get(object_uuid=man.uuid)
    assert entry.user == caseworker
    assert entry.action == AccessLog.Action.VIEW


def test_filters_by_user_kind_action_and_dates(
    client, manager, partner_worker, caseworker
):
    woman = PartnerFactory(organisation=manager.organisation)
    man = ParticipantFactory(organisation=manager.organisation)
    log_access(user=partner_worker, obj=woman)
    old = log_access(user=caseworker, obj=man)
    AccessLog.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=40))
    client.force_login(manager)
    url = reverse("accounts:access_log")

    rows = client.get(url, {"user": caseworker.pk}).context["rows"]
    assert [entry.user for entry, _ in rows] == [caseworker]
    rows = client.get(url, {"kind": "partner_contact.Partner"}).context["rows"]
    assert [entry.object_uuid for entry, _ in rows] == [woman.uuid]
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    rows = client.get(url, {"date_from": since}).context["rows"]
    assert [entry.object_uuid for entry, _ in rows] == [woman.uuid]
    rows = client.get(url, {"action": "export"}).context["rows"]
    assert rows == []


def test_bad_filters_get_a_message_and_a_400(client, manager):
    client.force_login(manager)
    url = reverse("accounts:access_log")
    response = client.get(url, {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert response.status_code == 400
    assert "start date is after the end date" in response.content.decode()
    assert client.get(url, {"user": "not-a-number"}).status_code == 400
    assert client.get(url, {"kind": "auth.Nothing"}).status_code == 400
    export = client.get(reverse("accounts:access_log_export"), {"date_from": "x"})
    assert export.status_code == 400


def test_the_export_is_formula_safe_and_logged(client, manager, partner_worker):
    woman = PartnerFactory(organisation=manager.organisation)
    log_access(user=partner_worker, obj=woman, detail="=HYPERLINK(1)")
    client.force_login(manager)
    response = client.get(reverse("accounts:access_log_export"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["When", "Who", "What"]
    assert rows[1][5] == "'=HYPERLINK(1)"
    assert rows[1][4] == str(woman)
    assert AccessLog.objects.filter(
        action=AccessLog.Action.EXPORT, object_type="access log", user=manager
    ).exists()


LAST = []


def test_the_log_takes_the_same_queries_for_more_rows(
    client, manager, partner_worker, caseworker
):
    client.force_login(manager)
    url = reverse("accounts:access_log")
    client.get(url)  # The session's first activity is written once.

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        LAST[:] = queries.captured_queries
        return len(queries.captured_queries)

    log_access(
        user=partner_worker, obj=PartnerFactory(organisation=manager.organisation)
    )
    log_access(
        user=caseworker, obj=ParticipantFactory(organisation=manager.organisation)
    )
    few = count()
    for _ in range(10):
        log_access(
            user=partner_worker, obj=PartnerFactory(organisation=manager.organisation)
        )
        log_access(
            user=caseworker, obj=ParticipantFactory(organisation=manager.organisation)
        )
    assert count() == few, "\n".join(q["sql"][:150] for q in LAST)


def test_another_organisations_entries_never_show(client, manager, outsider):
    theirs = PartnerFactory(organisation=outsider.organisation)
    log_access(user=outsider, obj=theirs)
    client.force_login(manager)
    page = client.get(reverse("accounts:access_log")).content.decode()
    assert str(theirs) not in page
    export = client.get(reverse("accounts:access_log_export")).content.decode()
    assert str(theirs) not in export


def test_links_only_to_pages_the_reader_may_open(client, manager, caseworker):
    """A manager reads account changes in the log but does not manage accounts:
    the colleague is named, without a link to the administrator's page."""
    record_account_event(
        user=caseworker, actor=caseworker, event=AccountEvent.RECOVERY_CODES
    )
    client.force_login(manager)
    page = client.get(reverse("accounts:access_log")).content.decode()
    assert str(caseworker) in page
    assert caseworker.get_absolute_url() not in page
    assert "New recovery codes made" in page


def test_what_was_read_reads_in_the_readers_language(client, manager, caseworker):
    """The detail is kept as its view wrote it and shown in the reader's language;
    an export without a record names what was exported, dates in her format."""
    from accounts.services import log_export

    man = ParticipantFactory(organisation=manager.organisation, caseworker=caseworker)
    log_access(user=caseworker, obj=man, detail="case file")
    log_access(user=caseworker, obj=man, detail="print: case file")
    log_access(user=caseworker, obj=man, detail="an old note nobody translated")
    log_export(
        user=manager, what="reports: period report 2025-04-01 to 2026-03-31 (pdf)"
    )
    manager.language = "de"
    manager.save(update_fields=["language"])
    client.force_login(manager)

    page = client.get(reverse("accounts:access_log")).content.decode()
    for german in [
        "<td>Fallakte</td>",
        "<td>Druck: Fallakte</td>",
        "Zeitraumbericht, 1. April 2025 bis 31. März 2026 (PDF)",
        "an old note nobody translated",
    ]:
        assert german in page, german
    assert "<td>case file</td>" not in page

    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("accounts:access_log_export")).content.decode()
            )
        )
    )
    assert sorted(
        row[5] for row in rows if row[5] in ("Fallakte", "Druck: Fallakte")
    ) == ["Druck: Fallakte", "Fallakte"]
