"""Approving an erasure batch: the second pair of eyes, and the start of the
erasure it allows.

Kept apart from retention.services because it starts the Celery task, and the
task module itself runs the services: one module each way, no import loop.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from retention import services, tasks
from retention.models import ErasureBatch


@transaction.atomic
def approve_batch(*, batch: ErasureBatch, actor: User) -> None:
    """Approve a prepared batch and start its erasure after commit; a second
    approval is refused (BatchNotOpen) and changes nothing."""
    if batch.prepared_by_id is not None and batch.prepared_by_id == actor.pk:
        raise services.SameReviewer(
            _("You prepared this batch: another manager must approve it.")
        )
    approved = ErasureBatch.objects.filter(
        pk=batch.pk, status=ErasureBatch.Status.PREPARED
    ).update(
        status=ErasureBatch.Status.APPROVED,
        approved_by=actor,
        approved_at=timezone.now(),
    )
    if not approved:
        raise services.BatchNotOpen(_("This batch was already approved."))
    held = services.held_references(batch)
    if held:
        raise services.ErasureRefused(
            _(
                "These cases are under a legal hold and cannot be erased: %(refs)s. "
                "Hold their items back, then approve the batch."
            )
            % {"refs": ", ".join(held)}
        )
    tasks.erase_batch.delay_on_commit(batch.pk)
