"""Demo retention: each organisation's schedule at its defaults, a legal hold on
one closed case (a fictional police request), and, in the organisations whose
users can log in, the batch the nightly job would prepare now (referrals
declined more than three months ago, old drafts), waiting for a manager's
review, so the review page can be tried at once. The other organisations (the
benchmark's) get theirs from their first nightly run: preparing 48 batches
nobody could open was 4 s of the 100,000-men seed."""

from demo.constraints import analyse
from demo.context import DemoContext
from demo.organisations import LOGIN_ORGANISATIONS
from participants.models import Participant
from retention import services
from retention.models import LegalHold


def seed(ctx: DemoContext) -> None:
    """The schedule and one legal hold per organisation; one batch for review
    in each organisation whose users can log in."""
    # The nightly job's queries read what the risk and outcome steps loaded:
    # with their indexes and fresh statistics.
    ctx.indexes.build()
    analyse()
    for index, staff in enumerate(ctx.staff):
        organisation = staff.organisation
        services.ensure_schedule(organisation)
        closed = (
            Participant.objects.filter(
                organisation=organisation, status=Participant.Status.CLOSED
            )
            .order_by("pk")
            .first()
        )
        if closed is not None:
            LegalHold.objects.create(
                organisation=organisation,
                participant=closed,
                reason=LegalHold.Reason.POLICE_REQUEST,
                detail="Police request ref. DEMO-0001 (demo)",
                placed_by_id=staff.first("manager"),
            )
        if index < LOGIN_ORGANISATIONS:
            services.prepare_batch(organisation=organisation, today=ctx.today)
