"""The deadline detector: a data-protection request nearly due, or overdue.

Run daily by data_rights.tasks.warn_of_request_deadlines (config/settings/base.py).
Risk never imports data_rights (docs/decisions/0006-layers.md), and a request
may be about a woman who has no man on record, so this is not a risk event: it
writes a DeadlineNotice per request and stage and e-mails the managers, in the
house style of a detector (one set-based query per date, a stable key, a second
run writes nothing).
"""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from accounts.calendar import local_today
from accounts.emails import send_templated
from accounts.models import Organisation, User
from data_rights.models import DeadlineNotice, RightsRequest

# How long before the due date the managers are first warned.
WARN_BEFORE = timedelta(days=7)


@transaction.atomic
def detect_request_deadlines(*, now: datetime) -> list[DeadlineNotice]:
    """Warn of every open request due within WARN_BEFORE, then again once it is
    overdue. Idempotent: the (request, stage) key refuses a second notice."""
    batch = uuid.uuid4()
    notices = []
    for today, organisation_ids in _organisations_by_local_date(now).items():
        open_requests = RightsRequest.objects.open().filter(
            organisation_id__in=organisation_ids
        )
        for request_id, org_id, due_on in open_requests.filter(
            due_on__lte=today + WARN_BEFORE
        ).values_list("pk", "organisation_id", "due_on"):
            stage = (
                DeadlineNotice.Stage.OVERDUE
                if due_on < today
                else DeadlineNotice.Stage.DUE_SOON
            )
            notices.append(
                DeadlineNotice(
                    organisation_id=org_id,
                    request_id=request_id,
                    stage=stage,
                    due_on=due_on,
                    created_at=now,
                    batch=batch,
                )
            )
    DeadlineNotice.objects.bulk_create(notices, ignore_conflicts=True)
    new = list(DeadlineNotice.objects.filter(batch=batch).select_related("request"))
    if new:
        transaction.on_commit(lambda: send_deadline_emails([n.pk for n in new]))
    return new


def _organisations_by_local_date(now: datetime) -> dict:
    """Every organisation's id under its own date now (one query): a request
    is late by the organisation's calendar, not the server's."""
    days: dict = {}
    for organisation in Organisation.objects.only("pk", "time_zone"):
        days.setdefault(local_today(organisation, now), set()).add(organisation.pk)
    return days


def send_deadline_emails(notice_ids: list[int]) -> None:
    """E-mail each notice to its organisation's managers: a reference, the kind
    and the date only, never the person's name."""
    notices = list(
        DeadlineNotice.objects.filter(pk__in=notice_ids).select_related("request")
    )
    managers: dict[int, list[str]] = {}
    for org_id, email in (
        User.objects.filter(
            Q(organisation_id__in={n.organisation_id for n in notices}),
            role=User.Role.MANAGER,
            is_active=True,
        )
        .exclude(email="")
        .values_list("organisation_id", "email")
    ):
        managers.setdefault(org_id, []).append(email)
    site = settings.SITE_URL.rstrip("/")
    for notice in notices:
        to = managers.get(notice.organisation_id)
        if not to:
            continue
        send_templated(
            name="data-request-deadline",
            context={
                "notice": notice,
                "request": notice.request,
                "overdue": notice.stage == DeadlineNotice.Stage.OVERDUE,
                "url": site
                + reverse("data_rights:request_detail", args=[notice.request.uuid]),
            },
            to=to,
        )
