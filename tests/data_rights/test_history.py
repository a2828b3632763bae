"""A record's History page: who changed which field, from what to what, when."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessLog
from data_rights.services import restrict_processing
from participants.models import Participant
from partner_contact import services as partner_services
from tests.partner_contact.factories import PartnerFactory
from tests.programmes.factories import EnrolmentFactory, GroupFactory


def _history(kind, record):
    return reverse("data_rights:history", args=[kind, record.uuid])


def _change(man, user, **fields):
    for name, value in fields.items():
        setattr(man, name, value)
    man._history_user = user
    man.save()


def test_his_history_shows_who_changed_what_from_what_to_what(login, caseworker, man):
    _change(man, caseworker, phone="07700 900111", language="Polish")
    body = login(caseworker).get(_history("case", man)).content.decode()
    assert "Language" in body
    assert "English" in body and "Polish" in body
    assert "07700 900111" in body
    assert (caseworker.get_full_name() or caseworker.username) in body


def test_a_facilitator_sees_the_history_of_a_man_in_his_group(login, facilitator):
    group = GroupFactory(
        programme__organisation=facilitator.organisation, facilitators=[facilitator]
    )
    place = EnrolmentFactory(group=group)
    assert login(facilitator).get(_history("case", place.participant)).status_code == (
        200
    )


def test_the_page_costs_the_same_queries_however_long_the_history(
    login, caseworker, manager, man
):
    client = login(caseworker)

    def counted():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_history("case", man)).status_code == 200
        return len(queries)

    _change(man, manager, caseworker=caseworker, language="French")
    counted()  # the first request of a session reads what later ones keep
    few = counted()
    for number in range(15):
        _change(
            man, manager if number % 2 else caseworker, phone=f"07700 9{number:05d}"
        )
    assert counted() == few


def test_her_safe_contact_details_show_as_changed_to_a_manager(
    login, manager, partner_worker, org
):
    woman = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    partner_services.update_partner(
        partner=woman, actor=partner_worker, phone="07700 955555", area="Northside"
    )
    manager_page = login(manager).get(_history("partner", woman)).content.decode()
    assert "Northside" in manager_page
    assert "07700 955555" not in manager_page
    assert "changed" in manager_page
    worker_page = login(partner_worker).get(_history("partner", woman)).content
    assert "07700 955555" in worker_page.decode()


@pytest.mark.parametrize("role", ["facilitator", "caseworker"])
def test_her_history_is_behind_the_firewall(request, login, org, role):
    woman = PartnerFactory(organisation=org)
    user = request.getfixturevalue(role)
    assert login(user).get(_history("partner", woman)).status_code == 404


def test_a_record_of_another_organisation_is_not_found(login, outsider, man):
    assert login(outsider).get(_history("case", man)).status_code == 404


def test_an_unknown_kind_is_not_found(login, manager, man):
    assert login(manager).get(_history("nonsense", man)).status_code == 404


def test_an_organisation_administrator_reads_no_history(login, org_admin, man):
    assert login(org_admin).get(_history("case", man)).status_code == 403


def test_viewing_her_history_is_in_the_access_log(login, manager, org):
    woman = PartnerFactory(organisation=org)
    login(manager).get(_history("partner", woman))
    assert AccessLog.objects.filter(object_uuid=woman.uuid, user=manager).exists()


def test_restricting_processing_shows_in_his_history(login, manager, man):
    restrict_processing(subject=man, actor=manager, reason="Upheld", now=timezone.now())
    man = Participant.objects.get(pk=man.pk)
    body = login(manager).get(_history("case", man)).content.decode()
    assert "Why processing is restricted" in body
    assert "Upheld" in body
