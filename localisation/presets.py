"""Country presets: the terms, rules, numbers and holidays of a country, as data.

A manager applies one to start from (localisation.services.apply_country_preset
and risk.country for the conference's criteria); every value stays editable
after. England and Wales's are the defaults of the models. Names for countries
other than the UK follow DOMAIN.md ("Other countries"); where the sources name no
national body, the name is a careful suggestion for the organisation to adjust.
Holidays are the national ones that fall on a fixed date (movable feasts such as
Easter are added by hand on the holidays page).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Conference:
    """The multi-agency risk conference's criteria (risk.RiskSettings fields)."""

    threshold: int = 14
    escalation_incidents: int = 3
    escalation_window_days: int = 365
    repeat_window_days: int = 365


@dataclass(frozen=True)
class Preset:
    """Everything a country preset sets for an organisation."""

    country: str
    name: str
    language: str
    time_zone: str
    conference_name: str
    conference_full_name: str
    child_protection_agency: str
    protection_order: str
    emergency_numbers: str
    # (month, day, name) of national public holidays with a fixed date.
    holidays: tuple[tuple[int, int, str], ...]
    conference: Conference = field(default_factory=Conference)


PRESETS: dict[str, Preset] = {
    "GB": Preset(
        country="GB",
        name=_("England and Wales"),
        language="en-gb",
        time_zone="Europe/London",
        conference_name="MARAC",
        conference_full_name="Multi-agency risk assessment conference",
        child_protection_agency="Children's social care",
        protection_order="Non-molestation order",
        emergency_numbers="999 (police, ambulance)\n"
        "0808 2000 247 (National Domestic Abuse Helpline)",
        holidays=(
            (1, 1, "New Year's Day"),
            (12, 25, "Christmas Day"),
            (12, 26, "Boxing Day"),
        ),
    ),
    "DE": Preset(
        country="DE",
        name=_("Germany"),
        language="de",
        time_zone="Europe/Berlin",
        conference_name="Fallkonferenz",
        conference_full_name="Interdisziplinäre Fallkonferenz (Hochrisikomanagement)",
        child_protection_agency="Jugendamt",
        protection_order="Schutzanordnung nach dem Gewaltschutzgesetz",
        emergency_numbers="110 (Polizei)\n112 (Rettungsdienst)\n"
        "116 016 (Hilfetelefon Gewalt gegen Frauen)",
        holidays=(
            (1, 1, "Neujahr"),
            (5, 1, "Tag der Arbeit"),
            (10, 3, "Tag der Deutschen Einheit"),
            (12, 25, "1. Weihnachtstag"),
            (12, 26, "2. Weihnachtstag"),
        ),
    ),
    "AT": Preset(
        country="AT",
        name=_("Austria"),
        language="de",
        time_zone="Europe/Vienna",
        # Only the police convene it (DOMAIN.md).
        conference_name="SPFK",
        conference_full_name="Sicherheitspolizeiliche Fallkonferenz",
        child_protection_agency="Kinder- und Jugendhilfe",
        protection_order="Betretungs- und Annäherungsverbot",
        emergency_numbers="133 (Polizei)\n112 (Euronotruf)\n"
        "0800 222 555 (Frauenhelpline gegen Gewalt)",
        holidays=(
            (1, 1, "Neujahr"),
            (1, 6, "Heilige Drei Könige"),
            (5, 1, "Staatsfeiertag"),
            (8, 15, "Mariä Himmelfahrt"),
            (10, 26, "Nationalfeiertag"),
            (11, 1, "Allerheiligen"),
            (12, 8, "Mariä Empfängnis"),
            (12, 25, "Christtag"),
            (12, 26, "Stefanitag"),
        ),
    ),
    "ES": Preset(
        country="ES",
        name=_("Spain"),
        language="es",
        time_zone="Europe/Madrid",
        conference_name="Comisión de seguimiento",
        conference_full_name="Comisión de seguimiento de casos de riesgo "
        "(coordinación con VioGén)",
        child_protection_agency="Servicios de protección de menores",
        protection_order="Orden de protección",
        emergency_numbers="112 (emergencias)\n016 (atención a víctimas de "
        "violencia de género)",
        holidays=(
            (1, 1, "Año Nuevo"),
            (1, 6, "Epifanía del Señor"),
            (5, 1, "Fiesta del Trabajo"),
            (8, 15, "Asunción de la Virgen"),
            (10, 12, "Fiesta Nacional de España"),
            (11, 1, "Todos los Santos"),
            (12, 6, "Día de la Constitución"),
            (12, 8, "Inmaculada Concepción"),
            (12, 25, "Natividad del Señor"),
        ),
    ),
    "FR": Preset(
        country="FR",
        name=_("France"),
        language="fr",
        time_zone="Europe/Paris",
        conference_name="Cellule de suivi",
        conference_full_name="Cellule de suivi des situations de danger grave",
        child_protection_agency="Aide sociale à l'enfance",
        protection_order="Ordonnance de protection",
        emergency_numbers="17 (police secours)\n112 (urgences)\n"
        "3919 (Violences Femmes Info)\n114 (urgence par SMS)",
        holidays=(
            (1, 1, "Jour de l'an"),
            (5, 1, "Fête du Travail"),
            (5, 8, "Victoire 1945"),
            (7, 14, "Fête nationale"),
            (8, 15, "Assomption"),
            (11, 1, "Toussaint"),
            (11, 11, "Armistice 1918"),
            (12, 25, "Noël"),
        ),
        # The national danger grid: danger established at 12 "yes".
        conference=Conference(threshold=12),
    ),
    "IT": Preset(
        country="IT",
        name=_("Italy"),
        language="it",
        time_zone="Europe/Rome",
        conference_name="Tavolo di rete",
        conference_full_name="Tavolo interistituzionale sui casi ad alto rischio",
        child_protection_agency="Servizi sociali per i minori",
        protection_order="Ordine di protezione",
        emergency_numbers="112 (numero unico di emergenza)\n"
        "1522 (antiviolenza e stalking)",
        holidays=(
            (1, 1, "Capodanno"),
            (1, 6, "Epifania"),
            (4, 25, "Festa della Liberazione"),
            (5, 1, "Festa del Lavoro"),
            (6, 2, "Festa della Repubblica"),
            (8, 15, "Ferragosto"),
            (11, 1, "Ognissanti"),
            (12, 8, "Immacolata Concezione"),
            (12, 25, "Natale"),
            (12, 26, "Santo Stefano"),
        ),
    ),
}


def preset_choices() -> list[tuple[str, str]]:
    return [(code, preset.name) for code, preset in PRESETS.items()]
