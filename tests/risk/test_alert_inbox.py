"""The alerts inbox: pages, filters, acknowledging several, counts that agree,
and the database keeping one alert per event and recipient, in time order."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from participants.models import Participant
from risk.dashboard import dashboard_context, scoped_men
from risk.home import home_context
from risk.models import Alert, RiskEvent
from risk.outbox import create_alerts
from tests.participants.factories import ParticipantFactory
from tests.risk.factories import AlertFactory, RiskEventFactory

pytestmark = pytest.mark.django_db
LIST = reverse("risk:alert_list")
BULK = reverse("risk:alert_acknowledge_many")


def _aged(alert, days):
    Alert.objects.filter(pk=alert.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )
    return alert


def test_the_inbox_is_paginated(login, caseworker, man):
    for _ in range(30):
        AlertFactory(event__participant=man, recipient=caseworker)
    response = login(caseworker).get(LIST)
    assert len(response.context["page_obj"].object_list) == 25
    assert response.context["page_obj"].paginator.count == 30
    assert "30 listed" in response.content.decode()


def test_filters_by_kind_man_and_age(login, caseworker, man, org):
    other = ParticipantFactory(organisation=org, caseworker=caseworker)
    police = AlertFactory(
        event__participant=man, event__kind=RiskEvent.Kind.POLICE_CALLOUT
    )
    threats = _aged(
        AlertFactory(event__participant=man, event__kind=RiskEvent.Kind.THREATS), 3
    )
    his = _aged(AlertFactory(event__participant=other), 10)
    client = login(caseworker)

    def listed(**query):
        page = client.get(LIST, query).context["page_obj"]
        return {a.pk for a in page.object_list}

    assert listed(kind="threats") == {threats.pk}
    assert listed(man=other.reference.lower()) == {his.pk}
    assert listed(age="day") == {police.pk}
    assert listed(age="week") == {threats.pk}
    assert listed(age="older") == {his.pk}
    assert listed(status="open", kind="police_callout", age="day") == {police.pk}


def test_a_bad_filter_is_a_400_listing_nothing(login, caseworker, man):
    AlertFactory(event__participant=man)
    response = login(caseworker).get(LIST, {"kind": "nonsense", "age": "x"})
    assert response.status_code == 400
    assert not response.context["page_obj"].object_list


def test_acknowledge_several_at_once(login, caseworker, manager, man):
    mine = [AlertFactory(event__participant=man) for _ in range(3)]
    theirs = AlertFactory(event__participant=man, recipient=manager)
    response = login(caseworker).post(
        BULK, {"alert": [str(a.uuid) for a in mine[:2]], "next": LIST}
    )
    assert response.status_code == 302
    statuses = dict(Alert.objects.values_list("pk", "status"))
    assert statuses[mine[0].pk] == statuses[mine[1].pk] == "acknowledged"
    assert statuses[mine[2].pk] == statuses[theirs.pk] == "open"
    # Each keeps who acknowledged it in its history.
    assert Alert.history.filter(id=mine[0].pk, history_user=caseworker).exists()


def test_acknowledging_someone_elses_or_none_is_a_400(login, caseworker, manager, man):
    theirs = AlertFactory(event__participant=man, recipient=manager)
    client = login(caseworker)
    assert client.post(BULK, {"alert": [str(theirs.uuid)]}).status_code == 400
    assert client.post(BULK, {}).status_code == 400
    theirs.refresh_from_db()
    assert theirs.status == "open"


def test_the_list_costs_the_same_queries_as_alerts_grow(login, caseworker, man, org):
    client = login(caseworker)
    AlertFactory(event__participant=man)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST, {"status": "open"})
    for _ in range(8):
        AlertFactory(
            event__participant=ParticipantFactory(
                organisation=org, caseworker=caseworker
            )
        )
    with CaptureQueriesContext(connection) as many:
        client.get(LIST, {"status": "open"})
    assert len(many.captured_queries) == len(few.captured_queries)


def test_an_alert_is_never_acknowledged_before_it_was_raised(man):
    """Issue 14 item 10: one alert read as acknowledged two days before it was
    raised; the database refuses it now."""
    alert = AlertFactory(event__participant=man)
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.filter(pk=alert.pk).update(
            status="acknowledged",
            acknowledged_at=alert.created_at - timedelta(days=2),
        )


def test_an_alert_is_never_resolved_before_it_was_acknowledged(man):
    alert = AlertFactory(event__participant=man)
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.filter(pk=alert.pk).update(
            status="resolved",
            acknowledged_at=alert.created_at + timedelta(hours=2),
            resolved_at=alert.created_at + timedelta(hours=1),
            resolution_note="Dealt with.",
        )


def test_one_alert_per_event_and_recipient_even_through_the_outbox(man, caseworker):
    event = RiskEventFactory(participant=man)
    first = create_alerts([event], deliver=False)
    assert [a.recipient_id for a in first].count(caseworker.pk) == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        create_alerts([event], deliver=False)
    assert Alert.objects.filter(event=event, recipient=caseworker).count() == 1


def test_home_dashboard_and_menu_counts_agree_and_say_what_they_count(
    login, manager, caseworker, man, org
):
    closed = ParticipantFactory(
        organisation=org, caseworker=caseworker, status=Participant.Status.CLOSED
    )
    AlertFactory(event__participant=man)  # the caseworker's
    AlertFactory(event__participant=man, recipient=manager)
    AlertFactory(event__participant=closed, recipient=manager)  # a closed case
    home = home_context(manager)["risk_home"]
    dashboard = dashboard_context(manager, scoped_men(manager), whole_organisation=True)
    assert home["open_alerts"] == dashboard["open_alert_total"] == 2
    # Hers, whatever the case: the menu's count.
    assert home["my_open_alerts"] == 2
    html = login(manager).get("/").content.decode()
    assert "alerts not acknowledged about the organisation's open cases" in html
    assert "waiting for your own acknowledgement" in html
    assert (
        '2</span><span class="visually-hidden"> waiting for your acknowledgement'
        in (html)
    )
