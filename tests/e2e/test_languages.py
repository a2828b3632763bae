"""Languages in the browser: a user switches to her language on her profile page.

The words expected are those of the committed catalogues
(locale/<lang>/LC_MESSAGES/django.po and djangojs.po), and the dates those of
each locale's own formats.
"""

import datetime
import re
from dataclasses import dataclass

import pytest

from participants.models import Participant
from tests.referrals.factories import ReferralFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@dataclass(frozen=True)
class Words:
    """What a caseworker should read once she has chosen the language."""

    saved: str  # "Your profile is saved."
    menu: tuple[str, ...]  # "Case records", "Cases", "Groups", "Risk", "Alerts"
    role: str  # "Caseworker"
    sign_out: str  # "Sign out"
    not_acknowledged: str  # "Not acknowledged", from the JavaScript catalogue
    kind: str  # the note form's labels: "Kind", "Date", "Note"
    date: str
    note: str
    save_note: str  # "Save note"
    in_the_future: str  # "The %(what)s cannot be in the future.", what="date"
    long_date: str  # 5 March 2025, DATE_FORMAT
    short_date: str  # 5 March 2025, SHORT_DATE_FORMAT


WORDS = {
    "de": Words(
        saved="Ihr Profil ist gespeichert.",
        menu=("Fallakten", "Fälle", "Gruppen", "Risiko", "Warnhinweise"),
        role="Fallverantwortliche/r",
        sign_out="Abmelden",
        not_acknowledged="Nicht bestätigt",
        kind="Art",
        date="Datum",
        note="Notiz",
        save_note="Notiz speichern",
        in_the_future="Datum darf nicht in der Zukunft liegen.",
        long_date="5. März 2025",
        short_date="05.03.2025",
    ),
    "es": Words(
        saved="Su perfil se ha guardado.",
        menu=("Expedientes", "Casos", "Grupos", "Riesgo", "Alertas"),
        role="Profesional de referencia",
        sign_out="Cerrar sesión",
        not_acknowledged="Sin confirmar",
        kind="Tipo",
        date="Fecha",
        note="Nota",
        save_note="Guardar la nota",
        in_the_future="fecha no puede estar en el futuro.",
        long_date="5 de marzo de 2025",
        short_date="05/03/2025",
    ),
    "fr": Words(
        saved="Votre profil est enregistré.",
        menu=("Dossiers", "Groupes", "Risque", "Alertes"),
        role="Référent·e",
        sign_out="Se déconnecter",
        not_acknowledged="Non prises en compte",
        kind="Type",
        date="Date",
        note="Note",
        save_note="Enregistrer la note",
        in_the_future="date ne peut pas être dans le futur.",
        long_date="5 mars 2025",
        short_date="05/03/2025",
    ),
    "it": Words(
        saved="Il Suo profilo è salvato.",
        menu=("Fascicoli", "Casi", "Gruppi", "Rischio", "Allerte"),
        role="Operatore/operatrice di riferimento",
        sign_out="Esci",
        not_acknowledged="Non prese in carico",
        kind="Tipo",
        date="Data",
        note="Nota",
        save_note="Salva la nota",
        in_the_future="data non può essere nel futuro.",
        long_date="05 Marzo 2025",
        short_date="05/03/2025",
    ),
}


def _label(text: str) -> re.Pattern:
    """A field's label exactly, with the asterisk of a required field."""
    return re.compile(rf"^\s*{re.escape(text)}\W*$")


@pytest.mark.parametrize("language", sorted(WORDS))
def test_caseworker_chooses_her_language_and_works_in_it(
    make_user, org, page, sign_in, language
):
    """After choosing the language on her profile, a caseworker reads the menu,
    a form's labels, its error message and dates in that language."""
    words = WORDS[language]
    user = make_user("caseworker")
    man = Participant.objects.create(
        organisation=org, reference="T26-90100", first_name="Ash", last_name="Pennick"
    )
    ReferralFactory(organisation=org, received_on=datetime.date(2025, 3, 5))
    sign_in(user)
    nav = page.locator("nav.app-navbar")
    assert "Cases" in nav.inner_text()
    page.locator("button.navbar-user").click()
    page.get_by_role("link", name="Profile and language").click()
    page.get_by_label("Language").select_option(language)
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == language
    assert words.saved in page.locator("main").inner_text()
    menu = nav.inner_text()
    for word in words.menu:
        assert word in menu, f"{word!r} not in the menu: {menu!r}"
    assert "Cases" not in menu
    # Her role in her language, and the user menu's own items.
    assert words.role in menu
    page.locator("button.navbar-user").click()
    assert page.get_by_role("button", name=words.sign_out).is_visible()
    # The JavaScript catalogue came in her language too (a file, CSP-safe).
    assert page.evaluate("gettext('Not acknowledged')") == words.not_acknowledged
    user.refresh_from_db()
    assert user.language == language

    # A form: its labels, and its error message for a date in the future.
    page.goto(man.get_absolute_url() + "notes/new/")
    page.wait_for_load_state("load")
    labels = [
        label.strip(" *") for label in page.locator("main form label").all_inner_texts()
    ]
    assert labels[:3] == [words.kind, words.date, words.note], labels
    page.get_by_label(_label(words.note)).fill("He came on time.")
    page.get_by_label(_label(words.date)).fill("2099-01-01")
    page.get_by_role("button", name=words.save_note).click()
    page.wait_for_load_state()
    assert words.in_the_future in page.locator("main").inner_text()
    assert "cannot be in the future" not in page.content()

    # Saved with a past date, the note is dated in her locale's short format.
    page.get_by_label(_label(words.date)).fill("2025-03-05")
    page.get_by_role("button", name=words.save_note).click()
    page.wait_for_url(f"**{man.get_absolute_url()}", wait_until="load")
    assert words.short_date in page.locator("main").inner_text()

    # And a list of referrals in her locale's long format, month name and all.
    page.goto("/referrals/")
    page.wait_for_load_state("load")
    assert words.long_date in page.locator("main").inner_text()


def test_sign_in_page_in_the_browsers_language(browser, live_server):
    """Before anyone signs in, a German browser gets the German sign-in page."""
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        assert page.locator("html").get_attribute("lang") == "de"
        assert page.get_by_role("heading", name="Anmelden").is_visible()
        assert page.get_by_role("link", name="Passwort vergessen?").is_visible()
    finally:
        context.close()
