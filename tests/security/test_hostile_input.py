"""Hostile input to every form of the site (DESIGN.md section 7).

Every URL pattern whose view takes POST is found by posting an empty body to it
as a role that may open it (anything but a 405); each must have a row in FORMS,
so a new form without coverage fails `test_every_form_is_covered`. A form's fields
are read from the page that shows it (its host page, parsed like a browser would),
and hypothesis posts values drawn from both its own options and a hostile
repertoire: empty, huge, unicode (right-to-left marks, NUL bytes, emoji), wrong
types, dates far away, ids and UUIDs of the other organisation's records,
markup and SQL fragments, repeated keys and extra fields naming foreign records.

Each example runs in a savepoint that is rolled back, as the role that may use
the form. The answer must be 2xx, 3xx or 4xx, never 5xx; `<script>alert` (or
another markup payload) must never come back unescaped, neither in the answer,
nor on the page it redirects to, nor on the host page; a 4xx must leave every row
saved before exactly as it was; and nothing, whatever the answer, may change a row
of the other organisation or link a new row to one of its records.

Hypothesis explores; `test_each_free_text_field` also puts the same few values
(markup with SQL, which is no address either; an over-long value) in each
free-text field in turn, and in `next`, so every form meets them on every run.
GET forms (searches and filters of list pages) and the query parameters views
read get the same treatment (`test_search_and_filter_forms`,
`test_query_parameters`).
"""

import os
import re

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.conftest import ROLES, url_ids
from tests.security.hostile import (
    EXTRA_KEYS,
    assert_escaped,
    check_rows,
    client_of,
    describe,
    field_values,
    find_form,
    foreign_ids,
    foreign_keys,
    plausible,
    post_routes,
    route_map,
    snapshot,
    unescaped,
    url_of,
    values_for,
)
from tests.security.hostile_pages import FORMS, QUERY_PARAMS, SHOW_ONLY
from tests.security.site import body_of, forms_in

# Examples per form; the same ones on every run (a stable `make test`) unless
# SECURITY_HOSTILE_RANDOM is set, to explore further.
EXAMPLES = int(os.environ.get("SECURITY_HOSTILE_EXAMPLES", "8"))
HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=not os.environ.get("SECURITY_HOSTILE_RANDOM"),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def test_pages_that_only_show_refuse_post(worlds, db):
    """A page without a form answers POST with 405, like every other page."""
    from tests.security.test_access_matrix import EXPECTED

    ids = url_ids(worlds.ours)
    wrong = []
    for name in sorted(SHOW_ONLY):
        role = next(r for r in ROLES if EXPECTED[name][r] == "200")
        with transaction.atomic():
            status = client_of(worlds, role).post(url_of(name, ids), {}).status_code
            transaction.set_rollback(True)
        if status != 405:
            wrong.append(f"POST {url_of(name, ids)} as {role}: {status}")
    assert not wrong, "pages that take POST without a form:\n" + "\n".join(wrong)


def test_every_form_is_covered(worlds, db):
    """Each URL that takes POST has a row in FORMS, and each row names one."""
    posting = post_routes(worlds) - SHOW_ONLY
    missing = sorted(posting - set(FORMS))
    assert not missing, (
        "views taking POST without a row in tests/security/test_hostile_input.py "
        "FORMS: " + ", ".join(missing)
    )
    assert not sorted(set(FORMS) - posting), set(FORMS) - posting


def prepare(worlds, name):
    """The form's user, URL, host page, fields and a plausible submission."""
    spec = FORMS[name]
    role = spec["role"]
    ids = url_ids(worlds.ours)
    if name.startswith("risk:alert_"):
        ids["alert_uuid"] = worlds.ours.o.alerts[role].uuid
    for key, record in spec.get("ids", {}).items():
        ids[key] = getattr(worlds.ours.o, record).uuid
    target = url_of(name, ids)
    host = url_of(spec.get("host", name), ids)
    host_answer = client_of(worlds, role).get(host)
    assert host_answer.status_code == 200, f"{host}: {host_answer.status_code}"
    if "fields" in spec and not spec["fields"]:
        fields = {}
    else:
        form = find_form(body_of(host_answer), host, target)
        assert form is not None, f"no form posting to {target} on {host}"
        fields = {k: f for k, f in form.fields.items() if f.kind != "submit"}
    today = timezone.localdate().isoformat()
    baseline = {key: plausible(f, today) for key, f in fields.items()}
    for key, value in spec.get("valid", {}).items():
        if "." in value:
            record, attribute = value.split(".")
            value = getattr(getattr(worlds.ours.o, record), attribute)
        baseline[key] = value
    return role, target, host, fields, baseline


def attempt(worlds, role, target, host, payload, *, theirs_pks, htmx=False):
    """POST once in a savepoint that is rolled back; what went wrong, if anything."""
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    problems = []
    with transaction.atomic():
        try:
            client = client_of(worlds, role)
            before = snapshot()
            response = client.post(target, payload, **headers)
            status = response.status_code
            if status >= 500:
                return [
                    f"{status} from POST {target} as {role} with {payload!r}:\n"
                    + describe(response)
                ]
            problems += unescaped(body_of(response), f"the answer to {target}")
            problems += check_rows(
                before,
                snapshot(),
                theirs_pks=theirs_pks,
                failed=status >= 400,
            )
            pages = [host]
            if status in (301, 302, 303) and response["Location"].startswith("/"):
                pages.insert(0, response["Location"])
            for page in pages:
                shown = client.get(page)
                if shown.status_code >= 500:
                    problems.append(
                        f"{shown.status_code} on {page} after POST {target}:\n"
                        + describe(shown)
                    )
                problems += unescaped(body_of(shown), page)
        finally:
            transaction.set_rollback(True)
    return [f"POST {target} ({status}) with {payload!r}: {p}" for p in problems]


@pytest.mark.parametrize("name", list(FORMS))
def test_hostile_post(worlds, db, name):
    """Generated values never cause a 5xx, never come back unescaped, and never
    change what they must not."""
    role, target, host, fields, baseline = prepare(worlds, name)
    foreign = foreign_ids(worlds)
    theirs_pks = foreign_keys(worlds)

    @HYPOTHESIS
    @given(data=st.data())
    def run(data):
        # Mostly a plausible submission with a few hostile fields (so that
        # what is saved is shown again), now and then hostile throughout.
        if data.draw(st.integers(0, 3), label="all hostile") == 0:
            hostile = set(fields)
        else:
            hostile = data.draw(
                st.sets(st.sampled_from(sorted(fields) or [""]), max_size=3),
                label="hostile fields",
            )
        payload = {
            key: data.draw(field_values(f, foreign), label=key)
            if key in hostile
            else baseline[key]
            for key, f in fields.items()
        }
        # An unticked box is not sent at all, as a browser does.
        for key, f in fields.items():
            if f.kind == "checkbox" and key not in hostile and not payload[key]:
                del payload[key]
        extra = data.draw(
            st.dictionaries(
                st.sampled_from(EXTRA_KEYS), st.sampled_from(foreign), max_size=3
            ),
            label="extra",
        )
        for key, value in extra.items():
            payload.setdefault(key, value)
        htmx = data.draw(st.booleans(), label="htmx")
        problems = attempt(
            worlds, role, target, host, payload, theirs_pks=theirs_pks, htmx=htmx
        )
        assert not problems, "\n".join(problems)

    run()


# The same few hostile values in each free-text field in turn, with the rest of
# the form plausible: every form gets them, whatever hypothesis draws.
EACH_FIELD = [
    "' OR '1'='1 <script>alert(1)</script>",
    "A" * 300,
]
FREE_TEXT = ("text", "textarea", "hidden", "email", "search", "tel", "password")


_FORM_ROW = re.compile(r"-\d+-")


def hostile_targets(keys: list[str]) -> list[list[str]]:
    """The groups of fields that get a hostile value together: each field alone,
    except the repeated rows of a formset (an instrument's 27 items), where the
    first row's field is tried alone and then every row's at once, so that every
    field still gets each value without 400 near-identical posts."""
    families: dict[str, list[str]] = {}
    for key in keys:
        families.setdefault(_FORM_ROW.sub("-N-", key), []).append(key)
    targets = []
    for members in families.values():
        targets.append(members[:1])
        if len(members) > 1:
            targets.append(members)
    return targets


@pytest.mark.parametrize("name", list(FORMS))
def test_each_free_text_field(worlds, db, name):
    """Markup, SQL, a value that is no address, and an over-long value, in each
    free-text field in turn: no 5xx, no markup unescaped, nothing lost."""
    role, target, host, fields, baseline = prepare(worlds, name)
    theirs_pks = foreign_keys(worlds)
    problems = []
    keys = [
        k
        for k, f in fields.items()
        if f.kind in FREE_TEXT and k != "csrfmiddlewaretoken"
    ]
    # A "next" the form does not show is still read by some views.
    keys += [] if "next" in fields else ["next"]
    for group in hostile_targets(keys):
        for value in EACH_FIELD:
            payload = {
                k: v for k, v in baseline.items() if v or fields[k].kind != "checkbox"
            }
            payload.update(dict.fromkeys(group, value))
            problems += attempt(
                worlds, role, target, host, payload, theirs_pks=theirs_pks
            )
    assert not problems, "\n".join(problems)


def _search_forms(worlds):
    """(role, page URL, form) for each GET form of a page about no record."""
    from tests.security.test_access_matrix import EXPECTED, _route_name

    found = {}
    by_name = route_map()
    for key, row in EXPECTED.items():
        name, variant = _route_name(key)
        route = by_name[name]
        if variant or route.kwargs:
            continue
        for role in ROLES:
            if row[role] != "200":
                continue
            url = route.url({})
            answer = worlds.clients[("ours", role)].get(url)
            for form in forms_in(body_of(answer), url):
                if form.method == "get" and form.fields:
                    found.setdefault(url, (role, form))
    return found


def test_search_and_filter_forms(worlds, db):
    """Searches and filters of every list page, with hostile values: no 5xx, no
    unescaped markup."""
    forms = _search_forms(worlds)
    assert len(forms) >= 6, sorted(forms)
    foreign = foreign_ids(worlds)

    @settings(HYPOTHESIS, max_examples=EXAMPLES * len(forms))
    @given(data=st.data())
    def run(data):
        url = data.draw(st.sampled_from(sorted(forms)), label="page")
        role, form = forms[url]
        params = {
            key: data.draw(field_values(f, foreign), label=key)
            for key, f in form.fields.items()
            if f.kind != "submit"
        }
        params["page"] = data.draw(
            st.sampled_from(["", "2", "-1", "abc", "99999", "\x00"]), label="page no"
        )
        htmx = data.draw(st.booleans(), label="htmx")
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        with transaction.atomic():
            try:
                response = worlds.clients[("ours", role)].get(url, params, **headers)
                assert response.status_code < 500, (
                    f"{response.status_code} from GET {url} as {role} with "
                    f"{params!r}:\n" + describe(response)
                )
                assert_escaped(body_of(response), url)
            finally:
                transaction.set_rollback(True)

    run()


@pytest.mark.parametrize("name", list(QUERY_PARAMS))
def test_query_parameters(worlds, db, name):
    """Hostile values in the query string a page reads: never a 5xx, never
    markup unescaped."""
    from tests.security.test_access_matrix import EXPECTED

    role = next(r for r in ROLES if EXPECTED[name][r] == "200")
    url = url_of(name, url_ids(worlds.ours))
    foreign = foreign_ids(worlds)
    client = worlds.clients[("ours", role)]

    @HYPOTHESIS
    @given(data=st.data())
    def run(data):
        params = {
            key: data.draw(values_for([""], foreign), label=key)
            for key in QUERY_PARAMS[name]
        }
        with transaction.atomic():
            try:
                response = client.get(url, params)
                assert response.status_code < 500, (
                    f"{response.status_code} from GET {url} as {role} with "
                    f"{params!r}:\n" + describe(response)
                )
                assert_escaped(body_of(response), url)
            finally:
                transaction.set_rollback(True)

    run()


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "abc", "' OR '1'='1", "/risk/alerts/"],
)
def test_two_factor_next_stays_on_the_site(worlds, db, target):
    """After the second factor, ?next= leads only to a page of this site, and a
    value that is no address at all is not a server error."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = worlds.ours.users["caseworker"]
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    token = f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
    client = client_of(worlds, "caseworker")
    response = client.post(f"/accounts/two-factor/?next={target}", {"token": token})
    assert response.status_code < 500, describe(response)
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith("//"), location
