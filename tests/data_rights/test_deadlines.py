"""The deadline detector: managers are warned a week before a request is due,
and again when it is overdue, once each."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from data_rights.detectors import detect_request_deadlines
from data_rights.models import DeadlineNotice, RightsRequest
from data_rights.tasks import warn_of_request_deadlines
from tests.data_rights.factories import RightsRequestFactory


def _request(man, due_in_days, **kwargs):
    today = timezone.localdate()
    return RightsRequestFactory(
        participant=man,
        received_on=today - datetime.timedelta(days=30),
        due_on=today + datetime.timedelta(days=due_in_days),
        **kwargs,
    )


def test_managers_are_warned_a_week_before_and_once_overdue(
    manager, man, django_capture_on_commit_callbacks
):
    soon = _request(man, 5)
    late = _request(man, -1)
    _request(man, 20)  # not yet
    _request(man, -3, status=RightsRequest.Status.RELEASED)  # answered
    with django_capture_on_commit_callbacks(execute=True):
        found = detect_request_deadlines(now=timezone.now())
    stages = {(n.request_id, n.stage) for n in found}
    assert stages == {
        (soon.pk, DeadlineNotice.Stage.DUE_SOON),
        (late.pk, DeadlineNotice.Stage.OVERDUE),
    }
    assert len(mail.outbox) == 2
    endings = {m.subject.rsplit(" is ", 1)[1] for m in mail.outbox}
    assert endings == {"due within a week", "overdue"}
    assert all(manager.email in m.to for m in mail.outbox)
    # The e-mail names a reference, never the man.
    assert all(man.first_name not in m.body for m in mail.outbox)


def test_a_second_run_warns_nobody_again(manager, man):
    _request(man, 2)
    assert warn_of_request_deadlines() == 1
    assert warn_of_request_deadlines() == 0
    assert DeadlineNotice.objects.count() == 1


def test_a_request_warned_before_is_warned_again_when_it_passes(manager, man):
    request = _request(man, 2)
    detect_request_deadlines(now=timezone.now())
    later = timezone.now() + datetime.timedelta(days=3)
    found = detect_request_deadlines(now=later)
    assert [(n.request_id, n.stage) for n in found] == [
        (request.pk, DeadlineNotice.Stage.OVERDUE)
    ]


def test_the_list_shows_the_warnings(login, manager, man):
    request = _request(man, 2)
    detect_request_deadlines(now=timezone.now())
    body = login(manager).get(reverse("data_rights:request_list")).content.decode()
    assert "Deadlines" in body and request.reference in body
