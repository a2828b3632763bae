from unittest import mock

import pytest
from django.db import transaction

from config.celery import app


@app.task(name="tests.noop")
def noop():
    return None


@pytest.mark.django_db(transaction=True)
def test_a_broker_failure_after_commit_does_not_fail_the_request(caplog):
    """The saved work stands; the error is logged for the beat job to make good."""
    broken = mock.patch.object(
        noop, "delay", side_effect=ConnectionError("broker down")
    )
    with broken, transaction.atomic():
        noop.delay_on_commit()
    # Reaching here means the failure after commit was not raised.
    assert "broker down" in caplog.text
