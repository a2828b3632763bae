"""A pseudo-translation: every marked string comes back with each word in ⟦ ⟧.

Activated in place of German (so dates and numbers take the German formats),
it shows which words of a page went through gettext: whatever is left
unbracketed came from a literal nobody marked, or from the data.

Words are bracketed one by one, never the whole string, because some
translations are cut up after translation (`yesno:_("Yes,No")` splits at the
comma). Placeholders (`%(name)s`, `%s`, `{name}`), HTML tags and entities inside
a message are kept as they are, so that formatting and markup still work.
"""

import re
from html.parser import HTMLParser

from django.utils.translation import trans_real

OPEN, CLOSE = "⟦", "⟧"
CONTEXT_SEPARATOR = "\x04"

# Parts of a message a translation must keep exactly.
_PROTECTED = re.compile(
    r"(%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr%]|\{[^{}]*\}|<[^>]*>"
    r"|&[a-zA-Z]+;|&#x?[0-9a-fA-F]+;)"
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def pseudo(message: str) -> str:
    """The message with every word bracketed, placeholders and tags untouched."""
    parts = _PROTECTED.split(message)
    for i in range(0, len(parts), 2):
        parts[i] = _WORD.sub(lambda m: f"{OPEN}{m.group(0)}{CLOSE}", parts[i])
    return "".join(parts)


def _without_context(message: str) -> str:
    return message.split(CONTEXT_SEPARATOR, 1)[-1]


class PseudoTranslation(trans_real.DjangoTranslation):
    """German's translation object, answering every message with pseudo()."""

    def gettext(self, message):
        return pseudo(_without_context(message))

    def ngettext(self, singular, plural, number):
        chosen = singular if number == 1 else plural
        return pseudo(_without_context(chosen))


class PageText(HTMLParser):
    """What a reader sees of a page: its text and its user-facing attributes.

    Scripts, styles and form fields' contents (what was typed, or the record's
    own data in a textarea) are left out, and so is code (<code>, <kbd>,
    <samp>: names a user reads or types as they are, such as a data set's
    column names or a language code).
    """

    SKIP = {"script", "style", "textarea", "template", "code", "kbd", "samp"}
    ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "aria-description"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
            return
        values = dict(attrs)
        for name, value in attrs:
            if name in self.ATTRIBUTES and value:
                self.pieces.append(value)
        kind = (values.get("type") or "").lower()
        if tag == "input" and kind in ("submit", "button") and values.get("value"):
            self.pieces.append(values["value"])

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.pieces.append(data)


_MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
_LETTERS = re.compile(r"[^\W\d_]{2,}")


def unmarked_words(html: str) -> list[str]:
    """Words of the page's visible text that no translation bracketed."""
    parser = PageText()
    parser.feed(html)
    words = []
    for piece in parser.pieces:
        words += _LETTERS.findall(_MARKED.sub(" ", piece))
    return words


# Two words or more, one space apart, none of them bracketed.
_RUN = re.compile(r"[^\W\d_]{2,}(?: [^\W\d_]{2,})+")


def unmarked_phrases(html: str) -> list[str]:
    """Runs of unbracketed words side by side in the page's visible text.

    A word on its own may be data (a name, a word of a note); a phrase such as
    "note by" or "Referral accepted", between a marked label and a name, is a
    literal somebody assembled in English, unless the data holds it as it is.
    """
    parser = PageText()
    parser.feed(html)
    phrases = []
    for piece in parser.pieces:
        for segment in _MARKED.split(" ".join(piece.split())):
            phrases += _RUN.findall(segment)
    return phrases
