"""How the access log's details read, in the reader's language.

A log entry keeps what was read or exported as the code its view wrote (in
English, the same for every reader: an audit record must not change with the
language of whoever wrote it). The access log page and its export put each into
the reader's language here: the fixed words by a table, the few details that
carry a value (a reference, a version, a period) by a pattern. Anything not
known here (an entry written before a word was added) is shown as stored.
"""

import re
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop

# What a view writes as the detail of a read, or as the thing exported.
WORDS = frozenset(
    (
        gettext_noop("case file"),
        gettext_noop("change history"),
        gettext_noop("complaint"),
        gettext_noop("contact log"),
        gettext_noop("edit form"),
        gettext_noop("equality monitoring"),
        gettext_noop("exit report"),
        gettext_noop("information-sharing log"),
        gettext_noop("letter to referrer"),
        gettext_noop("onward referral"),
        gettext_noop("onward referral of a woman"),
        gettext_noop("outcome questionnaire"),
        gettext_noop("risk checklist"),
        gettext_noop("safety plans"),
        gettext_noop("access log"),
    )
)

# Details that carry a value: (pattern of the stored text, message). A group
# named `what` is itself one of WORDS; groups named for dates hold ISO dates.
PATTERNS = [
    (re.compile(r"^print: (?P<what>.+)$"), gettext_noop("print: %(what)s")),
    (re.compile(r"^PDF: (?P<what>.+)$"), gettext_noop("PDF: %(what)s")),
    (
        re.compile(r"^subject-access export (?P<reference>\S+)$"),
        gettext_noop("subject-access export %(reference)s"),
    ),
    (
        re.compile(r"^safety plan version (?P<version>\d+)$"),
        gettext_noop("safety plan, version %(version)s"),
    ),
    (
        re.compile(
            r"^reports: period report (?P<start>\d{4}-\d\d-\d\d) to "
            r"(?P<end>\d{4}-\d\d-\d\d) \((?P<format>\w+)\)$"
        ),
        gettext_noop("period report, %(start)s to %(end)s (%(format)s)"),
    ),
    (
        re.compile(r"^reports: (?P<file>\S+)$"),
        gettext_noop("period report file %(file)s"),
    ),
    (
        re.compile(r"^outcomes: anonymised data set \((?P<format>\w+)\)$"),
        gettext_noop("outcomes: anonymised data set (%(format)s)"),
    ),
]

_DATES = {"start", "end"}


def readable(stored: str) -> str:
    """The stored detail (or exported thing) in the reader's language."""
    if stored in WORDS:
        return gettext(stored)
    for pattern, message in PATTERNS:
        found = pattern.match(stored)
        if found:
            return gettext(message) % {
                name: _value(name, value) for name, value in found.groupdict().items()
            }
    return stored


def _value(name: str, value: str) -> str:
    if name == "what":
        return readable(value)
    if name in _DATES:
        return date_format(date.fromisoformat(value), "DATE_FORMAT")
    if name == "format":
        return value.upper()
    return value
