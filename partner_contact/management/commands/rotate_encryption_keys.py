"""Re-encrypt every encrypted value with the newest key, while the app serves.

Rotation without downtime: put the new key first in FIELD_ENCRYPTION_KEYS (keep the
old ones after it) and restart; new writes now use the new key and old values
still decrypt. Then run this command; when it reports nothing left, remove the old
key and restart again. docs/decisions/0004-partner-data-encryption.md has the steps.

Works on raw column values in batches ordered by primary key. Each row is updated
only if its column still holds the token that was read (a conditional update), so
a value a worker saved meanwhile (already with the new key) is never overwritten.
Running it twice is harmless: values already under the newest key are skipped.
"""

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from partner_contact.fields import EncryptedTextField, multifernet, primary_fernet


def encrypted_columns():
    """(model, [fields]) for every model, historical ones too, with encrypted fields."""
    for model in apps.get_models():
        fields = [
            f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
        ]
        if fields:
            yield model, fields


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field with the newest FIELD_ENCRYPTION_KEYS key."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=500, help="Rows per transaction."
        )

    def handle(self, *args, batch_size: int, **options):
        keys = multifernet()
        newest = primary_fernet()
        total = 0
        for model, fields in encrypted_columns():
            rotated = self.rotate_model(model, fields, keys, newest, batch_size)
            total += rotated
            self.stdout.write(f"{model._meta.label}: {rotated} value(s) re-encrypted")
        self.stdout.write(self.style.SUCCESS(f"Done: {total} value(s) re-encrypted."))

    def rotate_model(self, model, fields, keys, newest, batch_size) -> int:
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        pk = quote(model._meta.pk.column)
        columns = [quote(f.column) for f in fields]
        # Identifiers come from model metadata, never from input.
        select = (
            f"SELECT {pk}, {', '.join(columns)} FROM {table} "  # noqa: S608
            f"WHERE {pk} > %s ORDER BY {pk} LIMIT %s"
        )
        rotated = 0
        last_pk = 0 if model._meta.pk.get_internal_type() != "UUIDField" else ""
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(select, [last_pk, batch_size])
                rows = cursor.fetchall()
                for row in rows:
                    row_pk, values = row[0], row[1:]
                    for column, token in zip(columns, values, strict=True):
                        if not token:
                            continue
                        rotated += self.rotate_value(
                            cursor, table, pk, column, row_pk, token, keys, newest
                        )
            if len(rows) < batch_size:
                return rotated
            last_pk = rows[-1][0]

    def rotate_value(self, cursor, table, pk, column, row_pk, token, keys, newest):
        raw = token.encode()
        try:
            newest.decrypt(raw)
            return 0  # already under the newest key
        except InvalidToken:
            pass
        try:
            fresh = keys.rotate(raw).decode()
        except InvalidToken as error:
            raise CommandError(
                f"A value in {table}.{column} (row {row_pk}) cannot be decrypted with "
                "any configured key. Batches before it are rotated (running again "
                "is safe); restore the missing key and run the command again."
            ) from error
        cursor.execute(
            f"UPDATE {table} SET {column} = %s WHERE {pk} = %s AND {column} = %s",  # noqa: S608
            [fresh, row_pk, token],
        )
        return cursor.rowcount
