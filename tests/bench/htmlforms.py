"""Reads a page's forms the way a browser would submit them (benchmark client only)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

SKIPPED_INPUTS = {"submit", "button", "reset", "image", "file"}


@dataclass
class Form:
    """One <form>: its method, action and the (name, value) pairs it would submit."""

    method: str
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    # name -> every value a radio group offers, in page order.
    radios: dict[str, list[str]] = field(default_factory=dict)

    def names(self) -> set[str]:
        return {name for name, _ in self.fields} | set(self.radios)

    def set(self, name: str, value: str) -> None:
        """Replace every value of a field by one value (or add the field)."""
        self.fields = [(n, v) for n, v in self.fields if n != name]
        self.fields.append((name, value))

    def get(self, name: str, default: str | None = None) -> str | None:
        for n, v in self.fields:
            if n == name:
                return v
        return default


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = Form(
                method=(a.get("method") or "get").lower(), action=a.get("action") or ""
            )
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in SKIPPED_INPUTS:
                return
            if kind == "radio":
                self._form.radios.setdefault(name, []).append(a.get("value") or "on")
                if "checked" in a:
                    self._form.fields.append((name, a.get("value") or "on"))
            elif kind == "checkbox":
                if "checked" in a:
                    self._form.fields.append((name, a.get("value") or "on"))
            else:
                self._form.fields.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in a, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a}
            self._option["text"] = ""
            self._select["options"].append(self._option)
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data
        elif self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._option = None
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop one leading newline of a textarea's content.
            text = self._textarea["text"]
            text = text[1:] if text.startswith("\n") else text
            if self._form is not None:
                self._form.fields.append((self._textarea["name"], text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and options and not self._select["multiple"]:
                chosen = options[:1]
            for option in chosen:
                value = option["value"]
                value = option["text"].strip() if value is None else value
                self._form.fields.append((self._select["name"], value))
            self._select = None
            self._option = None


def parse_forms(html: str) -> list[Form]:
    """Every form of the page, with the values a browser would send as they stand."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_with(html: str, field_name: str) -> Form:
    """The page's form that has a field of this name."""
    for form in parse_forms(html):
        if field_name in form.names():
            return form
    raise LookupError(f"No form with a field {field_name!r} on the page")
