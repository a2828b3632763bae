"""Lists edited without code: add, rename, reorder, retire; saved records keep
their codes and still read on old records; duplicates refused."""

from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from localisation import lists, services
from localisation.models import ListEntry
from participants import lifecycle
from referrals.lists import LEGAL_BASES
from risk.models import RiskNote
from risk.models.records import NOTE_CATEGORIES
from tests.risk.factories import RiskNoteFactory

EDIT = "/organisation/lists/edit/"
ENTRY = "/organisation/lists/entry/"


def codes(org, key=NOTE_CATEGORIES):
    return [code for code, _label in lists.choices(org.pk, key)]


def test_an_untouched_list_offers_the_shipped_entries(org):
    assert codes(org) == [c for c, _ in RiskNote.Category.choices]
    assert not ListEntry.objects.exists()


def test_a_manager_adds_an_entry_at_the_end(login, manager):
    client = login(manager)
    response = client.post(
        f"{EDIT}?list={NOTE_CATEGORIES}", {"label": "Firearms licence (fictional)"}
    )
    assert response.status_code == 302
    assert codes(manager.organisation)[-1] == "firearms-licence"
    page = client.get(f"{EDIT}?list={NOTE_CATEGORIES}").content.decode()
    assert "Firearms licence (fictional)" in page


def test_a_duplicate_entry_is_refused_with_a_message(login, manager):
    client = login(manager)
    response = client.post(f"{EDIT}?list={NOTE_CATEGORIES}", {"label": "  children "})
    assert response.status_code == 400
    assert "already has an entry called" in response.content.decode()
    assert len(codes(manager.organisation)) == len(RiskNote.Category.choices)


def test_renaming_changes_how_saved_records_read_not_their_code(login, manager):
    note = RiskNoteFactory(
        participant__organisation=manager.organisation,
        category=RiskNote.Category.CHILDREN,
    )
    response = login(manager).post(
        ENTRY,
        {
            "list": NOTE_CATEGORIES,
            "code": "children",
            "action": "rename",
            "label": "Children and young people",
        },
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.category == "children"
    assert note.get_category_display() == "Children and young people"


def test_a_rename_in_one_language_leaves_the_others(manager):
    services.rename_list_entry(
        organisation=manager.organisation,
        list_key=NOTE_CATEGORIES,
        code="children",
        label="Kinder",
        language="de",
        actor=manager,
    )
    from django.utils import translation

    with translation.override("de"):
        assert (
            dict(lists.choices(manager.organisation_id, NOTE_CATEGORIES))["children"]
            == "Kinder"
        )
    with translation.override("en-gb"):
        assert (
            dict(lists.choices(manager.organisation_id, NOTE_CATEGORIES))["children"]
            == "Children"
        )


def test_reordering_moves_an_entry_up_and_down(login, manager):
    client = login(manager)
    before = codes(manager.organisation)
    client.post(ENTRY, {"list": NOTE_CATEGORIES, "code": before[1], "action": "up"})
    after = codes(manager.organisation)
    assert after[:2] == [before[1], before[0]]
    client.post(ENTRY, {"list": NOTE_CATEGORIES, "code": before[1], "action": "down"})
    assert codes(manager.organisation) == before


def test_retiring_hides_an_entry_from_new_forms_but_not_from_old_records(
    login, manager
):
    note = RiskNoteFactory(
        participant__organisation=manager.organisation,
        category=RiskNote.Category.SUBSTANCES,
    )
    client = login(manager)
    response = client.post(
        ENTRY, {"list": NOTE_CATEGORIES, "code": "substances", "action": "retire"}
    )
    assert response.status_code == 302
    assert "substances" not in codes(manager.organisation)
    note.refresh_from_db()
    assert note.category == "substances"
    assert note.get_category_display() == "Alcohol or drugs"
    # The note form no longer offers it; the list page shows it as retired.
    form = client.get(f"/risk/men/{note.participant.uuid}/notes/new/")
    assert 'value="substances"' not in form.content.decode()
    page = client.get(f"{EDIT}?list={NOTE_CATEGORIES}").content.decode()
    assert "retired" in page
    # And it can be offered again.
    client.post(
        ENTRY, {"list": NOTE_CATEGORIES, "code": "substances", "action": "restore"}
    )
    assert "substances" in codes(manager.organisation)


def test_the_last_entry_in_use_cannot_be_retired(manager):
    for code in codes(manager.organisation)[:-1]:
        services.retire_list_entry(
            organisation=manager.organisation,
            list_key=NOTE_CATEGORIES,
            code=code,
            actor=manager,
        )
    with pytest.raises(ValidationError):
        services.retire_list_entry(
            organisation=manager.organisation,
            list_key=NOTE_CATEGORIES,
            code=codes(manager.organisation)[0],
            actor=manager,
        )


def test_a_retired_reason_is_refused_for_a_new_move(manager):
    key = lifecycle.reason_list("suspended")
    services.retire_list_entry(
        organisation=manager.organisation, list_key=key, code="illness", actor=manager
    )
    offered = dict(lifecycle.reasons_for("suspended", manager.organisation_id))
    assert "illness" not in offered
    assert lifecycle.reason_label("suspended", "illness", manager.organisation_id) == (
        "Illness"
    )


def test_one_organisations_edits_leave_anothers_list_alone(manager, other_org):
    services.add_list_entry(
        organisation=manager.organisation,
        list_key=NOTE_CATEGORIES,
        label="Ours only",
        actor=manager,
    )
    assert "ours-only" not in codes(other_org)


@pytest.mark.parametrize(
    "data",
    [
        {"list": "no.such.list", "code": "x", "action": "retire"},
        {"list": NOTE_CATEGORIES, "code": "no-such-entry", "action": "retire"},
        {"list": NOTE_CATEGORIES, "code": "children", "action": "explode"},
        {"list": NOTE_CATEGORIES, "code": "children", "action": "rename", "label": ""},
        {
            "list": NOTE_CATEGORIES,
            "code": "children",
            "action": "rename",
            "label": "Other",
        },
    ],
)
def test_bad_changes_are_refused_with_a_4xx(login, manager, data):
    response = login(manager).post(ENTRY, data)
    assert response.status_code in (400, 404)


def test_unknown_list_is_not_found(login, manager):
    assert login(manager).get(f"{EDIT}?list=nothing").status_code == 404
    assert login(manager).get(EDIT).status_code == 200


@pytest.mark.parametrize(
    "role", ["facilitator", "caseworker", "partner_support", "org_admin"]
)
def test_only_managers_edit_lists(login, make_user, role):
    user = make_user(role)
    assert login(user).get("/organisation/lists/").status_code == 403


def test_the_list_index_groups_the_lists(login, manager):
    page = login(manager).get("/organisation/lists/").content.decode()
    assert "Risk note categories" in page
    assert "What she was told" in page
    assert "Reasons for each move" in page


class _CacheSpy:
    """The cache, noting each method the lists module asks it for."""

    def __init__(self, real):
        self.real = real
        self.asked = []

    def __getattr__(self, name):
        self.asked.append(name)
        return getattr(self.real, name)


@contextmanager
def _in_a_request():
    """The signals a request sends, without the test client (and without closing
    the test's database connection, as the client does not)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
        yield
    finally:
        request_finished.send(sender=None)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_a_request_reads_every_list_in_one_cache_round_trip(manager, monkeypatch):
    """Within a request, the first label read fetches all the organisation's lists
    at once; the labels of other lists, and the same labels again, cost nothing."""
    org_id = manager.organisation_id
    lists.label(org_id, NOTE_CATEGORIES, "children")  # cached, as on a busy site
    spy = _CacheSpy(lists.cache)
    monkeypatch.setattr(lists, "cache", spy)
    with _in_a_request():
        for _ in range(3):
            assert lists.label(org_id, NOTE_CATEGORIES, "children") == "Children"
            lists.label(org_id, LEGAL_BASES, "consent")
            lists.label(org_id, lifecycle.reason_list("closed"), "completed")
    assert spy.asked == ["get_many", "set_many"]  # the lists not cached yet
    spy.asked.clear()
    with _in_a_request():
        lists.label(org_id, NOTE_CATEGORIES, "children")
        lists.label(org_id, LEGAL_BASES, "consent")
    assert spy.asked == ["get_many"]


def test_a_request_keeps_its_lists_until_it_ends_but_not_past_a_write(manager):
    """What a request has read stays for the rest of it, unless it writes the
    list itself; the next request (and any read outside one) sees the change."""
    org_id = manager.organisation_id
    org = manager.organisation
    services.seed_list(organisation=org, list_key=NOTE_CATEGORIES)
    with _in_a_request():
        assert lists.label(org_id, NOTE_CATEGORIES, "children") == "Children"
        ListEntry.objects.filter(code="children").update(label="Kept out")
        cache.clear()  # another process's write, seen only after the request
        assert lists.label(org_id, NOTE_CATEGORIES, "children") == "Children"
        services.rename_list_entry(
            organisation=org,
            list_key=NOTE_CATEGORIES,
            code="children",
            label="Young people",
            language="en",
            actor=manager,
        )
        assert lists.label(org_id, NOTE_CATEGORIES, "children") == "Young people"
    ListEntry.objects.filter(code="children").update(label="After", translations={})
    cache.clear()
    assert lists.label(org_id, NOTE_CATEGORIES, "children") == "After"


def test_a_read_that_raced_a_rename_never_serves_the_old_name(manager):
    """A read that began before a rename's commit and stores the old rows after
    the rename forgot them (a page's script request did, in a browser test)
    leaves the next read with the new name: the old rows are kept under the
    version they were read under, and the rename gave the lists a new one."""
    org_id = manager.organisation_id
    version, _kept = lists._cached(org_id, [NOTE_CATEGORIES])
    old_rows = list(ListEntry.objects.of_list(org_id, NOTE_CATEGORIES))
    services.rename_list_entry(
        organisation=manager.organisation,
        list_key=NOTE_CATEGORIES,
        code="children",
        label="Children and young people",
        actor=manager,
    )
    lists._keep(org_id, version, {NOTE_CATEGORIES: old_rows})  # the late store
    assert lists.label(org_id, NOTE_CATEGORIES, "children") == (
        "Children and young people"
    )
