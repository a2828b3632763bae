"""Celery entry points of the accounts app: thin, safe to run twice.

A notice sent twice (a worker lost after sending, before acknowledging) is a
duplicate e-mail, which is harmless; a notice never sent is not, so these retry.
"""

import smtplib

from celery import shared_task

from accounts import emails
from accounts.models import AccessLog

TRANSIENT_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)
RETRYING = {
    "acks_late": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 30,
    "retry_backoff_max": 15 * 60,
    "retry_jitter": True,
    "max_retries": 8,
    "soft_time_limit": 60,
    "time_limit": 90,
}


@shared_task(**RETRYING)
def send_account_notice(log_id: int, address: str) -> None:
    """E-mail a person about the change to their account that this log entry records."""
    entry = AccessLog.objects.select_related("user").filter(pk=log_id).first()
    if entry is not None:
        emails.send_account_notice(entry=entry, address=address)


@shared_task(**RETRYING)
def send_account_notice_to_managers(log_id: int) -> None:
    """E-mail the organisation's other managers about this change to an account."""
    entry = AccessLog.objects.select_related("user").filter(pk=log_id).first()
    if entry is not None:
        emails.send_account_notice_to_managers(entry=entry)
