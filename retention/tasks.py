"""Celery entry points of retention: thin, idempotent, safe to run twice."""

from celery import shared_task

from retention import batch_runner, services


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def prepare_erasure_batches() -> int:
    """Prepare a batch of what has passed its retention date for each
    organisation; idempotent: while a batch waits for review, nothing is added."""
    return len(services.prepare_batches())


@shared_task(acks_late=True, soft_time_limit=3000, time_limit=3600)
def erase_batch(batch_id: int) -> int:
    """Erase an approved batch, one transaction per case; idempotent: settled
    items are skipped, so a redelivered task finishes what a lost worker left."""
    return batch_runner.run_batch(batch_id)
