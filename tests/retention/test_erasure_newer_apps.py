"""Erasure reaches the records of the apps built beside retention: his
complaint and her enquiries; an enquiry that never led to a record of hers has
its own rule."""

import datetime

import pytest
from django.utils import timezone

from enquiries.models import Enquiry
from retention import services
from retention.models import ErasureItem, RecordKind
from tests.accounts.factories import ManagerFactory, OrganisationFactory
from tests.complaints.factories import ComplaintFactory
from tests.enquiries.factories import ClosedEnquiryFactory
from tests.retention.factories import marked_closed_case
from tests.retention.test_erasure import approve_and_run, found_anywhere

pytestmark = pytest.mark.django_db


def test_his_complaint_and_her_enquiry_are_erased(
    django_capture_on_commit_callbacks,
):
    org = OrganisationFactory()
    manager = ManagerFactory(organisation=org)
    case = marked_closed_case(org, "zqnew_")
    ComplaintFactory(
        organisation=org,
        participant=case.man,
        from_name="zqnew_complainer",
        details="zqnew_complaintdetails",
    )
    her_enquiry = ClosedEnquiryFactory(
        organisation=org,
        name="zqnew_enquirer",
        partner=case.woman,
        linked_at=timezone.now(),
    )
    markers = [
        "zqnew_complainer",
        "zqnew_complaintdetails",
        "zqnew_enquirer",
    ]
    assert set(found_anywhere(markers)) == set(markers)
    batch = services.prepare_batch(organisation=org)
    approve_and_run(batch, manager, django_capture_on_commit_callbacks)
    assert found_anywhere(markers + case.his_markers + case.her_markers) == {}
    her_enquiry.refresh_from_db()
    assert (her_enquiry.concerns, her_enquiry.phone) == ("", "")


def test_an_enquiry_that_led_nowhere_is_erased_after_its_period(
    django_capture_on_commit_callbacks,
):
    org = OrganisationFactory()
    manager = ManagerFactory(organisation=org)
    long_ago = timezone.now() - datetime.timedelta(days=500)
    old = ClosedEnquiryFactory(
        organisation=org, name="zqenq_old", received_at=long_ago, closed_at=long_ago
    )
    recent = ClosedEnquiryFactory(organisation=org, name="zqenq_recent")
    batch = services.prepare_batch(organisation=org)
    items = batch.items.filter(kind=RecordKind.ENQUIRY)
    assert list(items.values_list("subject_id", flat=True)) == [old.pk]
    approve_and_run(batch, manager, django_capture_on_commit_callbacks)
    assert found_anywhere(["zqenq_old"]) == {}
    old.refresh_from_db()
    assert old.concerns == "" and old.closed_at is not None
    assert Enquiry.objects.get(pk=recent.pk).name == "zqenq_recent"
    assert items.get().status == ErasureItem.Status.ERASED
    assert services.prepare_batch(organisation=org) is None


def test_an_open_request_from_him_or_her_pauses_routine_erasure():
    """While his or her data-protection request is open, the nightly batch leaves
    the person out (art. 15: the answer must not be erased under them)."""
    from tests.data_rights.factories import (
        HerRightsRequestFactory,
        RightsRequestFactory,
    )

    org = OrganisationFactory()
    case = marked_closed_case(org, "zqreq_")
    RightsRequestFactory(participant=case.man, organisation=org)
    HerRightsRequestFactory(partner=case.woman, organisation=org)
    batch = services.prepare_batch(organisation=org)
    listed = set(batch.items.values_list("kind", "subject_id")) if batch else set()
    assert (RecordKind.CLOSED_CASE, case.man.pk) not in listed
    assert (RecordKind.PARTNER_RECORD, case.woman.pk) not in listed


def test_his_childrens_orders_and_her_case_notes_are_erased(
    django_capture_on_commit_callbacks,
):
    from participants.models import ChildOrder
    from partner_contact.models import PartnerStatusChange
    from tests.participants.factories import ChildFactory

    org = OrganisationFactory()
    manager = ManagerFactory(organisation=org)
    case = marked_closed_case(org, "zqord_")
    child = ChildFactory(participant=case.man, organisation=org)
    ChildOrder.objects.create(
        organisation=org,
        child=child,
        kind=ChildOrder.Kind.OTHER,
        court_or_agency="zqord_court",
        reference="zqord_orderref",
        details="zqord_orderdetails",
    )
    PartnerStatusChange.objects.create(
        organisation=org,
        partner=case.woman,
        from_status="identified",
        to_status="contact_pending",
        reason="first_contact",
        note="her words (encrypted)",
        effective_on=datetime.date(2019, 1, 1),
        actor=manager,
    )
    markers = ["zqord_court", "zqord_orderref", "zqord_orderdetails"]
    assert set(found_anywhere(markers)) == set(markers)
    batch = services.prepare_batch(organisation=org)
    approve_and_run(batch, manager, django_capture_on_commit_callbacks)
    assert found_anywhere(markers) == {}
    assert PartnerStatusChange.objects.get(partner=case.woman).note == ""


def test_a_woman_in_support_is_never_due():
    from partner_contact.models import Partner

    org = OrganisationFactory()
    case = marked_closed_case(org, "zqsupp_")
    Partner.objects.filter(pk=case.woman.pk).update(status="engaged")
    batch = services.prepare_batch(organisation=org)
    assert not batch.items.filter(
        kind=RecordKind.PARTNER_RECORD, subject_id=case.woman.pk
    ).exists()
