"""The translation catalogues (locale/<code>/LC_MESSAGES/*.po) and their compiled .mo.

The .mo files Django reads are committed beside their .po sources, so a fresh
machine needs no gettext tools to run or test the service; they are written by
polib (pure Python), never by msgfmt, so every machine writes the same bytes, and
tests/i18n checks that each committed .mo is exactly what its .po compiles to.
Only translated, non-fuzzy entries go into a .mo, as msgfmt does.
"""

from collections.abc import Iterator
from pathlib import Path

import polib
from django.conf import settings

DOMAINS = ("django", "djangojs")
# The languages translators fill; English is the source language and has none.
TRANSLATED = ("de", "es", "fr", "it")

# CLDR's plural rules for each language (gettext's Plural-Forms header). French
# counts 0 as singular; Spanish, Italian and French give very large round numbers
# ("un millón de") a third form in CLDR, which our strings never reach, so the
# common two-form rule is used, as Django's own catalogues do.
PLURAL_FORMS = {
    "de": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "it": "nplurals=2; plural=(n != 1);",
}


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def po_files() -> Iterator[Path]:
    """Every catalogue of every translated language, in a stable order."""
    for code in TRANSLATED:
        for domain in DOMAINS:
            path = locale_dir() / code / "LC_MESSAGES" / f"{domain}.po"
            if path.exists():
                yield path


def compiled(po_path: Path) -> bytes:
    """The .mo bytes of one catalogue (translated, non-fuzzy entries only)."""
    return polib.pofile(str(po_path)).to_binary()


def compile_all(*, check: bool = False) -> list[Path]:
    """Write each .mo whose bytes differ from its .po's; return those that did.

    With check=True nothing is written: the stale .mo files are only named.
    """
    stale = []
    for po_path in po_files():
        mo_path = po_path.with_suffix(".mo")
        data = compiled(po_path)
        if mo_path.exists() and mo_path.read_bytes() == data:
            continue
        stale.append(mo_path)
        if not check:
            mo_path.write_bytes(data)
    return stale


def set_headers(po_path: Path, code: str) -> bool:
    """Give a catalogue its language, plural rule and charset; True if changed.

    makemessages writes a template header (Plural-Forms with "INTEGER") into a new
    catalogue; this fills it in so that plurals compile and translators see them.
    """
    catalogue = polib.pofile(str(po_path))
    wanted = {
        "Language": code,
        "Plural-Forms": PLURAL_FORMS[code],
        "Content-Type": "text/plain; charset=UTF-8",
        "Project-Id-Version": "case-records",
        "Language-Team": {
            "de": "German",
            "es": "Spanish",
            "fr": "French",
            "it": "Italian",
        }[code],
    }
    current = all(catalogue.metadata.get(k) == v for k, v in wanted.items())
    if current and not catalogue.metadata_is_fuzzy:
        return False
    catalogue.metadata.update(wanted)
    # makemessages marks a new header fuzzy; a translator has nothing to check in it.
    catalogue.metadata_is_fuzzy = []
    catalogue.save()
    return True


def untranslated(po_path: Path) -> list[str]:
    """The msgids a translator has still to do: empty or fuzzy, not obsolete."""
    catalogue = polib.pofile(str(po_path))
    missing = [e.msgid for e in catalogue.untranslated_entries()]
    missing += [e.msgid for e in catalogue.fuzzy_entries()]
    return missing
