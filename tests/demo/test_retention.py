"""Demo retention: each organisation has its schedule and one closed case under a
legal hold; each whose users can log in has a batch waiting for review that
lists nobody by name and leaves the held case out."""

from accounts.models import Organisation
from demo import retention
from demo.organisations import LOGIN_ORGANISATIONS
from retention.models import ErasureBatch, LegalHold, RecordKind, RetentionRule


def test_each_organisation_can_try_the_review_at_once(seeded):
    organisations = list(Organisation.objects.order_by("pk"))
    assert len(organisations) == LOGIN_ORGANISATIONS
    for organisation in organisations:
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


def test_organisations_nobody_can_log_in_to_wait_for_their_nightly_run(
    seeded, monkeypatch
):
    """Past the organisations with logins (the benchmark's 48 more), no batch is
    prepared by the seed: nobody could open it."""
    monkeypatch.setattr(retention, "LOGIN_ORGANISATIONS", 1)
    ErasureBatch.objects.all().delete()
    LegalHold.objects.all().delete()
    retention.seed(seeded)
    first, second = Organisation.objects.order_by("pk")
    assert ErasureBatch.objects.filter(organisation=first).count() == 1
    assert not ErasureBatch.objects.filter(organisation=second).exists()
    assert LegalHold.objects.filter(organisation=second).count() == 1
