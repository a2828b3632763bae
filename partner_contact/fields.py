"""A text field encrypted at rest, for a partner's contact details and words.

Values are Fernet tokens (AES-128-CBC with HMAC-SHA256) made with a MultiFernet
over `settings.FIELD_ENCRYPTION_KEYS`: the first (newest) key encrypts, every key
decrypts, so a key is rotated by putting a new one first and running the
`rotate_encryption_keys` command. docs/decisions/0004 explains the choice.

Each encryption uses a fresh random IV, so equal values give different tokens: an
encrypted field cannot be searched or filtered on, only read back.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@lru_cache(maxsize=4)
def _multifernet_for(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must hold at least one key.")
    return MultiFernet([Fernet(key.strip().encode()) for key in keys])


def multifernet() -> MultiFernet:
    """The MultiFernet for the configured keys (cached per key set)."""
    return _multifernet_for(tuple(settings.FIELD_ENCRYPTION_KEYS))


def primary_fernet() -> Fernet:
    """The Fernet of the newest key, the one that encrypts."""
    return Fernet(settings.FIELD_ENCRYPTION_KEYS[0].strip().encode())


def encrypt(value: str) -> str:
    return multifernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return multifernet().decrypt(token.encode()).decode()


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; the empty string is stored as is.

    Keeping "" unencrypted lets CheckConstraints say "a reason is required" and
    reveals only that a field is blank, never its content.
    """

    description = "Text encrypted at rest"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        try:
            return decrypt(value)
        except InvalidToken as error:
            # Never fall back to returning the raw column: it may be plaintext
            # written around the ORM, or a token of a key that was removed too early.
            raise ImproperlyConfigured(
                f"{self.model._meta.label}.{self.name} cannot be decrypted with the "
                "configured FIELD_ENCRYPTION_KEYS (was an old key removed before "
                "rotate_encryption_keys finished?)."
            ) from error

    def get_lookup(self, lookup_name):
        # Random IVs make every comparison but "is empty" meaningless.
        if lookup_name not in ("exact", "isnull", "in"):
            return None
        return super().get_lookup(lookup_name)
