"""Words the system writes into a risk event, in its organisation's language.

An event's summary is stored with the event, like a note. A detector runs in a
Celery worker, where no reader's language is active, and an event reported by a
worker would otherwise be written in that worker's own language; so the words are
kept as a marked message with its values (`Words`) until the event is written,
and then put into the language of the organisation the event belongs to
(`Organisation.language`, the language of its users who chose none). Labels
among the values (a kind, a status) are given lazily, so that they too are read
in that language, and dates are written in its format.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.functional import Promise, lazy

from accounts.languages import organisation_language
from accounts.models import Organisation


# Compared by identity: a lazy label's hash and equality would translate it, in
# whatever language is active (Summaries keys its cache with `key()` instead).
@dataclass(frozen=True, eq=False)
class Words:
    """A message marked with `gettext_noop` and its values, written out later.

    Values may be lazy labels (`Choices(...).label`), dates, numbers or text the
    records hold; `str()` writes the words in the language active now.
    """

    message: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, message: str, **values) -> Words:
        """Words.of(gettext_noop("Review was due on %(date)s."), date=day)."""
        return cls(message, tuple(sorted(values.items())))

    def __str__(self) -> str:
        text = translation.gettext(self.message)
        if not self.values:
            return text
        return text % {name: _written(value) for name, value in self.values}

    def key(self) -> tuple:
        """What the words depend on, without translating anything: a lazy label
        by its identity (each choice's label is one object)."""
        return (
            self.message,
            tuple(
                (name, _Same(value) if isinstance(value, Promise) else value)
                for name, value in self.values
            ),
        )

    def in_language(self, language: str) -> str:
        with translation.override(language):
            return str(self)


# A label in lower case mid-sentence, lowered once it is read in its language.
lower = lazy(lambda label: str(label).lower(), str)


class _Same:
    """A lazy label in a cache key: the same object, never translated to compare
    (and kept alive by the key, so that its identity is not reused)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __hash__(self):
        return id(self.value)

    def __eq__(self, other):
        return isinstance(other, _Same) and other.value is self.value


def _written(value: object) -> str:
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, Promise):
        return str(value)
    return value if isinstance(value, str) else str(value)


def organisation_languages(organisation_ids) -> dict[int, str]:
    """Each organisation's language (accounts.languages.organisation_language)."""
    wanted = set(organisation_ids)
    stored = dict(
        Organisation.objects.filter(pk__in=wanted).values_list("pk", "language")
    )
    return {pk: organisation_language(stored.get(pk, "")) for pk in wanted}


class Summaries:
    """Summaries in each organisation's language, each message written once per
    language however many events share it (a detector finds thousands)."""

    def __init__(self, organisation_ids):
        self.languages = organisation_languages(organisation_ids)
        self._written: dict[tuple, str] = {}

    def of(self, organisation_id: int, summary: str | Words) -> str:
        """The summary as the event stores it: Words in the organisation's
        language, a person's own text as typed."""
        if not isinstance(summary, Words):
            return summary
        language = self.languages.get(organisation_id, settings.LANGUAGE_CODE)
        key = (language, summary.key())
        if key not in self._written:
            self._written[key] = summary.in_language(language)
        return self._written[key]
