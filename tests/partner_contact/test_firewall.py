"""The information firewall, tested from the outside.

A woman is seeded with a unique marker in every field (contacts, consents and
safety plans too), linked to a man whom the facilitator and the caseworker both
work with. Each of them then crawls every page reachable from their navigation and
lists (breadth-first, GET only, bounded), runs the searches those pages offer with
her name, and requests every URL of this app with her ids. No page may contain a
marker and no partner URL may answer 200.
"""

import re
from collections import deque
from html import unescape

import pytest
from django.urls import NoReverseMatch, URLPattern, reverse
from django.utils import timezone

from accounts.models import AccessLog
from partner_contact import her_case, services  # her_case
from partner_contact import urls as partner_urls
from partner_contact.models import Consent
from tests.participants.factories import ChildFactory, ParticipantFactory
from tests.partner_contact.factories import (
    DoNotContactPartnerFactory,
    RelationshipFactory,
    checklist_answers,  # her_case
)
from tests.programmes.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    GroupFactory,
    HeldSessionFactory,
)

PREFIX = "zqxmarker"
PHONE = "07700 424242"
FIELDS = {
    "name": "Zqxmarkername Firewallia",
    "phone": PHONE,
    "email": "zqxmarkeremail@example.org",
    "address": "12 Zqxmarkeraddress Street",
    "safe_contact_notes": "Zqxmarkernotes after nine",
    "code_word": "Zqxmarkercode",
    "if_someone_else_answers": "Zqxmarkeranswers: say wrong number",
    "language": "Zqxmarkerlanguage",
}
MAX_PAGES = 400
SEARCH_NAME = "Firewallia"
SEARCH_PHONE = "07700+424242"
SKIP = ("/static/", "/accounts/logout", "/admin/", "/healthz")


@pytest.fixture
def seeded(org, facilitator, caseworker, partner_worker):
    man = ParticipantFactory(organisation=org, caseworker=caseworker)
    group = GroupFactory(programme__organisation=org, facilitators=[facilitator])
    EnrolmentFactory(group=group, participant=man)
    session = HeldSessionFactory(group=group, facilitators=[facilitator])
    AttendanceFactory(session=session, participant=man, recorded_by=facilitator)
    partner = services.create_partner(
        organisation=org, actor=partner_worker, participant=man, **FIELDS
    )
    relationship = partner.relationships.get()
    services.record_consent(
        partner=partner,
        kind=Consent.Kind.SHARE_WITH_PROGRAMME,
        given_on=timezone.localdate(),
        how_given=Consent.HowGiven.WRITING,
        scope="Zqxmarkerscope",
        actor=partner_worker,
    )
    contact = services.log_contact(
        partner=partner,
        worker=partner_worker,
        relationship=relationship,
        occurred_at=timezone.now(),
        channel="phone",
        outcome="spoke",
        summary="Zqxmarkersummary of the call",
        disclosure="Zqxmarkerdisclosure: he came to the house",
        disclosure_may_share=True,
        consent_basis="consent",
        risk_events=["separation", "pregnancy", "new_incident"],
        separation_on=timezone.localdate(),
        referrals_made=["idva"],
    )
    services.create_safety_plan(
        partner=partner,
        plan="Zqxmarkerplan: bag at the neighbour's",
        review_on=timezone.localdate(),
        actor=partner_worker,
        contact=contact,
    )
    other = DoNotContactPartnerFactory(
        organisation=org,
        name="Zqxmarkersecond Woman",
        do_not_contact_reason="Zqxmarkerreason",
    )
    RelationshipFactory(partner=other, participant=man)
    her = seed_her_case(partner, man, partner_worker)  # her_case
    return {
        "partner_uuid": partner.uuid,
        "relationship_uuid": relationship.uuid,
        "contact_uuid": contact.uuid,
        "consent_uuid": partner.consents.get().uuid,
        "man": man,
        **her,  # her_case
    }


def seed_her_case(partner, man, worker) -> dict:
    """Her own case (her_case): a move, a checklist over the threshold, a plan in
    sections and a child of his case linked to her, each text marked."""
    her_case.move_partner(
        partner=partner,
        to_status="engaged",
        reason="safety_planning",
        actor=worker,
        note="Zqxmarkermove note",
    )
    checklist = her_case.complete_checklist(
        partner=partner,
        version=her_case.active_checklist(),
        answers=checklist_answers(16),
        completed_on=timezone.localdate(),
        actor=worker,
        notes="Zqxmarkerchecklist notes",
    )
    plan = her_case.save_safety_plan(
        partner=partner,
        actor=worker,
        safe_contacts="Zqxmarkersafecontacts",
        digital="Zqxmarkerdigital",
    )
    link = her_case.link_child(
        partner=partner, child=ChildFactory(participant=man, name="C."), actor=worker
    )
    return {
        "checklist_uuid": checklist.uuid,
        "plan_uuid": plan.uuid,
        "link_uuid": link.uuid,
    }


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    headers = " ".join(f"{k}: {v}" for k, v in response.headers.items())
    return unescape(content.decode(errors="replace") + headers).lower()


def leaks(text: str, phone: bool = True) -> list[str]:
    found = [m.group(0) for m in re.finditer(PREFIX + r"\w*", text)]
    if phone and (PHONE in text or "424242" in text.replace(" ", "")):
        found.append(PHONE)
    return found


LINK = re.compile(r'(?:href|hx-get|action)="([^"#]+)')


def links_in(text: str) -> list[str]:
    out = []
    for link in LINK.findall(text):
        if link.startswith("/") and not link.startswith("//"):
            out.append(link)
    return out


def crawl(client):
    """Every page reachable from the start page: (url, status) for each."""
    seen, queue, visited = {"/"}, deque(["/"]), []
    while queue and len(visited) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        text = body_of(response)
        visited.append((url, response.status_code))
        # A search page echoes its query: searches use her surname and her phone,
        # and a hit would show her marked first name.
        found = leaks(text, phone=SEARCH_PHONE not in url)
        assert not found, f"partner data {found} on {url}"
        candidates = links_in(text)
        # Run each search the page offers with her name and with her phone
        # (searches are posted, so names stay out of URLs).
        if 'name="q"' in text and "?" not in url:
            for term in (SEARCH_NAME, SEARCH_PHONE):
                searched = client.post(url, {"q": term}, follow=True)
                found = leaks(body_of(searched), phone=term != SEARCH_PHONE)
                assert not found, f"partner data {found} on a search of {url}"
        for link in candidates:
            if link.startswith(SKIP) or link in seen:
                continue
            seen.add(link)
            queue.append(link)
    return visited


def partner_app_urls(ids):
    """Every URL of the partner_contact app, filled with her ids."""
    urls = []
    for pattern in partner_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        names = list(pattern.pattern.converters)
        kwargs = {name: ids[name] for name in names}
        urls.append(reverse(f"partner_contact:{pattern.name}", kwargs=kwargs))
    return urls


@pytest.mark.parametrize("role", ["facilitator", "caseworker"])
def test_no_partner_detail_anywhere_they_can_reach(role, request, seeded, login):
    user = request.getfixturevalue(role)
    client = login(user)
    visited = crawl(client)
    assert len(visited) >= 3, f"the crawl found too little: {visited}"
    ok_partner_pages = [u for u, s in visited if u.startswith("/partners") and s == 200]
    assert ok_partner_pages == []
    # Once the case file exists, both reach the man's case: the crawl covered it.
    try:
        case_file = reverse("casefile:detail", args=[seeded["man"].uuid])
    except NoReverseMatch:
        case_file = None
    if case_file:
        assert case_file in [url for url, _ in visited], visited


@pytest.mark.parametrize("role", ["facilitator", "caseworker", "org_admin"])
def test_every_partner_url_is_404_for_them(role, request, seeded, login):
    client = login(request.getfixturevalue(role))
    for url in partner_app_urls(seeded):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 404, (method.__name__, url)
            assert not leaks(body_of(response))


def test_error_pages_carry_no_partner_detail(seeded, login, facilitator):
    client = login(facilitator)
    response = client.get(f"/partners/{seeded['partner_uuid']}/?q=Firewallia")
    assert response.status_code == 404
    assert not leaks(body_of(response))


def test_managers_read_and_every_read_is_logged(seeded, login, manager):
    client = login(manager)
    for url in partner_app_urls(seeded):
        if url.endswith(
            (
                "/new/",
                "/edit/",
                "/link/",
                "/unlink/",
                "/separation/",
                "/withdraw/",
                "/move/",
            )
        ):
            continue
        response = client.get(url)
        assert response.status_code == 200, url
    logged = set(
        AccessLog.objects.filter(user=manager).values_list("object_uuid", "action")
    )
    assert (seeded["partner_uuid"], "view") in logged
    assert (seeded["contact_uuid"], "view") in logged
    assert (seeded["partner_uuid"], "export") in logged


def test_partner_support_can_open_every_page(seeded, login, partner_worker):
    client = login(partner_worker)
    for url in partner_app_urls(seeded):
        if url.endswith("export.csv"):
            assert client.get(url).status_code == 403
            continue
        if url.endswith("/unlink/"):  # her_case: a button, POST only
            assert client.get(url).status_code == 405
            continue
        assert client.get(url).status_code == 200, url
