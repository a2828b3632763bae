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
may appear anywhere, nor anything of the other organisation. Notification e-mails
and error pages are checked the same way.

The sanity check: partner-support workers and managers crawling the same way do
see every marker (so the markers are really there to be found).
"""

import io  # data_rights: exports are zips
import re
import zipfile  # data_rights
from collections import deque
from datetime import timedelta
from html import unescape
from urllib.parse import urlencode, urlsplit

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessLog
from accounts.tasks import send_account_notice, send_account_notice_to_managers
from accounts.views import errors as error_views
from data_rights.document import archive  # data_rights
from data_rights.her_export import build_her_export  # data_rights
from outcomes.detectors import detect_missed_time_points
from risk import services as risk_services
from risk.models import Alert
from risk.tasks import deliver_alert_emails
from tests.outcomes.factories import ResponseFactory, TimePointFactory
from tests.security.conftest import (
    OUR_PHONE_DIGITS,
    OUR_PREFIX,
    THEIR_PHONE_DIGITS,
    THEIR_PREFIX,
    url_ids,
)
from tests.security.site import body_of, forms_in, links_in, pdf_text, routes
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
MARKER = re.compile(rf"(?:{OUR_PREFIX}|{THEIR_PREFIX})\w*")
PHONES = {
    f"07700{OUR_PHONE_DIGITS}": "her phone",
    f"07700{OUR_PHONE_DIGITS[::-1]}": "the second woman's phone",
    f"07700{THEIR_PHONE_DIGITS}": "their woman's phone",
    f"07700{THEIR_PHONE_DIGITS[::-1]}": "their second woman's phone",
}


def text_of(response) -> str:
    """The answer as searchable text; a PDF (a print view's download) by the
    text of its pages, which its compressed bytes would hide."""
    if response.get("Content-Type") == "application/pdf":
        return pdf_text(response.content).lower()
    return unescape(body_of(response)).lower()


def markers_in(text: str, *, phones: bool = True) -> set[str]:
    found = set(MARKER.findall(text))
    if phones:
        flat = re.sub(r"[\s\-()+.]", "", text)
        found |= {label for phone, label in PHONES.items() if phone in flat}
    return found


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


def run_risk_machinery(worlds):
    """Detectors, escalation and alert e-mails, as beat and the worker would."""
    now = timezone.now()
    risk_services.run_detectors(at=now)
    # outcomes: her missed questionnaire alerts partner support only.
    detect_missed_time_points(today=timezone.localdate(now), now=now)
    risk_services.escalate_unacknowledged_alerts(at=now + timedelta(days=3))
    pending = list(
        Alert.objects.filter(email_status=Alert.EmailStatus.PENDING).values_list(
            "pk", flat=True
        )
    )
    deliver_alert_emails(pending)


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


def test_notification_emails_carry_no_partner_detail(worlds, db):
    """Alert e-mails (detectors, escalation, manual events) and account e-mails
    carry no partner detail, to anyone, inside the firewall or not."""
    mail.outbox = []
    run_risk_machinery(worlds)
    ours = worlds.ours
    admin = worlds.clients[("ours", "org_admin")]
    response = admin.post(
        reverse("accounts:user_create"),
        {
            "username": "new-worker",
            "first_name": "New",
            "last_name": "Worker",
            "email": "new-worker@example.org",
            "role": "caseworker",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    anonymous = worlds.clients[("anon", None)]
    for address in (ours.users["partner_support"].email, ours.o.woman.email):
        anonymous.post(reverse("accounts:password_reset"), {"email": address})
    # Account notices: a partner-support worker's address changed by the
    # administrator (to her and to the managers), as the worker would send them.
    worker = ours.users["partner_support"]
    response = admin.post(
        reverse("accounts:user_update", args=[worker.uuid]),
        {
            "username": worker.username,
            "first_name": worker.first_name,
            "last_name": worker.last_name,
            "email": "moved-worker@example.org",
            "role": worker.role,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    for entry in AccessLog.objects.filter(action=AccessLog.Action.ACCOUNT):
        send_account_notice(entry.pk, address="old-address@example.org")
        send_account_notice_to_managers(entry.pk)
    assert any("Security notice" in m.subject for m in mail.outbox)
    assert any("Access changed" in m.subject for m in mail.outbox)
    kinds = {m.subject.split(":")[0] for m in mail.outbox}
    assert len(mail.outbox) >= 8, kinds
    assert any("password" in m.subject.lower() for m in mail.outbox), kinds
    assert Alert.objects.filter(email_status=Alert.EmailStatus.SENT).count() >= 5
    leaks = []
    for message in mail.outbox:
        # The recipients are staff; their addresses carry their own organisation's
        # label, not hers, so only what the message says is looked at.
        parts = [message.subject, message.body]
        parts += [str(content) for content, _ in getattr(message, "alternatives", [])]
        parts += [f"{k}: {v}" for k, v in message.extra_headers.items()]
        text = unescape("\n".join(parts)).lower()
        found = markers_in(text)
        if found:
            leaks.append(f"to {message.to}, {message.subject!r}: {sorted(found)}")
    assert not leaks, "partner detail in e-mails:\n" + "\n".join(leaks)


def test_error_pages_carry_no_partner_detail(worlds, db):
    """404, 403, 405 and the 500/503 pages name nothing of hers."""
    o = worlds.ours.o
    facilitator = worlds.clients[("ours", "facilitator")]
    caseworker = worlds.clients[("ours", "caseworker")]
    answers = [
        facilitator.get(f"/partners/{o.woman.uuid}/?q=Firewallia"),
        caseworker.get(
            reverse("partner_contact:contact_detail", args=[o.contact.uuid])
        ),
        caseworker.get(f"/partners/{o.woman.uuid}/no-such-page/"),
        facilitator.get(reverse("accounts:user_list")),
        caseworker.get(reverse("referrals:onward_detail", args=[o.her_onward.uuid])),
        caseworker.get(reverse("risk:share_from_contact", args=[o.contact.uuid])),
        caseworker.post(reverse("risk:alert_list")),
    ]
    assert [a.status_code for a in answers] == [404, 404, 404, 403, 404, 403, 405]
    request = RequestFactory().get(f"/partners/{o.woman.uuid}/")
    request.user = worlds.ours.users["facilitator"]
    answers.append(error_views.server_error(request))
    try:
        from django.db import OperationalError

        raise OperationalError("database down")
    except OperationalError:
        answers.append(error_views.server_error(request))
    assert [a.status_code for a in answers[-2:]] == [500, 503]
    for answer in answers:
        found = markers_in(text_of(answer))
        assert not found, f"{answer.status_code} page shows {found}"


def test_alert_filters_and_acknowledging_several_keep_the_firewall(worlds, db):
    """The alerts inbox filtered every way shows a caseworker nothing of hers or
    of the other organisation, and acknowledging several takes only his own."""
    o = worlds.ours.o
    client = worlds.clients[("ours", "caseworker")]
    for params in (
        {"kind": "threats"},
        {"man": o.man.reference},
        {"age": "week", "status": "open"},
        {"status": "resolved", "scope": "all"},
        {"man": worlds.theirs.o.man.reference},
    ):
        response = client.get(reverse("risk:alert_list"), params)
        assert response.status_code == 200, params
        assert not markers_in(body_of(response), phones=False), params
    others = [o.alerts["partner_support"], worlds.theirs.o.alerts["caseworker"]]
    response = client.post(
        reverse("risk:alert_acknowledge_many"),
        {"alert": [str(a.uuid) for a in others]},
    )
    assert response.status_code == 400
    assert not markers_in(body_of(response), phones=False)
    assert set(
        Alert.objects.filter(pk__in=[a.pk for a in others]).values_list(
            "status", flat=True
        )
    ) == {Alert.Status.OPEN}


HER_SCORE = 917.31


def her_scores_marked(worlds):
    """Her recorded questionnaire carries a score no page shows by chance; his
    intake and end on the ended place give his exit report a progress section."""
    o = worlds.ours.o
    her_response = o.her_outcome.response
    her_response.domain_scores = {"physical": HER_SCORE, "safety": HER_SCORE}
    her_response.status = "complete"
    her_response.completed_at = timezone.now()
    her_response.save(update_fields=["domain_scores", "status", "completed_at"])
    report = o.exit_report
    for kind, score in (("intake", 3.0), ("end", 1.0)):
        ResponseFactory(
            time_point=TimePointFactory(enrolment=report.enrolment, kind=kind),
            status="complete",
            completed_at=timezone.now(),
            domain_scores={"physical": score},
            recorded_by=o.exit_report.created_by,
        )
    return [
        reverse("casefile:detail", args=[o.man.uuid]),
        reverse("casefile:print", args=[o.man.uuid]),
        reverse("casefile:detail", args=[o.man_b.uuid]),
        reverse("programmes:exit_report", args=[report.uuid]),
        reverse("programmes:exit_report_print", args=[report.uuid]),
        reverse("programmes:exit_report_pdf", args=[report.uuid]),
        reverse("partner_contact:partner_detail", args=[o.woman.uuid]),
    ]


@pytest.mark.parametrize("role", ["facilitator", "caseworker"])
def test_her_outcome_scores_never_reach_his_side(worlds, db, role):
    """Her answers and the gap computed from them: not on his case file, his
    exit report (page, print, PDF) nor anywhere else they can open."""
    urls = her_scores_marked(worlds)
    client = worlds.clients[("ours", role)]
    for url in urls:
        text = text_of(client.get(url))
        assert f"{HER_SCORE:g}" not in text, url
        assert "her-outcomes" not in text, url


@pytest.mark.parametrize("role", ["partner_support", "manager"])
def test_her_outcome_scores_are_on_her_record_inside_the_firewall(worlds, db, role):
    """Sanity check: her score is really there, beside his, on her record."""
    urls = her_scores_marked(worlds)
    client = worlds.clients[("ours", role)]
    text = text_of(client.get(urls[-1]))
    assert f"{HER_SCORE:g}" in text and "her-outcomes" in text
    for url in urls[:-1]:
        assert f"{HER_SCORE:g}" not in text_of(client.get(url)), url


def unzipped_text(content: bytes) -> str:
    """data_rights: the readable document and the JSON of an export, as text."""
    with zipfile.ZipFile(io.BytesIO(content)) as zipped:
        return "\n".join(
            zipped.read(name).decode() for name in ("data.html", "data.json")
        ).lower()


def test_his_subject_access_export_holds_nothing_of_hers(worlds, db):
    """data_rights: his export (built, reviewed, released and downloaded), swept
    with her markers and phones, holds none of them, nor anything of theirs;
    what was withheld from her side is listed for the reviewing manager."""
    o = worlds.ours.o
    client = worlds.clients[("ours", "manager")]
    response = client.get(
        reverse("data_rights:request_download", args=[o.rights_request.uuid])
    )
    assert response.status_code == 200
    text = unzipped_text(response.content)
    assert markers_in(text) == set()
    assert "ours" in text  # his own name is there
    reasons = " ".join(r["reason"] for r in o.rights_request.redactions)
    assert "partner" in reasons


def test_her_subject_access_export_holds_her_record(worlds, db):
    """data_rights sanity check: her own export does hold her markers, and none of
    his case notes."""
    o = worlds.ours.o
    text = unzipped_text(archive(build_her_export(o.woman)))
    assert {f"{OUR_PREFIX}{w}" for w in ("herfirst", "codeword", "summary")} <= (
        markers_in(text)
    )
    assert o.case_note.body.lower() not in text


@pytest.mark.parametrize("role", ["facilitator", "caseworker"])
def test_the_period_report_has_no_partner_figure_outside_the_firewall(  # reports
    worlds, db, role
):
    """reports: no partners section, chart, figure or link to a woman's records
    for a facilitator (refused) or a caseworker (the report without them), and
    the lists behind the women's figures do not exist for them."""
    client = worlds.clients[("ours", role)]
    response = client.get(reverse("reports:period_report"))
    assert response.status_code == (403 if role == "facilitator" else 200)
    text = text_of(response)
    for absent in ("section-partners", "figure=partners", "figure=safety_plans"):
        assert absent not in text, absent
    assert '"offered"' not in text and not markers_in(text)
    for figure in ("partners.identified", "partners.engaged", "safety_plans.made"):
        answer = client.get(reverse("reports:figure_records"), {"figure": figure})
        assert answer.status_code in (403, 404), figure


def test_the_period_report_shows_partner_figures_inside_the_firewall(  # reports
    worlds, db
):
    """reports: the sanity check: a manager's report has them."""
    client = worlds.clients[("ours", "manager")]
    text = text_of(client.get(reverse("reports:period_report")))
    assert "section-partners" in text and "figure=partners.identified" in text
