"""Nothing left in English: every page each role reaches, in a pseudo-locale.

German's translation is replaced by one that brackets every word of every
marked string (tests/i18n/pseudo.py). Each page of the access matrix that a role
of ours opens (TABLE rows answering 200) is requested in German, the visible text
and the user-facing attributes are read, and any word left unbracketed must come
from the data itself (names, notes, the world's records), not from a literal
someone forgot to mark. A failure names the page, the role and the words.

Pages that are not HTML (PDF, CSV, spreadsheets, the JavaScript catalogue) are
not read here; their strings are marked in the same templates and modules.
"""

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import trans_real

from tests.i18n.pseudo import PseudoTranslation, unmarked_phrases, unmarked_words
from tests.security.conftest import worlds  # noqa: F401  (the shared fixture)
from tests.security.test_access_matrix import COLUMNS, EXPECTED, _url

# Words a page may show untranslated: names of formats and standards, the
# abbreviations that read the same in every language of the service, and each
# language's own name for itself (settings.LANGUAGES, shown as written there).
ALLOWED = (
    {"PDF", "CSV", "XLSX", "TOTP", "QR", "OK", "UTC", "GMT", "BST", "CET"}
    | {word for _code, name in settings.LANGUAGES for word in name.split()}
    # A language a record was made in is named in its own words ("Deutsch",
    # "British English"), as Django's language information gives them.
    | {
        word
        for code, _name in settings.LANGUAGES
        for word in translation.get_language_info(code)["name_local"].split()
    }
)


# Pages of features being built beside this check (issue 18 and its siblings),
# whose own strings their authors mark: reported as expected failures with the
# words found, so that they show up in every run until they are done.
IN_PROGRESS: dict[str, str] = {}

_LETTERS = re.compile(r"[^\W\d_]{2,}")


def _strings_in(value) -> list[str]:
    """The strings inside a JSON value (questionnaires keep their options so)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings_in(v)]
    return []


def _data_text() -> str:
    """Every text stored in a text or JSON column of the database, one a line
    (its spaces made single), and each person's first and last name together,
    as pages show them."""
    texts: list[str] = []
    for model in apps.get_models():
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
            and not f.choices
        ]
        if not names or not model._meta.managed:
            continue
        for row in model._base_manager.values_list(*names):
            for value in row:
                texts += _strings_in(value)
            values = dict(zip(names, row, strict=True))
            if "first_name" in values and "last_name" in values:
                texts.append(f"{values['first_name']} {values['last_name']}")
    return "\n".join(" ".join(text.split()) for text in texts)


def _is_code(word: str) -> bool:
    """Capitals only: a case reference, a secret key, an acronym (MARAC, CSV)."""
    return word.isupper()


@pytest.fixture(scope="module")
def pseudo_german(worlds, django_db_blocker):  # noqa: F811
    """German answered by the pseudo-translation, for this module's requests."""
    real = trans_real._translations.get("de")
    trans_real._translations["de"] = PseudoTranslation("de")
    yield
    if real is None:
        trans_real._translations.pop("de", None)
    else:
        trans_real._translations["de"] = real
    translation.activate("en-gb")


@pytest.fixture(scope="module")
def data_text(worlds, django_db_blocker):  # noqa: F811
    with django_db_blocker.unblock():
        return _data_text()


@pytest.fixture(scope="module")
def data_words(data_text):
    return set(_LETTERS.findall(data_text))


def _pages() -> list[tuple[str, str]]:
    return [
        (key, role)
        for key, row in EXPECTED.items()
        for role in COLUMNS
        if row[role] == "200"
    ]


def _in_german(url: str) -> str:
    return url + ("&" if "?" in url else "?") + "language=de"


@pytest.mark.parametrize(("key", "role"), _pages())
def test_page_has_no_unmarked_text(
    worlds,  # noqa: F811
    pseudo_german,
    data_words,
    data_text,
    db,
    key,
    role,
):
    """Every word on the page went through a translation, or is data; and every
    phrase of words left bare is held as it is by the data (a literal that
    puts "note by" between a marked label and a name is caught even though
    "note" and "by" are words of some record)."""
    route, url = _url(worlds, key, role)
    response = worlds.clients[("ours", role)].get(_in_german(url))
    assert response.status_code == 200, f"{url} as {role}: {response.status_code}"
    if "html" not in response.get("Content-Type", ""):
        pytest.skip(f"{response['Content-Type']} is not a page")
    html = response.content.decode()
    assert 'lang="de"' in html or "<html" not in html
    left = sorted(
        {
            w
            for w in unmarked_words(html)
            if w not in data_words and w not in ALLOWED and not _is_code(w)
        }
    )
    phrases = sorted(
        {
            phrase
            for phrase in unmarked_phrases(html)
            if phrase not in data_text
            and not all(word in ALLOWED for word in phrase.split())
        }
    )
    if (left or phrases) and route.name in IN_PROGRESS:
        pytest.xfail(f"{IN_PROGRESS[route.name]}: {', '.join(left + phrases)}")
    assert not left, f"{url} as {role}: words not marked for translation: " + (
        ", ".join(left)
    )
    assert not phrases, (
        f"{url} as {role}: phrases not marked for translation: " + " | ".join(phrases)
    )


def test_a_bare_phrase_is_found_between_marked_words():
    """The phrase check reads what a worker reads: runs of bare words, not
    the markup or the bracketed words around them."""
    page = (
        "<p>⟦Risk⟧ ⟦note⟧ note by Sam Worker</p>"
        '<p title="Referral accepted">x</p><script>var a = "not read";</script>'
    )
    assert unmarked_phrases(page) == ["note by Sam Worker", "Referral accepted"]
