"""Her contact details and words are encrypted at rest, and keys rotate."""

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from partner_contact import services
from partner_contact.fields import decrypt, encrypt, multifernet, primary_fernet
from partner_contact.models import Partner, PartnerContact, SafetyPlan
from tests.participants.factories import ParticipantFactory

MARKERS = {
    "phone": "07700 913579",
    "email": "cipher.check@example.org",
    "address": "Encryptiontest Lane 77",
    "safe_contact_notes": "Notemarker only after nine",
    "code_word": "Bluebellmarker",
    "if_someone_else_answers": "Say wrongnumbermarker and hang up",
    "do_not_contact_reason": "Reasonmarker for no contact",
}
SUMMARY = "Summarymarker of the call"
DISCLOSURE = "Disclosuremarker: he came to the house"
PLAN = "Planmarker: bag at the neighbour's"
TABLES = [
    "partner_contact_partner",
    "partner_contact_historicalpartner",
    "partner_contact_partnercontact",
    "partner_contact_historicalpartnercontact",
    "partner_contact_safetyplan",
    "partner_contact_historicalsafetyplan",
]


def raw_rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return cursor.fetchall()


@pytest.fixture
def seeded(org, partner_worker):
    man = ParticipantFactory(organisation=org)
    partner = services.create_partner(
        organisation=org,
        actor=partner_worker,
        participant=man,
        name="Encrypted Testwoman",
        phone="07700 900000",
        **{
            k: v
            for k, v in MARKERS.items()
            if k not in ("phone", "do_not_contact_reason")
        },
    )
    # A change, so the history tables hold two versions of every value.
    services.update_partner(
        partner=partner,
        actor=partner_worker,
        phone=MARKERS["phone"],
        do_not_contact=True,
        do_not_contact_reason=MARKERS["do_not_contact_reason"],
    )
    services.update_partner(partner=partner, actor=partner_worker, do_not_contact=False)
    contact = services.log_contact(
        partner=partner,
        worker=partner_worker,
        occurred_at=timezone.now(),
        channel="phone",
        outcome="spoke",
        summary=SUMMARY,
        disclosure=DISCLOSURE,
    )
    services.create_safety_plan(
        partner=partner,
        plan=PLAN,
        review_on=timezone.localdate(),
        actor=partner_worker,
        contact=contact,
    )
    return partner


def test_no_plaintext_in_raw_columns_or_history(seeded):
    """The database, history tables included, holds tokens, never her details."""
    for table in TABLES:
        rows = raw_rows(table)
        assert rows, f"{table} should have rows"
        dump = repr(rows).lower()
        for value in [*MARKERS.values(), SUMMARY, DISCLOSURE, PLAN]:
            assert value.lower() not in dump, f"plaintext {value!r} in {table}"
            # Not even a fragment: the phone's digits and the e-mail's local part.
            assert "913579" not in dump
            assert "cipher.check" not in dump


def test_values_read_back_through_the_orm(seeded):
    partner = Partner.objects.get(pk=seeded.pk)
    for field, value in MARKERS.items():
        if field != "do_not_contact_reason":
            assert getattr(partner, field) == value
    assert PartnerContact.objects.get(partner=partner).disclosure == DISCLOSURE
    assert SafetyPlan.objects.get(partner=partner).plan == PLAN
    old = partner.history.order_by("history_date").first()
    assert old.phone == "07700 900000"


def test_equal_values_give_different_tokens():
    """A fresh IV each time: equal phone numbers cannot be matched in the table."""
    assert encrypt("07700 900123") != encrypt("07700 900123")
    assert decrypt(encrypt("07700 900123")) == "07700 900123"


def test_empty_values_stay_empty(org, partner_worker):
    partner = services.create_partner(organisation=org, actor=partner_worker, name="X")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phone, code_word FROM partner_contact_partner WHERE id = %s",
            [partner.pk],
        )
        assert cursor.fetchone() == ("", "")


def test_rotation_re_encrypts_every_value_with_the_newest_key(seeded):
    """After rotation the old key can be removed and everything still reads."""
    old_keys = list(settings.FIELD_ENCRYPTION_KEYS)
    new_key = Fernet.generate_key().decode()
    before = raw_rows("partner_contact_partner")
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key, *old_keys]):
        # Reads work during rotation with both keys configured.
        assert Partner.objects.get(pk=seeded.pk).code_word == MARKERS["code_word"]
        call_command("rotate_encryption_keys", "--batch-size", "2", stdout=_Sink())
        second = _Sink()
        call_command("rotate_encryption_keys", stdout=second)
        assert "Done: 0 value(s)" in second.text, "a second run changes nothing"
    assert raw_rows("partner_contact_partner") != before
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key]):
        partner = Partner.objects.get(pk=seeded.pk)
        assert partner.phone == MARKERS["phone"]
        assert partner.history.count() == 3
        assert all(h.code_word == MARKERS["code_word"] for h in partner.history.all())
        assert PartnerContact.objects.get(partner=partner).disclosure == DISCLOSURE
        assert SafetyPlan.history.get().plan == PLAN


def test_rotation_skips_a_value_saved_meanwhile(seeded):
    """The conditional update never overwrites a value a worker has just saved."""
    from partner_contact.management.commands.rotate_encryption_keys import Command

    new_key = Fernet.generate_key().decode()
    with override_settings(
        FIELD_ENCRYPTION_KEYS=[new_key, *settings.FIELD_ENCRYPTION_KEYS]
    ):
        token_read_earlier = raw_rows("partner_contact_partner")[0]
        Partner.objects.filter(pk=seeded.pk).update(code_word="Newer word")
        command = Command()
        table, column = '"partner_contact_partner"', '"code_word"'
        columns = [d.name for d in _description("partner_contact_partner")]
        stale = token_read_earlier[columns.index("code_word")]
        with connection.cursor() as cursor:
            changed = command.rotate_value(
                cursor,
                table,
                '"id"',
                column,
                seeded.pk,
                stale,
                multifernet(),
                primary_fernet(),
            )
        assert changed == 0
        assert Partner.objects.get(pk=seeded.pk).code_word == "Newer word"


def _description(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} LIMIT 0")  # noqa: S608
        return cursor.description


class _Sink:
    def __init__(self):
        self.text = ""

    def write(self, text, *args, **kwargs):
        self.text += text

    def flush(self):
        pass
