"""The information firewall, swept from outside (DESIGN.md section 3).

The woman of our seeded organisation (tests/security/conftest.py) carries a marker
in every field: her name, phones, e-mail, address, safe-contact notes, code word,
what to do if someone else answers, language, the do-not-contact reason of a
second woman, her consents' scopes, her contacts' summaries and disclosures, her
safety plan, her onward referral and information share, a risk note kept within
partner support (written from her contact) and a partner-side risk event. Every
marker starts with OUR_PREFIX; the other organisation's start with THEIR_PREFIX.

A facilitator and a caseworker then crawl, breadth-first and bounded, every page,
CSV export and HTMX fragment they can reach (each page is also requested with
`HX-Request: true`), starting from the start page and from every URL of the access
matrix they may open, following links, HTMX links and form actions, and running
every GET form (searches and filters) with her name and her phone. The detectors
and the alert e-mails run first, so whatever they write is crawled too. No marker
may appear anywhere, nor anything of the other organisation. Notification e-mails,
error pages, exports and reports are checked the same way in
test_firewall_outputs.py; the markers and the reading of an answer as text are
in sweep.py.

The sanity check: partner-support workers and managers crawling the same way do
see every marker (so the markers are really there to be found).
"""

from collections import deque
from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import reverse

from tests.security.conftest import (
    OUR_PHONE_DIGITS,
    OUR_PREFIX,
    THEIR_PREFIX,
    url_ids,
)
from tests.security.site import body_of, forms_in, links_in, routes
from tests.security.sweep import markers_in, run_risk_machinery, text_of
from tests.security.test_access_matrix import EXPECTED, _route_name, _variant_ids

MAX_PAGES = 700
# Pages of one path with different query strings (filters, pages, weeks).
MAX_PER_PATH = 25
SKIP = ("/static/", "/admin/", "/accounts/logout/")
# Searches: a word of her name that is not itself a marker, and her phone.
SEARCH_WORDS = ("Firewallia", f"07700 {OUR_PHONE_DIGITS}")

# Every marker of our woman's records (see build_world); the sanity check makes
# sure partner support and managers find each of them.
HER_RECORDS = {
    f"{OUR_PREFIX}{what}"
    for what in (
        "herfirst",
        "email",
        "address",
        "safenotes",
        "codeword",
        "someoneelse",
        "language",
        "sharescope",
        "contactscope",
        "summary",
        "disclosure",
        "attemptsummary",
        "safetyplan",
        "secondname",
        "secondemail",
        "secondaddress",
        "donotcontact",
        "onwardreason",
        "onwardshared",
        "sharewhat",
        "sharereason",
        "equalityoption",  # equality: her answer
        "complaintsummary",  # complaints: hers, about partner support
        "complaintdetails",  # complaints
        "complaintname",  # complaints
        "enquiryname",  # enquiries: a worker's enquiry, every field of hers
        "enquiryreferrer",  # enquiries
        "enquiryemail",  # enquiries
        "enquirysafetimes",  # enquiries
        "enquiryconcerns",  # enquiries
        "enquirynotes",  # enquiries
        "enquirylanguage",  # enquiries
        "publicname",  # enquiries: a request from the public page
        "publicemail",  # enquiries
        "publicconcerns",  # enquiries
        "statusnote",  # her_case: her own case, her checklist, her plan
        "checklistnotes",  # her_case
        "plansafecontacts",  # her_case
        "planemergency",  # her_case
        "planchildren",  # her_case
        "plandigital",  # her_case
    )
}
# Risk records kept within partner support (managers read them in his case file).
PARTNER_SIDE_RISK = {f"{OUR_PREFIX}firewallednote", f"{OUR_PREFIX}partnerevent"}


def start_urls(worlds, role: str) -> list[str]:
    """The start page and every URL of the matrix this role may open."""
    by_name = {route.name: route for route in routes()}
    urls = ["/"]
    for key, row in EXPECTED.items():
        if row[role] != "200":
            continue
        name, variant = _route_name(key)
        ids = url_ids(worlds.ours)
        if variant:
            ids.update(_variant_ids(worlds.ours, variant, role))
        urls.append(by_name[name].url(ids))
    return urls


def get_form_urls(html: str, page_url: str) -> list[str]:
    """Each GET form of a page, run with her name, her phone and every option."""
    urls = []
    for form in forms_in(html, page_url):
        if form.method != "get":
            continue
        action = form.action if form.action.startswith("/") else page_url
        action = action.split("?")[0]
        defaults = {
            f.name: f.value
            for f in form.fields.values()
            if f.kind not in ("submit", "checkbox", "radio") or f.value
        }
        text_fields = [
            f.name
            for f in form.fields.values()
            if f.kind in ("text", "search", "textarea", "tel", "email")
        ]
        for name in text_fields:
            for word in SEARCH_WORDS:
                urls.append(f"{action}?{urlencode({**defaults, name: word})}")
        for f in form.fields.values():
            if f.kind in ("select", "radio", "checkbox"):
                for option in f.options[:12]:
                    urls.append(f"{action}?{urlencode({**defaults, f.name: option})}")
        urls.append(f"{action}?{urlencode(defaults)}")
    return urls


def run_posted_searches(client, html: str, page_url: str):
    """Each search form that is posted (names stay out of URLs), run with her
    name and her phone; the term is forgotten again after each run."""
    path = urlsplit(page_url).path
    for form in forms_in(html, page_url):
        if form.method != "post" or urlsplit(form.action).path != path:
            continue
        if "q" not in form.fields:
            continue
        for word in SEARCH_WORDS:
            response = client.post(path, {"q": word}, follow=True)
            yield f"{path} [searched {word}]", "search", response, text_of(response)
        client.post(path, {"q": ""})


def crawl(client, starts, *, htmx: bool = True):
    """Breadth-first GET of every same-site URL reachable from `starts`.

    Yields (url, headers label, response, text) for each answer.
    """
    seen = set(starts)
    per_path = {}
    queue = deque(starts)
    count = 0
    while queue and count < MAX_PAGES:
        url = queue.popleft()
        path = urlsplit(url).path
        per_path[path] = per_path.get(path, 0) + 1
        if per_path[path] > MAX_PER_PATH:
            continue
        count += 1
        variants = [("page", {})]
        if htmx:
            variants.append(("htmx", {"HTTP_HX_REQUEST": "true"}))
        html = ""
        for label, headers in variants:
            response = client.get(url, **headers)
            text = text_of(response)
            yield url, label, response, text
            if label == "page":
                html = body_of(response)
        candidates = links_in(html)
        if "text/html" in (response.get("Content-Type") or ""):
            candidates += get_form_urls(html, url)
            yield from run_posted_searches(client, html, url)
        for link in candidates:
            if link.startswith(SKIP) or link in seen:
                continue
            seen.add(link)
            queue.append(link)


@pytest.mark.parametrize("role", ["facilitator", "caseworker"])
def test_they_never_see_her(worlds, db, role):
    """No marker of hers (nor anything of the other organisation) on any page,
    fragment or export a facilitator or a caseworker can reach."""
    run_risk_machinery(worlds)
    client = worlds.clients[("ours", role)]
    leaks, visited, errors = [], set(), []
    for url, label, response, text in crawl(client, start_urls(worlds, role)):
        visited.add(url)
        if response.status_code >= 500:
            errors.append(f"{response.status_code} on {url} ({label})")
        searched_phone = "07700" in url
        found = markers_in(text, phones=not searched_phone)
        if found:
            leaks.append(f"{url} ({label}, {response.status_code}): {sorted(found)}")
    assert not leaks, f"partner or foreign data reached a {role}:\n" + "\n".join(leaks)
    assert not errors, "\n".join(errors)
    # The crawl did reach his case file, his sessions and the lists.
    man = worlds.ours.o.man
    for must in (
        reverse("casefile:detail", args=[man.uuid]),
        # His case file and onward referral printed, and as PDFs (issue 14, 15).
        reverse("casefile:print", args=[man.uuid]),
        reverse("casefile:pdf", args=[man.uuid]),
        reverse("referrals:onward_print", args=[worlds.ours.o.his_onward.uuid]),
        reverse("referrals:onward_pdf", args=[worlds.ours.o.his_onward.uuid]),
        reverse("programmes:session_detail", args=[worlds.ours.o.session.uuid]),
        reverse("casefile:list"),
        reverse("risk:alert_list"),
    ):
        assert must in visited, f"the crawl never reached {must}"
    assert len(visited) > 60, f"the crawl found too little: {len(visited)} pages"


@pytest.mark.parametrize("role", ["partner_support", "manager"])
def test_inside_the_firewall_she_is_there(worlds, db, role):
    """Sanity check: partner-support workers and managers do find her markers,
    and never anything of the other organisation."""
    client = worlds.clients[("ours", role)]
    seen, foreign = set(), []
    for url, _label, _response, text in crawl(
        client, start_urls(worlds, role), htmx=False
    ):
        found = markers_in(text, phones=False)
        seen |= found
        theirs = {f for f in found if f.startswith(THEIR_PREFIX)}
        if theirs:
            foreign.append(f"{url}: {sorted(theirs)}")
        if OUR_PHONE_DIGITS in text.replace(" ", ""):
            seen.add("her phone")
    assert not foreign, "the other organisation's data:\n" + "\n".join(foreign)
    expected = HER_RECORDS | {"her phone"}
    if role == "manager":
        expected |= PARTNER_SIDE_RISK
    missing = expected - seen
    assert not missing, f"a {role} never saw {sorted(missing)}: are they real?"
