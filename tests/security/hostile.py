"""What the hostile-input sweep is made of: hostile values, the site's routes and
forms as a browser sees them, and snapshots of every row to prove that a refused
submission changed nothing (tests/security/test_hostile_input.py)."""

import functools
import json
import traceback
from urllib.parse import urlsplit

from django.apps import apps
from django.db import connection, models, transaction
from django.test import Client
from hypothesis import strategies as st

from tests.security.conftest import ROLES, url_ids
from tests.security.site import body_of, forms_in, routes
from tests.security.test_access_matrix import EXPECTED, _route_name

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


def route_map():
    return {route.name: route for route in routes()}


def url_of(name: str, ids: dict) -> str:
    return route_map()[name].url(ids)


def client_of(worlds, role: str | None) -> Client:
    client = Client(raise_request_exception=False)
    if role:
        client.force_login(worlds.ours.users[role])
    return client


def foreign_ids(worlds) -> list[str]:
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
def snapshot_models():
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


@functools.cache
def _snapshot_sql() -> str:
    """One statement reading every row of the snapshot's tables, each as
    (model label, pk, the row as JSON), where a query per model (about ninety)
    was made twice for every submission of the sweep."""
    quote = connection.ops.quote_name
    # Names from the models' own metadata, quoted; no value comes from outside.
    parts = [
        f"SELECT '{model._meta.label}', t.{quote(model._meta.pk.column)}, "  # noqa: S608
        f"to_jsonb(t)::text FROM {quote(model._meta.db_table)} t"
        for model in snapshot_models()
    ]
    return " UNION ALL ".join(parts)


def snapshot() -> dict:
    """Every row of the apps' models (history tables aside), by model and pk:
    its columns as JSON, which differs whenever a value does."""
    with connection.cursor() as cursor:
        cursor.execute(_snapshot_sql())
        return {(label, pk): row for label, pk, row in cursor.fetchall()}


def foreign_keys(worlds) -> dict:
    """model label -> pks of the other organisation's rows."""
    theirs_org = worlds.theirs.org.pk
    owned = {}
    for model in snapshot_models():
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
    by_label = {m._meta.label: m for m in snapshot_models()}
    for label, pk in new:
        model = by_label[label]
        row = json.loads(after[(label, pk)])
        for f in model._meta.concrete_fields:
            if not f.is_relation or row.get(f.column) is None:
                continue
            target = f.related_model._meta.label
            if row[f.column] in theirs_pks.get(target, set()):
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


def field_values(field, foreign):
    """Hypothesis values for one field: its own options, or something hostile."""
    return values_for([field.value, *field.options], foreign)


def values_for(own: list[str], foreign: list[str]):
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


def unescaped(text: str, where: str) -> list[str]:
    text = text.lower()
    return [f"unescaped {p!r} on {where}" for p in UNESCAPED if p in text]


def assert_escaped(text: str, where: str):
    found = unescaped(text, where)
    assert not found, found


def describe(response) -> str:
    info = getattr(response, "exc_info", None)
    if info:
        return "".join(traceback.format_exception(*info))[-4000:]
    return body_of(response)[:2000]


def post_routes(worlds) -> set[str]:
    """URL names whose view takes POST, found by posting an empty body."""
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
            response = client_of(worlds, roles[0]).post(url_of(name, ids), {})
            transaction.set_rollback(True)
        if response.status_code != 405:
            found.add(name)
    return found
