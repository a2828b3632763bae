"""The transactional outbox, e-mail delivery and escalation."""

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from celery.exceptions import SoftTimeLimitExceeded
from django.core import mail
from django.db import transaction
from django.utils import timezone

from risk import outbox, rules, services, tasks
from risk.emails import send_alert
from risk.models import Alert, RiskEvent
from risk.models.alerts import STALE_CLAIM
from tests.accounts.factories import ManagerFactory
from tests.partner_contact.factories import RelationshipFactory
from tests.risk.factories import AcknowledgedAlertFactory, AlertFactory

Kind = RiskEvent.Kind


def detection(man, key="test:1", kind=Kind.POLICE_CALLOUT):
    return outbox.Detection(
        organisation_id=man.organisation_id,
        participant_id=man.pk,
        kind=kind,
        occurred_on=timezone.localdate(),
        dedup_key=key,
    )


def test_event_and_its_alerts_commit_or_roll_back_together(man):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.record_events([detection(man)])
        assert Alert.objects.count() == 1
        raise RuntimeError("the worker dies here")
    assert not RiskEvent.objects.exists()
    assert not Alert.objects.exists()


def test_repeated_key_inserts_nothing_and_alerts_nobody(man):
    first = outbox.record_events([detection(man)])
    again = outbox.record_events([detection(man), detection(man)])
    assert len(first.events) == 1 and len(first.alerts) == 1
    assert again.events == [] and again.alerts == []
    assert RiskEvent.objects.count() == 1


def test_same_key_in_another_organisation_is_another_event(man, other_org):
    from tests.participants.factories import ParticipantFactory

    stranger = ParticipantFactory(organisation=other_org)
    outbox.record_events([detection(man), detection(stranger)])
    assert RiskEvent.objects.count() == 2


def test_recipients_follow_the_kind_and_the_firewall(man, manager):
    relationship = RelationshipFactory(
        participant=man, partner__organisation=man.organisation
    )
    worker = relationship.partner.partner_support_worker
    separation = outbox.record_events([detection(man, "a", Kind.SEPARATION)])
    assert {(a.recipient_id, a.reason) for a in separation.alerts} == {
        (man.caseworker_id, "caseworker"),
        (worker.pk, "partner_support"),
        (manager.pk, "manager"),
    }
    partner_side = outbox.Detection(
        organisation_id=man.organisation_id,
        participant_id=man.pk,
        kind=Kind.THREATS,
        occurred_on=timezone.localdate(),
        dedup_key="b",
        visibility="partner_support_only",
    )
    recorded = outbox.record_events([partner_side])
    assert man.caseworker_id not in {a.recipient_id for a in recorded.alerts}
    drop_out = outbox.record_events([detection(man, "c", Kind.DROP_OUT)])
    assert worker.pk in {a.recipient_id for a in drop_out.alerts}


def test_an_event_nobody_holds_goes_to_the_managers(man, manager):
    man.caseworker = None
    man.save()
    recorded = outbox.record_events([detection(man, kind=Kind.MISSED_SESSIONS)])
    assert [(a.recipient_id, a.reason) for a in recorded.alerts] == [
        (manager.pk, "fallback")
    ]


def test_delivery_is_enqueued_on_commit(man, django_capture_on_commit_callbacks):
    with (
        mock.patch.object(tasks.deliver_alert_emails, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        recorded = outbox.record_events([detection(man)])
    delay.assert_called_once_with([recorded.alerts[0].pk])


def test_delivery_sends_once_even_if_the_task_runs_twice(man):
    alert = outbox.record_events([detection(man)]).alerts[0]
    assert tasks.deliver_alert_emails([alert.pk]) == 1
    assert tasks.deliver_alert_emails([alert.pk]) == 0
    assert len(mail.outbox) == 1
    alert.refresh_from_db()
    assert alert.email_status == Alert.EmailStatus.SENT
    assert alert.email_attempts == 1


def test_an_alert_claimed_by_another_worker_is_skipped(man):
    alert = outbox.record_events([detection(man)]).alerts[0]
    assert outbox.claim_alert_email(ids=[alert.pk]) == alert.pk
    assert tasks.deliver_alert_emails([alert.pk]) == 0
    assert mail.outbox == []


def test_a_stale_claim_is_taken_again(man):
    alert = outbox.record_events([detection(man)]).alerts[0]
    outbox.claim_alert_email(ids=[alert.pk], now=timezone.now() - timedelta(hours=1))
    assert tasks.deliver_alert_emails([alert.pk]) == 1


def test_e_mails_are_claimed_one_at_a_time(man, manager):
    """A claim takes one e-mail; the others stay pending for anybody to take."""
    alerts = outbox.record_events([detection(man, kind=Kind.SEPARATION)]).alerts
    ids = sorted(a.pk for a in alerts)
    assert outbox.claim_alert_email(ids=ids) == ids[0]
    assert set(
        Alert.objects.email_due(timezone.now()).values_list("pk", flat=True)
    ) == (set(ids[1:]))


class WorkerLost(BaseException):
    """The worker's process is killed: nothing after this line runs."""


def test_a_worker_lost_mid_send_delays_only_the_email_it_held(man, manager):
    """Killed after one e-mail, a worker leaves the rest to be sent at once, and
    the one it was sending a few minutes later; nobody gets an e-mail twice."""
    relationship = RelationshipFactory(
        participant=man, partner__organisation=man.organisation
    )
    assert relationship.partner.partner_support_worker_id
    alerts = outbox.record_events([detection(man, kind=Kind.SEPARATION)]).alerts
    ids = sorted(a.pk for a in alerts)
    assert len(ids) == 3
    calls = []

    def sent_once_then_killed(*, alert):
        calls.append(alert.pk)
        if len(calls) == 2:
            raise WorkerLost
        send_alert(alert=alert)

    with (
        mock.patch("risk.tasks.send_alert", side_effect=sent_once_then_killed),
        pytest.raises(WorkerLost),
    ):
        tasks.deliver_alert_emails.run(ids)
    first, held, rest = ids
    statuses = dict(Alert.objects.values_list("pk", "email_status"))
    assert statuses == {
        first: Alert.EmailStatus.SENT,
        held: Alert.EmailStatus.SENDING,
        rest: Alert.EmailStatus.PENDING,
    }
    # The beat job, a minute later, finds the rest; the held one is not yet due.
    with mock.patch.object(tasks.deliver_alert_emails, "delay") as delay:
        assert tasks.send_pending_alerts() == 1
    delay.assert_called_once_with([rest])
    assert tasks.deliver_alert_emails(ids) == 1
    # A few minutes on, the held e-mail's claim is stale and it goes out.
    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        assert tasks.deliver_alert_emails(ids) == 1
    assert sorted(to for m in mail.outbox for to in m.to) == sorted(
        a.recipient.email for a in Alert.objects.select_related("recipient")
    )
    assert set(Alert.objects.values_list("email_status", flat=True)) == {
        Alert.EmailStatus.SENT
    }


def test_no_living_worker_holds_a_claim_long_enough_to_go_stale():
    """A stale claim is from a dead worker: it outlasts the task's hard limit."""
    hard_limit = timedelta(seconds=tasks.deliver_alert_emails.time_limit)
    assert hard_limit < STALE_CLAIM <= timedelta(minutes=3)


def test_running_out_of_time_gives_the_email_back(man, manager):
    """At the soft time limit the e-mail in hand goes back to pending, unsent."""
    alerts = outbox.record_events([detection(man, kind=Kind.SEPARATION)]).alerts
    ids = sorted(a.pk for a in alerts)
    with (
        mock.patch("risk.tasks.send_alert", side_effect=SoftTimeLimitExceeded()),
        pytest.raises(SoftTimeLimitExceeded),
    ):
        tasks.deliver_alert_emails.run(ids)
    assert set(Alert.objects.values_list("email_status", flat=True)) == {
        Alert.EmailStatus.PENDING
    }
    assert mail.outbox == []


def test_transient_smtp_error_releases_the_claim_and_retries(man):
    alert = outbox.record_events([detection(man)]).alerts[0]
    with (
        mock.patch(
            "risk.tasks.send_alert", side_effect=smtplib.SMTPServerDisconnected("x")
        ),
        pytest.raises(smtplib.SMTPServerDisconnected),
    ):
        tasks.deliver_alert_emails.run([alert.pk])
    alert.refresh_from_db()
    assert alert.email_status == Alert.EmailStatus.PENDING


def test_a_permanent_error_is_not_retried(man):
    alert = outbox.record_events([detection(man)]).alerts[0]
    with mock.patch("risk.tasks.send_alert", side_effect=ValueError("bad template")):
        assert tasks.deliver_alert_emails([alert.pk]) == 0
    alert.refresh_from_db()
    assert alert.email_status == Alert.EmailStatus.FAILED


def test_beat_job_resends_what_is_still_pending(man):
    alert = outbox.record_events([detection(man)]).alerts[0]
    with mock.patch.object(tasks.deliver_alert_emails, "delay") as delay:
        assert tasks.send_pending_alerts() == 1
    delay.assert_called_once_with([alert.pk])


def test_email_names_neither_the_man_nor_the_partner(man):
    relationship = RelationshipFactory(
        participant=man, partner__organisation=man.organisation
    )
    outbox.record_events([detection(man, kind=Kind.SEPARATION)])
    tasks.deliver_alert_emails(list(Alert.objects.values_list("pk", flat=True)))
    assert mail.outbox
    for message in mail.outbox:
        text = message.subject + message.body + message.alternatives[0][0]
        assert man.reference in text
        for secret in (
            man.first_name,
            man.last_name,
            relationship.partner.name,
            relationship.partner.phone,
            "Separation",
        ):
            assert secret not in text
        assert "/risk/alerts/" in message.body


def test_user_without_an_email_address_gets_the_alert_in_the_app_only(man):
    man.caseworker.email = ""
    man.caseworker.save()
    alert = outbox.record_events([detection(man)]).alerts[0]
    assert alert.email_status == Alert.EmailStatus.NO_ADDRESS
    assert tasks.deliver_alert_emails([alert.pk]) == 0


# Escalation ---------------------------------------------------------------------


def _age(alert, hours):
    Alert.objects.filter(pk=alert.pk).update(
        created_at=timezone.now() - timedelta(hours=hours)
    )


def test_alert_unacknowledged_past_the_limit_escalates_to_managers(man, manager):
    alert = AlertFactory(event__participant=man)
    _age(alert, 25)
    recorded = services.escalate_unacknowledged_alerts()
    assert [e.kind for e in recorded.events] == [Kind.UNACKNOWLEDGED_ALERT]
    assert [a.recipient_id for a in recorded.alerts] == [manager.pk]
    alert.refresh_from_db()
    assert alert.escalated_at is not None
    assert services.escalate_unacknowledged_alerts().events == []


def test_acknowledged_or_recent_alerts_do_not_escalate(man, manager):
    _age(AcknowledgedAlertFactory(event__participant=man), 48)
    _age(AlertFactory(event__participant=man), 2)
    assert services.escalate_unacknowledged_alerts().events == []


def test_the_organisations_limit_applies(man, manager, org):
    org.alert_acknowledge_hours = 4
    org.save()
    _age(AlertFactory(event__participant=man), 5)
    assert len(services.escalate_unacknowledged_alerts().events) == 1


def test_an_escalation_is_not_escalated_again(man, manager):
    alert = AlertFactory(event__participant=man)
    _age(alert, 25)
    escalation = services.escalate_unacknowledged_alerts().alerts[0]
    _age(escalation, 50)
    assert services.escalate_unacknowledged_alerts().events == []


def test_escalation_detector_is_listed_by_scan(man, manager):
    _age(AlertFactory(event__participant=man), 25)
    found = rules.detect_unacknowledged_alerts(
        today=timezone.localdate(), now=timezone.now()
    )
    assert [d.kind for d in found] == [Kind.UNACKNOWLEDGED_ALERT]


def test_escalation_task_is_thin(man):
    ManagerFactory(organisation=man.organisation)
    _age(AlertFactory(event__participant=man), 25)
    assert tasks.escalate_unacknowledged_alerts() == 1
    assert tasks.escalate_unacknowledged_alerts() == 0
