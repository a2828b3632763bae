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

import functools
import os
import traceback
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import models, transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.conftest import ROLES, url_ids
from tests.security.site import body_of, forms_in, routes

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

# url name -> who uses the form ("role"; None: anonymous), the page that shows it
# ("host", when not its own), "fields": [] for a form of no fields (a button,
# or a page that shows no form for an invalid link), "ids" to fill the URL
# with another record of the seeded world than url_ids gives, and "valid": values
# that make a plausible submission where guessing from the page is not enough
# ("record.attribute" names a value of the seeded world).
FORMS = {
    # outcomes: his questionnaire, and its "declined" form on the same page.
    "outcomes:record": {"role": "caseworker"},
    "outcomes:settle": {"role": "caseworker", "host": "outcomes:record"},
    "accounts:login": {"role": None},
    "accounts:logout": {"role": "facilitator", "host": "home"},
    "accounts:password_change": {"role": "caseworker"},
    "accounts:password_reset": {"role": None},
    "accounts:password_reset_confirm": {"role": None, "fields": []},
    "accounts:two_factor_verify": {"role": "caseworker"},
    "accounts:two_factor_setup": {"role": "caseworker"},
    "accounts:recovery_codes_regenerate": {
        "role": "caseworker",
        "host": "accounts:two_factor_setup",
        "fields": [],
    },
    "accounts:user_create": {"role": "org_admin"},
    "accounts:user_update": {"role": "org_admin"},
    # A button on a colleague's account page.
    "accounts:user_two_factor_reset": {
        "role": "org_admin",
        "host": "accounts:user_update",
        "fields": [],
    },
    "accounts:organisation_settings": {"role": "org_admin"},
    # The list's filter form is posted, so that names stay out of URLs.
    "casefile:list": {"role": "caseworker"},
    "participants:create": {"role": "caseworker"},
    "participants:update": {"role": "caseworker"},
    "participants:move": {"role": "caseworker"},
    "participants:approve": {"role": "manager", "host": "participants:approvals"},
    "participants:reject": {"role": "manager", "host": "participants:approvals"},
    "participants:child_create": {
        "role": "caseworker",
        "valid": {"birth_year": "2018", "age": ""},
    },
    "participants:child_update": {"role": "caseworker"},
    "participants:child_delete": {"role": "caseworker"},
    "participants:casenote_create": {"role": "caseworker"},
    "participants:casenote_draft": {
        "role": "caseworker",
        "host": "participants:casenote_create",
    },
    "programmes:programme_create": {"role": "manager"},
    "programmes:programme_update": {"role": "manager"},
    "programmes:module_create": {"role": "manager"},
    "programmes:module_update": {"role": "manager"},
    "programmes:group_create": {"role": "caseworker"},
    "programmes:group_update": {"role": "caseworker"},
    "programmes:group_generate_sessions": {
        "role": "caseworker",
        "host": "programmes:group_detail",
    },
    "programmes:session_detail": {"role": "facilitator"},
    "programmes:session_cancel": {
        "role": "facilitator",
        "ids": {"session_uuid": "today_session"},
    },
    "programmes:one_to_one_create": {"role": "caseworker"},
    "programmes:enrol": {"role": "caseworker"},
    "programmes:enrolment_end": {"role": "caseworker"},
    "programmes:exit_report": {"role": "caseworker"},
    "partner_contact:partner_list": {"role": "partner_support"},
    "partner_contact:partner_create": {
        "role": "partner_support",
        "valid": {"phone": "07700 900555", "safe_until": "18:00", "reference": ""},
    },
    "partner_contact:partner_update": {
        "role": "partner_support",
        "valid": {"safe_until": "18:00"},
    },
    "partner_contact:relationship_create": {
        "role": "partner_support",
        "valid": {"reference": "man_b.reference"},
    },
    "partner_contact:contact_create": {
        "role": "partner_support",
        "valid": {"risk_events": ""},
    },
    "partner_contact:consent_create": {"role": "partner_support"},
    "partner_contact:safety_plan_create": {"role": "partner_support"},
    "partner_contact:consent_withdraw": {"role": "partner_support"},
    "partner_contact:separation_create": {
        "role": "partner_support",
        "ids": {"relationship_uuid": "second_relationship"},
    },
    "referrals:referral_create": {"role": "caseworker"},
    "referrals:referral_update": {"role": "caseworker"},
    "referrals:referral_screen": {
        "role": "caseworker",
        "host": "referrals:referral_detail",
    },
    "referrals:referral_accept": {
        "role": "caseworker",
        "host": "referrals:referral_detail",
        "ids": {"referral_uuid": "screening_referral"},
    },
    "referrals:referral_decline": {
        "role": "caseworker",
        "host": "referrals:referral_detail",
        "ids": {"referral_uuid": "screening_referral"},
    },
    "referrals:referral_withdraw": {
        "role": "caseworker",
        "host": "referrals:referral_detail",
    },
    "referrals:agency_create": {"role": "caseworker"},
    "referrals:agency_update": {"role": "caseworker"},
    "referrals:onward_outcome": {
        "role": "caseworker",
        "host": "referrals:onward_detail",
    },
    "casefile:onward_create": {
        "role": "caseworker",
        "valid": {"kind": "other", "legal_basis": "vital_interests"},
    },
    "referrals:partner_onward_create": {
        "role": "partner_support",
        "valid": {"legal_basis": "vital_interests"},
    },
    "referrals:participant_share_create": {
        "role": "caseworker",
        "valid": {"legal_basis": "vital_interests"},
    },
    "referrals:partner_share_create": {
        "role": "partner_support",
        "valid": {"legal_basis": "vital_interests"},
    },
    "risk:settings": {"role": "manager"},
    "risk:assessment_create": {
        "role": "caseworker",
        "valid": {"judgement_level": ""},
    },
    "risk:note_create": {"role": "facilitator"},
    "risk:event_create": {"role": "caseworker"},
    "risk:event_close": {"role": "caseworker", "host": "casefile:detail"},
    # Her contact already shared is offered no second share (issue 14, item 13):
    # the form is posted from the attempt, not yet shared.
    "risk:share_from_contact": {
        "role": "partner_support",
        "ids": {"contact_uuid": "attempt"},
    },
    "risk:alert_acknowledge": {"role": "caseworker", "host": "risk:alert_detail"},
    "risk:alert_resolve": {"role": "caseworker", "host": "risk:alert_detail"},
    "risk:alert_acknowledge_many": {"role": "caseworker", "host": "risk:alert_list"},
}

MARKUP = [
    "<script>alert(1)</script>",
    '"><script>alert(document.cookie)</script>',
    "<img src=x onerror=alert(1)>",
    "</textarea><script>alert(2)</script>",
]
# What must never come back as it was sent.
UNESCAPED = ["<script>alert", "<img src=x onerror", "</textarea><script>"]
SQL = [
    "' OR '1'='1",
    "'; DROP TABLE participants_participant; --",
    "1); SELECT pg_sleep(0); --",
    "%",
    "_",
    "\\",
]
WRONG_TYPES = [
    "abc",
    "-1",
    "0",
    "1e309",
    "NaN",
    "99999999999999999999999",
    "3.5",
    "true",
    "[]",
    "{}",
    "None",
    "on",
]
DATES = [
    "0001-01-01",
    "9999-12-31",
    "1900-01-01",
    "2999-12-31",
    "2026-02-30",
    "31/12/9999",
    "0000-00-00",
    "2026-13-01",
    "25:61",
    "23:59:59.999999",
    "1970-01-01T00:00:00Z",
]
ODD_TEXT = [
    "abc\x00def",
    "\x00",
    "\u202eevil\u202c",
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
    "\U0001f600" * 50,
    "e\u0301" * 100,
    "\ufeff",
    "\r\n\t",
    "{{ 7|add:7 }}{% debug %}",
    "=1+1",
]
EXTRA_KEYS = [
    "next",
    "organisation",
    "organisation_id",
    "participant",
    "partner",
    "recipient",
    "caseworker",
    "author",
    "created_by",
    "partner_support_worker",
    "uuid",
    "id",
    "visibility",
    "is_superuser",
    "is_staff",
]


def _route_map():
    return {route.name: route for route in routes()}


def _url(name: str, ids: dict) -> str:
    return _route_map()[name].url(ids)


def _client(worlds, role: str | None) -> Client:
    client = Client(raise_request_exception=False)
    if role:
        client.force_login(worlds.ours.users[role])
    return client


def _foreign_ids(worlds) -> list[str]:
    """UUIDs and primary keys of the other organisation's records."""
    theirs = worlds.theirs
    values = [str(v) for v in url_ids(theirs).values()]
    for obj in vars(theirs.o).values():
        if isinstance(obj, models.Model):
            values += [str(obj.pk), str(getattr(obj, "uuid", obj.pk))]
    values += [str(u.pk) for u in theirs.users.values()]
    values += [str(theirs.org.pk), "00000000-0000-0000-0000-000000000000", "0"]
    return sorted(set(values))


# Snapshots -----------------------------------------------------------------------

APP_LABELS = (
    "accounts",
    "participants",
    "programmes",
    "partner_contact",
    "referrals",
    "risk",
)


@functools.cache
def _models():
    """The apps' models and their many-to-many tables, history tables aside."""
    found = []
    for label in APP_LABELS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            found.append(model)
            for m2m in model._meta.local_many_to_many:
                found.append(m2m.remote_field.through)
    return found


def snapshot() -> dict:
    """Every row of the apps' models (history tables aside), by model and pk."""
    rows = {}
    for model in _models():
        fields = [f.attname for f in model._meta.concrete_fields]
        for values in model.objects.all().order_by().values_list(*fields):
            rows[(model._meta.label, values[0])] = values
    return rows


def _foreign_keys(worlds) -> dict:
    """model label -> pks of the other organisation's rows."""
    theirs_org = worlds.theirs.org.pk
    owned = {}
    for model in _models():
        names = {f.attname for f in model._meta.concrete_fields}
        if model._meta.label == "accounts.Organisation":
            owned[model._meta.label] = {theirs_org}
        elif "organisation_id" in names:
            owned[model._meta.label] = set(
                model.objects.filter(organisation_id=theirs_org).values_list(
                    "pk", flat=True
                )
            )
    return owned


def check_rows(before, after, *, theirs_pks, failed: bool) -> list[str]:
    """Rows changed or lost that must not be, and new rows linked to theirs."""
    problems = []
    for key, values in before.items():
        label, pk = key
        if after.get(key) == values:
            continue
        theirs = pk in theirs_pks.get(label, set())
        if failed or theirs:
            change = "deleted" if key not in after else "changed"
            whose = "their" if theirs else "our"
            problems.append(
                f"{whose} {label} {pk} {change} by a {'4xx' if failed else 'success'}"
            )
    new = [key for key in after if key not in before]
    by_label = {m._meta.label: m for m in _models()}
    for label, pk in new:
        model = by_label[label]
        row = dict(
            zip(
                [f.attname for f in model._meta.concrete_fields],
                after[(label, pk)],
                strict=True,
            )
        )
        for f in model._meta.concrete_fields:
            if not f.is_relation or row.get(f.attname) is None:
                continue
            target = f.related_model._meta.label
            if row[f.attname] in theirs_pks.get(target, set()):
                problems.append(f"new {label} {pk} points at their {target}")
    return problems


# Forms ---------------------------------------------------------------------------


def find_form(html: str, page_url: str, target: str):
    target_path = urlsplit(target).path
    for form in forms_in(html, page_url):
        paths = {urlsplit(form.action).path, urlsplit(form.hx_post).path}
        if form.method == "post" and target_path in paths:
            return form
    return None


def plausible(field, today: str) -> str:
    """What a careful user would enter: the page's value, else a sensible one."""
    if field.kind == "hidden" or (field.value and field.kind != "checkbox"):
        return field.value
    options = [o for o in field.options if o]
    name = field.name.lower()
    if field.kind == "checkbox":
        # A list of boxes (facilitators, sources): tick the first one.
        return field.value or (options[0] if len(options) > 1 else "")
    if options:
        return options[0]
    if field.kind == "date" or name.endswith(("_on", "date", "start", "end")):
        return today
    if field.kind == "datetime-local" or name.endswith("_at"):
        return f"{today}T10:00"
    if field.kind == "time" or name.endswith(("_time", "_from", "_until")):
        return "10:00"
    if field.kind == "number":
        return "1"
    if field.kind == "email" or "email" in name:
        return "someone@example.org"
    if field.kind == "password":
        return "Unguessable-Passphrase-2026"
    if "username" in name:
        return "hostile-input-user"
    return "Written by the hostile-input test."


def _field_values(field, foreign):
    """Hypothesis values for one field: its own options, or something hostile."""
    return _values([field.value, *field.options], foreign)


def _values(own: list[str], foreign: list[str]):
    """Hypothesis values: one of `own` (what the page offers), or something hostile."""
    hostile = st.one_of(
        st.just(""),
        st.sampled_from(MARKUP),
        st.sampled_from(SQL),
        st.sampled_from(WRONG_TYPES),
        st.sampled_from(DATES),
        st.sampled_from(ODD_TEXT),
        st.sampled_from(foreign),
        st.sampled_from([300, 5_000, 200_000]).map(lambda n: "A" * n),
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
    )
    single = st.one_of(st.sampled_from(own), hostile)
    # A key sent twice (a list where one value is expected), now and then.
    return st.one_of(single, single, single, st.lists(single, min_size=2, max_size=3))


def _unescaped(text: str, where: str) -> list[str]:
    text = text.lower()
    return [f"unescaped {p!r} on {where}" for p in UNESCAPED if p in text]


def _assert_escaped(text: str, where: str):
    found = _unescaped(text, where)
    assert not found, found


def _describe(response) -> str:
    info = getattr(response, "exc_info", None)
    if info:
        return "".join(traceback.format_exception(*info))[-4000:]
    return body_of(response)[:2000]


def _post_routes(worlds) -> set[str]:
    """URL names whose view takes POST, found by posting an empty body."""
    from tests.security.test_access_matrix import EXPECTED, _route_name

    ids = url_ids(worlds.ours)
    found = set()
    for key, row in EXPECTED.items():
        name, variant = _route_name(key)
        if variant:
            continue
        roles = [r for r in ROLES if row[r] in ("200", "405")]
        if row["anon"] == "200":
            roles.insert(0, None)
        if not roles:
            continue
        with transaction.atomic():
            response = _client(worlds, roles[0]).post(_url(name, ids), {})
            transaction.set_rollback(True)
        if response.status_code != 405:
            found.add(name)
    return found


# Pages that only show something: they must refuse POST with a 405 (STYLE.md:
# explicit `require_http_methods`), so they are not forms to cover.
SHOW_ONLY = {
    "home",
    "accounts:user_list",
    "accounts:access_log",
    "accounts:access_log_export",
    "casefile:print",
    "casefile:pdf",
    "programmes:exit_report_print",
    "programmes:exit_report_pdf",
    "referrals:onward_print",
    "referrals:onward_pdf",
    "outcomes:dataset_export_xlsx",
    "outcomes:data_dictionary",
    "outcomes:data_dictionary_csv",
}


def test_pages_that_only_show_refuse_post(worlds, db):
    """A page without a form answers POST with 405, like every other page."""
    from tests.security.test_access_matrix import EXPECTED

    ids = url_ids(worlds.ours)
    wrong = []
    for name in sorted(SHOW_ONLY):
        role = next(r for r in ROLES if EXPECTED[name][r] == "200")
        with transaction.atomic():
            status = _client(worlds, role).post(_url(name, ids), {}).status_code
            transaction.set_rollback(True)
        if status != 405:
            wrong.append(f"POST {_url(name, ids)} as {role}: {status}")
    assert not wrong, "pages that take POST without a form:\n" + "\n".join(wrong)


def test_every_form_is_covered(worlds, db):
    """Each URL that takes POST has a row in FORMS, and each row names one."""
    posting = _post_routes(worlds) - SHOW_ONLY
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
    target = _url(name, ids)
    host = _url(spec.get("host", name), ids)
    host_answer = _client(worlds, role).get(host)
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
            client = _client(worlds, role)
            before = snapshot()
            response = client.post(target, payload, **headers)
            status = response.status_code
            if status >= 500:
                return [
                    f"{status} from POST {target} as {role} with {payload!r}:\n"
                    + _describe(response)
                ]
            problems += _unescaped(body_of(response), f"the answer to {target}")
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
                        + _describe(shown)
                    )
                problems += _unescaped(body_of(shown), page)
        finally:
            transaction.set_rollback(True)
    return [f"POST {target} ({status}) with {payload!r}: {p}" for p in problems]


@pytest.mark.parametrize("name", list(FORMS))
def test_hostile_post(worlds, db, name):
    """Generated values never cause a 5xx, never come back unescaped, and never
    change what they must not."""
    role, target, host, fields, baseline = prepare(worlds, name)
    foreign = _foreign_ids(worlds)
    theirs_pks = _foreign_keys(worlds)

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
            key: data.draw(_field_values(f, foreign), label=key)
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


@pytest.mark.parametrize("name", list(FORMS))
def test_each_free_text_field(worlds, db, name):
    """Markup, SQL, a value that is no address, and an over-long value, in each
    free-text field in turn: no 5xx, no markup unescaped, nothing lost."""
    role, target, host, fields, baseline = prepare(worlds, name)
    theirs_pks = _foreign_keys(worlds)
    problems = []
    keys = [k for k, f in fields.items() if f.kind in FREE_TEXT]
    # A "next" the form does not show is still read by some views.
    for key in [*keys, *(["next"] if "next" not in fields else [])]:
        if key == "csrfmiddlewaretoken":
            continue
        for value in EACH_FIELD:
            payload = {
                k: v for k, v in baseline.items() if v or fields[k].kind != "checkbox"
            }
            payload[key] = value
            problems += attempt(
                worlds, role, target, host, payload, theirs_pks=theirs_pks
            )
    assert not problems, "\n".join(problems)


def _search_forms(worlds):
    """(role, page URL, form) for each GET form of a page about no record."""
    from tests.security.test_access_matrix import EXPECTED, _route_name

    found = {}
    by_name = _route_map()
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
    foreign = _foreign_ids(worlds)

    @settings(HYPOTHESIS, max_examples=EXAMPLES * len(forms))
    @given(data=st.data())
    def run(data):
        url = data.draw(st.sampled_from(sorted(forms)), label="page")
        role, form = forms[url]
        params = {
            key: data.draw(_field_values(f, foreign), label=key)
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
                    f"{params!r}:\n" + _describe(response)
                )
                _assert_escaped(body_of(response), url)
            finally:
                transaction.set_rollback(True)

    run()


# Query parameters that views read (request.GET), on pages about a record or not.
QUERY_PARAMS = {
    "outcomes:programme_outcomes": ["programme", "date_from", "date_to"],
    "outcomes:dataset_export": ["programme", "date_from", "date_to"],
    "outcomes:dataset_export_xlsx": ["programme", "date_from", "date_to"],
    # The dictionary passes its query on to its export links.
    "outcomes:data_dictionary": ["programme", "date_from", "date_to"],
    "accounts:user_list": ["page"],
    "accounts:access_log": ["user", "kind", "action", "date_from", "date_to", "page"],
    "accounts:access_log_export": ["user", "kind", "action", "date_from", "date_to"],
    "participants:approvals": ["page"],
    "referrals:referral_detail": ["reference"],
    "casefile:list": [
        "q",
        "search",
        "status",
        "programme",
        "group",
        "caseworker",
        "page",
    ],
    "partner_contact:worklist": ["all"],
    "partner_contact:partner_list": ["q", "search", "page"],
    "partner_contact:partner_create": ["reference"],
    "partner_contact:partner_detail": ["page"],
    "casefile:onward_create": ["kind"],
    "referrals:onward_list": ["kind", "awaiting", "page"],
    "referrals:agency_list": ["kind", "page"],
    "referrals:referral_funnel": ["year"],
    "risk:note_create": ["session", "next"],
    "risk:event_create": ["next"],
    "risk:assessment_list": ["overdue", "page"],
    "risk:note_list": ["severity", "page"],
    "risk:alert_list": ["status", "scope", "kind", "man", "age", "page"],
}


@pytest.mark.parametrize("name", list(QUERY_PARAMS))
def test_query_parameters(worlds, db, name):
    """Hostile values in the query string a page reads: never a 5xx, never
    markup unescaped."""
    from tests.security.test_access_matrix import EXPECTED

    role = next(r for r in ROLES if EXPECTED[name][r] == "200")
    url = _url(name, url_ids(worlds.ours))
    foreign = _foreign_ids(worlds)
    client = worlds.clients[("ours", role)]

    @HYPOTHESIS
    @given(data=st.data())
    def run(data):
        params = {
            key: data.draw(_values([""], foreign), label=key)
            for key in QUERY_PARAMS[name]
        }
        with transaction.atomic():
            try:
                response = client.get(url, params)
                assert response.status_code < 500, (
                    f"{response.status_code} from GET {url} as {role} with "
                    f"{params!r}:\n" + _describe(response)
                )
                _assert_escaped(body_of(response), url)
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
    client = _client(worlds, "caseworker")
    response = client.post(f"/accounts/two-factor/?next={target}", {"token": token})
    assert response.status_code < 500, _describe(response)
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith("//"), location
