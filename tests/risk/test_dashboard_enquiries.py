"""The risk dashboard counts and lists alerts about a woman's open enquiry (an
event with no man) for the firewall's roles only, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from risk.home import home_context
from risk.models import Alert, RiskEvent, Visibility
from tests.enquiries.factories import ClosedEnquiryFactory, EnquiryFactory
from tests.participants.factories import ParticipantFactory
from tests.risk.factories import AlertFactory, RiskEventFactory


def enquiry_alert(org, recipient, *, enquiry=None):
    """An open alert about an enquiry, as the public page or the first-contact
    detector raises it: no man, only her enquiry."""
    enquiry = enquiry or EnquiryFactory(organisation=org)
    event = RiskEventFactory(
        participant=None,
        organisation=org,
        enquiry=enquiry,
        kind=RiskEvent.Kind.ENQUIRY_RECEIVED,
        source=RiskEvent.Source.RECORD,
        reported_by=None,
        visibility=Visibility.PARTNER_SUPPORT_ONLY,
    )
    return AlertFactory(event=event, organisation=org, recipient=recipient)


def open_by_age(context):
    return sum(n_open for _label, n_open, _ack in context["alerts_by_age"])


def test_managers_count_and_list_alerts_about_open_enquiries(
    org, caseworker, manager, partner_worker, login
):
    man = ParticipantFactory(organisation=org, caseworker=caseworker)
    AlertFactory(event__participant=man, recipient=manager)
    wanted = enquiry_alert(org, partner_worker)
    escalated = enquiry_alert(org, manager, enquiry=wanted.event.enquiry)
    # A closed enquiry's alert is no more live work than a closed case's.
    enquiry_alert(org, manager, enquiry=ClosedEnquiryFactory(organisation=org))

    client = login(manager)
    context = client.get(reverse("risk:dashboard")).context
    assert context["open_alert_total"] == 3
    assert open_by_age(context) == 3
    listed = {alert.pk for alert in context["open_alerts"]}
    assert {wanted.pk, escalated.pk} <= listed
    page = client.get(reverse("risk:dashboard")).content.decode()
    assert wanted.event.enquiry.reference in page
    assert "ENQUIRY-WORDS" not in page
    assert home_context(manager)["risk_home"]["open_alerts"] == 3

    # Narrowed to a caseworker's men: an enquiry belongs to none of them.
    narrowed = client.get(reverse("risk:dashboard"), {"caseworker": caseworker.uuid})
    assert narrowed.context["open_alert_total"] == 1


def test_partner_support_counts_and_lists_her_own_enquiry_alerts(
    org, partner_worker, make_user, login
):
    mine = enquiry_alert(org, partner_worker)
    enquiry_alert(org, make_user("partner_support", username="t-colleague"))
    context = login(partner_worker).get(reverse("risk:dashboard")).context
    assert context["open_alert_total"] == 1
    assert [alert.pk for alert in context["open_alerts"]] == [mine.pk]


def test_roles_outside_the_firewall_never_count_enquiry_alerts(org, caseworker, login):
    """Even an enquiry alert addressed to a caseworker by mistake stays off his
    dashboard: enquiries are behind the firewall."""
    man = ParticipantFactory(organisation=org, caseworker=caseworker)
    own = AlertFactory(event__participant=man, recipient=caseworker)
    enquiry_alert(org, caseworker)
    response = login(caseworker).get(reverse("risk:dashboard"))
    assert response.context["open_alert_total"] == 1
    assert [alert.pk for alert in response.context["open_alerts"]] == [own.pk]
    assert "Enquiry" not in response.content.decode()


@pytest.mark.parametrize("role", ["manager", "partner_support"])
def test_enquiry_alerts_add_no_queries(role, org, manager, partner_worker, login):
    """The query count is the same with no enquiry alerts, a few, or many."""
    user = {"manager": manager, "partner_support": partner_worker}[role]
    client = login(user)
    url = reverse("risk:dashboard")
    client.get(url)  # warm caches (content types, permissions)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    none = queries()
    for _n in range(2):
        enquiry_alert(org, user)
    few = queries()
    for _n in range(20):
        enquiry_alert(org, user)
    many = queries()
    assert none == few == many
    assert Alert.objects.filter(recipient=user).count() == 22
