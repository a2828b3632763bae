"""The wording of letters to referrers: the default text per event, the
placeholders a template may use, and their substitution.

Substitution replaces `{{ name }}` with plain text from a fixed list of values
and does nothing else: no Django template is ever compiled from what a manager
typed, so no tag, filter or attribute lookup can run, and nothing a template
asks for outside the list can be reached. The values are the man's and the
referral's only: never anything from a partner record, nor the referral's "what
is known of the partner", nor the children.
"""

import re
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from referrals.models import LetterEvent, Referral

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
ANY_VARIABLE = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
# Anything that looks like template syntax other than a placeholder.
TEMPLATE_SYNTAX = re.compile(r"\{%|%\}|\{#|#\}")

PLACEHOLDERS = {
    "man_name": gettext_lazy("his full name"),
    "man_first_name": gettext_lazy("his first name"),
    "date_of_birth": gettext_lazy("his date of birth"),
    "case_reference": gettext_lazy("his case reference with us"),
    "referral_reference": gettext_lazy("the referral's reference"),
    "referral_date": gettext_lazy("the date the referral was received"),
    "referrer_name": gettext_lazy("the person who referred him"),
    "agency_name": gettext_lazy("the referring agency"),
    "organisation_name": gettext_lazy("your organisation"),
    "event_date": gettext_lazy("the date of the decision or move"),
    "outcome": gettext_lazy("the decision or move, with its reason"),
    "worker_name": gettext_lazy("the worker sending the letter"),
}

_GREETING = gettext_lazy("Dear {{ referrer_name }},")
_SIGN_OFF = gettext_lazy(
    "Yours sincerely,\n\n{{ worker_name }}\n{{ organisation_name }}"
)

DEFAULT_SUBJECTS = {
    LetterEvent.ACCEPTED: gettext_lazy("Referral {{ referral_reference }}: accepted"),
    LetterEvent.DECLINED: gettext_lazy(
        "Referral {{ referral_reference }}: not accepted"
    ),
    LetterEvent.STARTED: gettext_lazy(
        "Referral {{ referral_reference }}: he has started the programme"
    ),
    LetterEvent.DROPPED_OUT: gettext_lazy(
        "Referral {{ referral_reference }}: he has left the programme"
    ),
    LetterEvent.EXCLUDED: gettext_lazy(
        "Referral {{ referral_reference }}: he has been excluded"
    ),
    LetterEvent.COMPLETED: gettext_lazy(
        "Referral {{ referral_reference }}: he has completed the programme"
    ),
}

DEFAULT_MIDDLES = {
    LetterEvent.ACCEPTED: gettext_lazy(
        "Thank you for your referral of {{ man_name }} (born {{ date_of_birth }}), "
        "received on {{ referral_date }}. On {{ event_date }} we accepted it: "
        "{{ outcome }}. We will now contact him to arrange an assessment, and "
        "will let you know when he starts the programme."
    ),
    LetterEvent.DECLINED: gettext_lazy(
        "Thank you for your referral of {{ man_name }} (born {{ date_of_birth }}), "
        "received on {{ referral_date }}. On {{ event_date }} we decided not to "
        "accept it: {{ outcome }}. Please contact us if you would like to "
        "discuss this or other services that may help."
    ),
    LetterEvent.STARTED: gettext_lazy(
        "We are writing to let you know that {{ man_name }}, whom you referred "
        "on {{ referral_date }}, started the programme on {{ event_date }}."
    ),
    LetterEvent.DROPPED_OUT: gettext_lazy(
        "We are writing to let you know that {{ man_name }}, whom you referred "
        "on {{ referral_date }}, left the programme on {{ event_date }}: "
        "{{ outcome }}."
    ),
    LetterEvent.EXCLUDED: gettext_lazy(
        "We are writing to let you know that {{ man_name }}, whom you referred "
        "on {{ referral_date }}, was excluded from the programme on "
        "{{ event_date }}: {{ outcome }}."
    ),
    LetterEvent.COMPLETED: gettext_lazy(
        "We are pleased to let you know that {{ man_name }}, whom you referred "
        "on {{ referral_date }}, completed the programme on {{ event_date }}: "
        "{{ outcome }}."
    ),
}


def default_subject(event: str) -> str:
    return str(DEFAULT_SUBJECTS[event])


def default_body(event: str) -> str:
    return "\n\n".join([str(_GREETING), str(DEFAULT_MIDDLES[event]), str(_SIGN_OFF)])


def template_errors(text: str) -> list[str]:
    """What is wrong with a template's text: template tags, or unknown names."""
    errors = []
    if TEMPLATE_SYNTAX.search(text):
        errors.append(
            _(
                "Only placeholders like {{ man_name }} are filled in; "
                "remove {% %} and {# #}."
            )
        )
    # Every {{ ... }} must be a bare known name: no dots, filters or arguments.
    unknown = sorted(
        {
            inner.strip()
            for inner in ANY_VARIABLE.findall(text)
            if inner.strip() not in PLACEHOLDERS
        }
    )
    if unknown:
        errors.append(
            _("Unknown placeholders: %(names)s.")
            % {"names": ", ".join(f"{{{{ {n} }}}}" for n in unknown)}
        )
    return errors


def substitute(text: str, values: dict[str, str]) -> str:
    """`text` with each known placeholder replaced by its value as plain text;
    unknown ones are left as typed (the template form refuses them)."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name in PLACEHOLDERS and name in values:
            return str(values[name])
        return match.group(0)

    return PLACEHOLDER.sub(replace, text)


def parts(text: str) -> list[tuple[str, bool]]:
    """`text` cut into (piece, is_placeholder), so that a page can show the
    placeholders as the names they are (typed as is, never translated)."""
    pieces, at = [], 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > at:
            pieces.append((text[at : match.start()], False))
        pieces.append((match.group(0), True))
        at = match.end()
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def _date(value) -> str:
    return date_format(value, "j F Y") if value else "—"


def letter_values(
    *, referral: Referral, event_on, outcome: str, worker_name: str = ""
) -> dict[str, str]:
    """The values of the placeholders for one letter: only the man's and the
    referral's details listed in PLACEHOLDERS."""
    man = referral.participant
    agency = referral.agency
    return {
        "man_name": man.full_name if man else referral.full_name,
        "man_first_name": man.first_name if man else referral.first_name,
        "date_of_birth": _date(man.date_of_birth if man else referral.date_of_birth),
        "case_reference": man.reference if man else "—",
        "referral_reference": referral_reference(referral),
        "referral_date": _date(referral.received_on),
        "referrer_name": referral.referrer_name
        or (agency.contact_name if agency else "")
        or _("colleague"),
        "agency_name": agency.name if agency else "",
        "organisation_name": referral.organisation.name,
        "event_date": _date(event_on),
        "outcome": outcome,
        "worker_name": worker_name,
    }


def referral_reference(referral: Referral) -> str:
    """A short reference for the referral, the same on every letter."""
    return f"R-{referral.uuid.hex[:8].upper()}"


def sample_values() -> dict[str, str]:
    """Made-up values a template's preview is filled with, in the reader's
    language (the organisation's name is added by the caller)."""
    return {
        "man_name": _("Sample Person"),
        "man_first_name": _("Sample"),
        "date_of_birth": _date(date(1980, 1, 1)),
        "case_reference": "P-00001",
        "referral_reference": "R-0A1B2C3D",
        "referral_date": _date(date(2026, 3, 2)),
        "referrer_name": _("A. Referrer"),
        "agency_name": _("Sample Probation Service"),
        "organisation_name": "",
        "event_date": _date(date(2026, 3, 16)),
        "outcome": _("Meets the programme's criteria"),
        "worker_name": _("A. Worker"),
    }
