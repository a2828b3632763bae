"""Demo retention: each organisation has its schedule, one closed case under a
legal hold, and a batch waiting for review that lists nobody by name and leaves
the held case out."""

from accounts.models import Organisation
from retention.models import ErasureBatch, LegalHold, RecordKind, RetentionRule


def test_each_organisation_can_try_the_review_at_once(seeded):
    for organisation in Organisation.objects.all():
        assert RetentionRule.objects.filter(organisation=organisation).count() == 7
        hold = LegalHold.objects.get(organisation=organisation)
        assert hold.is_active and hold.detail.endswith("(demo)")
        batch = ErasureBatch.objects.get(organisation=organisation)
        assert batch.status == ErasureBatch.Status.PREPARED
        assert batch.prepared_by is None
        assert batch.items.exists()
        assert not batch.items.filter(
            kind=RecordKind.CLOSED_CASE, subject_id=hold.participant_id
        ).exists()
