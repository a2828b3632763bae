"""The demo's partners: every state, linked to men of their own organisation."""

from django.db.models import F

from accounts.models import User
from demo import partners
from partner_contact.models import Consent, Partner, Relationship, SafetyPlan
from partner_contact.worklist import build_worklist, increased_risk_relationships


def test_seed_makes_partners_in_every_state(seeded):
    today = seeded.today
    org = seeded.organisations[0]
    assert Partner.objects.filter(organisation=org).count() >= 15
    states = {c.state(today) for c in Consent.objects.filter(organisation=org)}
    assert {"in force", "expired", "withdrawn"} <= states
    assert Consent.objects.filter(organisation=org).expiring_within(14, today).exists()
    assert Relationship.objects.filter(
        organisation=org, status=Relationship.Status.SEPARATED
    ).exists()
    assert SafetyPlan.objects.filter(organisation=org, version=2).exists()
    partner_user = User.objects.get(pk=seeded.staff[0].first("partner_support"))
    assert partner_user.username == "partner"
    worklist = build_worklist(partner_user, today)
    assert worklist.awaiting and worklist.follow_ups
    # The demo separation goes through the real service, so the risk app opens a
    # monitoring period for his case.
    assert increased_risk_relationships(organisation_id=org.pk, today=today).exists()
    # Every partner is linked to a demo man of her own organisation.
    assert not Relationship.objects.exclude(
        participant__organisation_id=F("organisation_id")
    ).exists()


def test_contact_summary_is_what_the_model_computes(seeded):
    """The seeder's own contact summary matches Partner.refresh_contact_summary."""
    fields = [
        "pk",
        "last_contact_at",
        "last_contact_made",
        "next_contact_due",
        "last_reached_at",
        "failed_attempts",
    ]
    seeded_rows = list(Partner.objects.order_by("pk").values_list(*fields))
    Partner.objects.all().refresh_contact_summary()
    assert list(Partner.objects.order_by("pk").values_list(*fields)) == seeded_rows


def test_the_separation_call_is_never_made_to_a_woman_who_asked_for_none(seeded):
    """The seeded separation goes through the service, which refuses a call to
    a woman marked "do not contact": with the first couple's woman so marked,
    the call goes to the next woman, as a worker would choose."""
    org = seeded.organisations[0]
    together = Relationship.objects.filter(
        organisation=org, status=Relationship.Status.TOGETHER
    ).order_by("pk")
    first, second = together[0], together[1]
    Partner.objects.filter(pk=first.partner_id).update(
        do_not_contact=True, do_not_contact_reason="She asked for none (demo)."
    )
    staff = next(s for s in seeded.staff if s.organisation.pk == org.pk)
    partners._separation_through_the_service(seeded, staff)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Relationship.Status.TOGETHER
    assert second.status == Relationship.Status.SEPARATED


def test_encrypted_demo_values_are_fernet_tokens_of_their_own(seeded):
    """The demo's own encryption (demo.encryption) writes tokens the field reads
    back, and equal values are stored as different tokens."""
    from django.db import connection

    from demo.encryption import Encrypter
    from partner_contact.fields import decrypt

    phones = list(Partner.objects.exclude(phone="").values_list("phone", flat=True))
    assert phones and all(p.startswith("07700 900") for p in phones)
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM partner_contact_partner WHERE phone <> ''")
        tokens = [row[0] for row in cursor.fetchall()]
    assert sorted(decrypt(t) for t in tokens) == sorted(phones)
    encrypt = Encrypter()
    assert encrypt("") == "" and encrypt(None) is None
    for value in ["a", "x" * 16, "héllo, 07700 900123", "y" * 100]:
        first, second = encrypt(value), encrypt(value)
        assert first != second
        assert decrypt(first) == decrypt(second) == value
