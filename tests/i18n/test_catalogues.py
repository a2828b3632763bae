"""The catalogues translators fill, and the compiled files Django reads."""

import polib
import pytest
from django.core.management import call_command

from accounts import catalogues


def test_each_language_has_both_catalogues_with_its_plural_rule():
    found = {(p.parent.parent.name, p.stem) for p in catalogues.po_files()}
    assert found == {
        (code, domain)
        for code in catalogues.TRANSLATED
        for domain in catalogues.DOMAINS
    }
    for path in catalogues.po_files():
        code = path.parent.parent.name
        metadata = polib.pofile(str(path)).metadata
        assert metadata["Language"] == code
        assert metadata["Plural-Forms"] == catalogues.PLURAL_FORMS[code]
        assert "charset=UTF-8" in metadata["Content-Type"]


def test_compiled_catalogues_match_their_sources():
    """The committed .mo files are what polib makes of the .po files now, so a
    machine without gettext tools runs exactly what translators wrote."""
    stale = catalogues.compile_all(check=True)
    assert not stale, (
        f"out of date: {', '.join(map(str, stale))}; run `make messages` "
        "(or manage.py compile_catalogues)"
    )


def test_check_command_passes(capsys):
    call_command("compile_catalogues", "--check")
    assert "matches its source" in capsys.readouterr().out


def test_fuzzy_and_empty_entries_stay_out_of_the_compiled_file(tmp_path):
    """As with msgfmt: a fuzzy guess is never shown to a user."""
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "Save"\nmsgstr "Speichern"\n\n'
        '#, fuzzy\nmsgid "Cancel"\nmsgstr "Abbrechen?"\n\n'
        'msgid "Back"\nmsgstr ""\n\n'
        'msgid "%(n)s day"\nmsgid_plural "%(n)s days"\n'
        'msgstr[0] "%(n)s Tag"\nmsgstr[1] "%(n)s Tage"\n',
        encoding="utf-8",
    )
    mo = tmp_path / "django.mo"
    mo.write_bytes(catalogues.compiled(po))
    entries = {e.msgid: e for e in polib.mofile(str(mo))}
    assert entries["Save"].msgstr == "Speichern"
    assert "Cancel" not in entries
    assert "Back" not in entries
    assert entries["%(n)s day"].msgstr_plural == {0: "%(n)s Tag", 1: "%(n)s Tage"}


@pytest.mark.catalogue_complete
@pytest.mark.parametrize(
    "path",
    list(catalogues.po_files()),
    ids=lambda p: f"{p.parent.parent.name}-{p.stem}",
)
def test_catalogue_is_complete(path):
    """Every message translated, none fuzzy (deselected by `make test` until the
    translators finish: see TODO-TRANSLATION in the Makefile)."""
    missing = catalogues.untranslated(path)
    assert not missing, f"{path}: {len(missing)} untranslated or fuzzy, e.g. " + (
        "; ".join(repr(m) for m in missing[:10])
    )
