"""The site seen from outside: its URL patterns, links, forms and response bodies.

Shared by the access matrix, the firewall sweep and the hostile-input tests.
"""

import io
import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pypdf import PdfReader


@dataclass(frozen=True)
class Route:
    """One URL pattern of the URLconf: its namespaced name and its URL kwargs."""

    name: str
    kwargs: tuple[str, ...]

    def url(self, ids: dict) -> str:
        return reverse(self.name, kwargs={k: ids[k] for k in self.kwargs})


def _walk(patterns, namespace="", prefix_kwargs=()):
    for entry in patterns:
        converters = tuple(entry.pattern.converters)
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            yield from _walk(
                entry.url_patterns,
                f"{namespace}{ns}:" if ns else namespace,
                prefix_kwargs + converters,
            )
        elif isinstance(entry, URLPattern):
            yield namespace, entry, prefix_kwargs + converters


def routes() -> list[Route]:
    """Every named URL pattern, with namespaces.

    The Django admin (`admin:`) is left out: only platform superusers reach it and
    Django's own tests cover it. Static and media files are served by WhiteNoise,
    not by the URLconf, so they never appear here.
    """
    found = []
    for namespace, pattern, kwargs in _walk(get_resolver().url_patterns):
        if namespace.startswith("admin:"):
            continue
        assert pattern.name, f"URL pattern {pattern.pattern} has no name"
        found.append(Route(f"{namespace}{pattern.name}", kwargs))
    return found


def pdf_text(content: bytes) -> str:
    """The text of a PDF's pages (a print view's download)."""
    pages = PdfReader(io.BytesIO(content)).pages
    return "\n".join(page.extract_text() for page in pages)


def body_of(response) -> str:
    """The whole answer as text: headers and body (streamed ones too)."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
    return headers + "\n" + content.decode(errors="replace")


_LINK = re.compile(r'(?:href|hx-get|src|action)\s*=\s*"([^"#]*)', re.IGNORECASE)


def links_in(html: str) -> list[str]:
    """Same-site links of a page (href, hx-get and form actions), unescaped."""
    out = []
    for raw in _LINK.findall(html):
        link = unescape(raw).strip()
        if link.startswith("/") and not link.startswith("//"):
            out.append(link)
    return out


@dataclass
class FormField:
    name: str
    kind: str  # input type, "select", "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class HtmlForm:
    action: str
    method: str
    fields: dict[str, FormField] = field(default_factory=dict)
    hx_post: str = ""


class _FormParser(HTMLParser):
    def __init__(self, page_url):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[HtmlForm] = []
        self._form = None
        self._select = None
        self._textarea = None
        # Inputs with form="id" outside the form element.
        self._by_id = {}
        self._orphans = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            action = a.get("action") or self.page_url
            self._form = HtmlForm(
                action=action.split("#")[0],
                method=(a.get("method") or "get").lower(),
                hx_post=a.get("hx-post", ""),
            )
            self.forms.append(self._form)
            if a.get("id"):
                self._by_id[a["id"]] = self._form
            return
        form = self._form
        if a.get("form") and a["form"] in self._by_id:
            form = self._by_id[a["form"]]
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                if kind == "submit" and form is not None:
                    form.fields.setdefault(
                        name, FormField(name, "submit", a.get("value") or "")
                    )
                return
            if form is None:
                self._orphans.append(a)
                return
            existing = form.fields.get(name)
            if kind in ("checkbox", "radio"):
                value = a.get("value", "on")
                if existing is None:
                    existing = form.fields[name] = FormField(
                        name, kind, "", [], multiple=kind == "checkbox"
                    )
                existing.options.append(value)
                if "checked" in a:
                    existing.value = value
            elif existing is None:
                form.fields[name] = FormField(name, kind, a.get("value") or "")
        elif tag == "select" and name and form is not None:
            self._select = form.fields[name] = FormField(
                name, "select", "", [], multiple="multiple" in a
            )
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select.options.append(value)
            if "selected" in a:
                self._select.value = value
        elif tag == "textarea" and name and form is not None:
            self._textarea = form.fields[name] = FormField(name, "textarea", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            # Browsers drop the newline that follows <textarea>.
            if self._textarea.value.startswith("\n"):
                self._textarea.value = self._textarea.value[1:]
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data


def forms_in(html: str, page_url: str) -> list[HtmlForm]:
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms
