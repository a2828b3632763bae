"""The partner-support worker's worklist: sections, figures, query count."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from participants.models import Participant, StatusChange
from partner_contact.worklist import (
    SECTION_LIMIT,
    build_worklist,
    increased_risk_relationships,
    median_days_to_first_contact,
)
from tests.participants.factories import ParticipantFactory
from tests.partner_contact.factories import (
    DoNotContactPartnerFactory,
    FailedPartnerContactFactory,
    PartnerContactFactory,
    PartnerFactory,
    RelationshipFactory,
    SeparatedRelationshipFactory,
)
from tests.risk.factories import MonitoringPeriodFactory

TODAY = timezone.localdate


def days_ago(n):
    return TODAY() - datetime.timedelta(days=n)


def at(n_days_ago):
    return timezone.now() - datetime.timedelta(days=n_days_ago)


def mine(worker, **kwargs):
    return PartnerFactory(
        organisation=worker.organisation, partner_support_worker=worker, **kwargs
    )


def test_awaiting_first_contact_with_days_and_due(partner_worker):
    waiting = RelationshipFactory(partner=mine(partner_worker), linked_on=days_ago(12))
    RelationshipFactory(
        partner=DoNotContactPartnerFactory(organisation=partner_worker.organisation),
        linked_on=days_ago(3),
    )
    contacted = RelationshipFactory(partner=mine(partner_worker), linked_on=days_ago(5))
    FailedPartnerContactFactory(partner=contacted.partner, occurred_at=at(2))
    closed = RelationshipFactory(
        partner=mine(partner_worker),
        participant=ParticipantFactory(
            organisation=partner_worker.organisation,
            status=Participant.Status.CLOSED,
        ),
    )
    worklist = build_worklist(partner_worker, TODAY())
    assert [r.pk for r in worklist.awaiting] == [waiting.pk]
    row = worklist.awaiting[0]
    assert row.days_waiting == 12
    assert row.overdue, "the organisation allows 10 days by default"
    assert closed.pk not in [r.pk for r in worklist.awaiting]


def test_newly_active_man_restarts_the_clock(partner_worker):
    man = ParticipantFactory(
        organisation=partner_worker.organisation,
        status=Participant.Status.ACTIVE,
        status_changed_on=days_ago(2),
    )
    relationship = RelationshipFactory(
        partner=mine(partner_worker), participant=man, linked_on=days_ago(40)
    )
    PartnerContactFactory(partner=relationship.partner, occurred_at=at(30))
    worklist = build_worklist(partner_worker, TODAY())
    assert [r.pk for r in worklist.awaiting] == [relationship.pk]
    assert worklist.awaiting[0].days_waiting == 2


def test_median_time_to_first_contact(partner_worker):
    org = partner_worker.organisation
    for linked, contacted in [(10, 8), (20, 14), (30, 20)]:
        r = RelationshipFactory(
            partner=mine(partner_worker), linked_on=days_ago(linked)
        )
        FailedPartnerContactFactory(partner=r.partner, occurred_at=at(contacted))
        PartnerContactFactory(partner=r.partner, occurred_at=at(contacted - 1))
    RelationshipFactory(partner=mine(partner_worker), linked_on=days_ago(3))
    assert median_days_to_first_contact(organisation_id=org.pk, today=TODAY()) == 6


def test_retries_list_failed_last_attempts(partner_worker):
    failed = mine(partner_worker)
    PartnerContactFactory(partner=failed, occurred_at=at(10))
    FailedPartnerContactFactory(partner=failed, occurred_at=at(3))
    FailedPartnerContactFactory(partner=failed, occurred_at=at(2))
    later_retry = mine(partner_worker)
    FailedPartnerContactFactory(
        partner=later_retry,
        occurred_at=at(1),
        next_contact_due=TODAY() + datetime.timedelta(days=2),
    )
    fine = mine(partner_worker)
    FailedPartnerContactFactory(partner=fine, occurred_at=at(3))
    PartnerContactFactory(partner=fine, occurred_at=at(1))
    worklist = build_worklist(partner_worker, TODAY())
    assert [p.pk for p in worklist.retries] == [failed.pk]
    assert worklist.retries[0].failed_attempts == 2


def test_follow_ups_due(partner_worker):
    due = mine(partner_worker)
    PartnerContactFactory(partner=due, occurred_at=at(7), next_contact_due=TODAY())
    not_yet = mine(partner_worker)
    PartnerContactFactory(
        partner=not_yet,
        occurred_at=at(7),
        next_contact_due=TODAY() + datetime.timedelta(1),
    )
    assert [p.pk for p in build_worklist(partner_worker, TODAY()).follow_ups] == [
        due.pk
    ]


def _monitoring_period(relationship, started_days_ago, length_days=90):
    """A period of increased risk for his case, as the risk app opens one."""
    start = days_ago(started_days_ago)
    return MonitoringPeriodFactory(
        event__participant=relationship.participant,
        event__kind="separation",
        event__occurred_on=start,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=length_days),
    )


def test_increased_risk_weekly(partner_worker):
    """Women whose man is in a monitoring period, not contacted this week."""
    org = partner_worker.organisation
    recent = SeparatedRelationshipFactory(
        partner=mine(partner_worker), separated_on=days_ago(20)
    )
    _monitoring_period(recent, 20)
    PartnerContactFactory(partner=recent.partner, occurred_at=at(9))
    contacted = SeparatedRelationshipFactory(
        partner=mine(partner_worker), separated_on=days_ago(20)
    )
    _monitoring_period(contacted, 20)
    PartnerContactFactory(partner=contacted.partner, occurred_at=at(2))
    old = SeparatedRelationshipFactory(
        partner=mine(partner_worker), separated_on=days_ago(120)
    )
    _monitoring_period(old, 120)
    PartnerContactFactory(partner=old.partner, occurred_at=at(30))
    # A separation with no monitoring period (none opened yet) is not listed.
    SeparatedRelationshipFactory(partner=mine(partner_worker), separated_on=days_ago(5))
    assert set(increased_risk_relationships(organisation_id=org.pk, today=TODAY())) == {
        recent,
        contacted,
    }
    assert [p.pk for p in build_worklist(partner_worker, TODAY()).increased_risk] == [
        recent.partner.pk
    ]


def test_notices_since_her_last_contact(partner_worker, caseworker):
    relationship = RelationshipFactory(
        partner=mine(partner_worker), linked_on=days_ago(60)
    )
    PartnerContactFactory(partner=relationship.partner, occurred_at=at(20))
    StatusChange.objects.create(
        organisation=partner_worker.organisation,
        participant=relationship.participant,
        from_status="active",
        to_status="dropped_out",
        effective_on=days_ago(1),
        reason="stopped_engaging",
        changed_by=caseworker,
    )
    worklist = build_worklist(partner_worker, TODAY())
    assert [r.pk for r in worklist.notices] == [relationship.pk]
    assert worklist.notices[0].change_label == "Dropped out"
    PartnerContactFactory(partner=relationship.partner, occurred_at=timezone.now())
    assert build_worklist(partner_worker, TODAY()).notices == []


def test_worker_sees_own_and_unassigned_unless_all(partner_worker, make_user):
    colleague = make_user("partner_support")
    RelationshipFactory(partner=mine(colleague))
    unassigned = RelationshipFactory(
        partner=PartnerFactory(
            organisation=partner_worker.organisation, partner_support_worker=None
        )
    )
    assert [r.pk for r in build_worklist(partner_worker, TODAY()).awaiting] == [
        unassigned.pk
    ]
    assert len(build_worklist(partner_worker, TODAY(), everyone=True).awaiting) == 2


def seed(worker, caseworker, n):
    for i in range(n):
        awaiting = RelationshipFactory(partner=mine(worker), linked_on=days_ago(i % 15))
        retry = mine(worker)
        FailedPartnerContactFactory(partner=retry, occurred_at=at(2))
        follow = RelationshipFactory(partner=mine(worker), linked_on=days_ago(30))
        PartnerContactFactory(
            partner=follow.partner, occurred_at=at(8), next_contact_due=TODAY()
        )
        risk = SeparatedRelationshipFactory(
            partner=mine(worker), separated_on=days_ago(5), linked_on=days_ago(30)
        )
        _monitoring_period(risk, 5)
        PartnerContactFactory(partner=risk.partner, occurred_at=at(10))
        StatusChange.objects.create(
            organisation=worker.organisation,
            participant=awaiting.participant,
            from_status="active",
            to_status="excluded",
            effective_on=TODAY(),
            reason="breach",
            changed_by=caseworker,
        )


def queries_for(client, url) -> int:
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def test_worklist_query_count_is_constant(login, partner_worker, caseworker):
    """5 or 50 women in every section: the same number of queries."""
    client = login(partner_worker)
    url = reverse("partner_contact:worklist")
    seed(partner_worker, caseworker, 5)
    with_5, _ = queries_for(client, url)
    seed(partner_worker, caseworker, 45)
    with_50, response = queries_for(client, url)
    assert with_5 == with_50
    worklist = response.context["worklist"]
    for section in ("awaiting", "retries", "follow_ups", "increased_risk", "notices"):
        assert len(getattr(worklist, section)) == SECTION_LIMIT, section


def test_home_query_count_is_constant(login, partner_worker, caseworker):
    client = login(partner_worker)
    seed(partner_worker, caseworker, 5)
    with_5, _ = queries_for(client, "/")
    seed(partner_worker, caseworker, 45)
    with_50, response = queries_for(client, "/")
    assert with_5 == with_50
    assert response.context["pc_awaiting"] == 50


def test_partner_list_query_count_is_constant(login, partner_worker, caseworker):
    client = login(partner_worker)
    url = reverse("partner_contact:partner_list")
    seed(partner_worker, caseworker, 5)
    with_5, _ = queries_for(client, url)
    seed(partner_worker, caseworker, 45)
    with_50, _ = queries_for(client, url)
    assert with_5 == with_50


def test_her_page_query_count_is_constant(login, partner_worker):
    """Her page with 5 or 50 contacts, consents and linked cases."""
    partner = mine(partner_worker)
    client = login(partner_worker)

    def add(n):
        for _ in range(n):
            RelationshipFactory(partner=partner)
            PartnerContactFactory(partner=partner, occurred_at=at(3))

    add(5)
    with_5, _ = queries_for(client, partner.get_absolute_url())
    add(45)
    with_50, _ = queries_for(client, partner.get_absolute_url())
    assert with_5 == with_50


def test_worklist_shows_the_most_urgent_rows_and_links_to_the_rest(
    login, partner_worker, caseworker, settings
):
    """Over the cap, a section shows its first rows, its total and a link to a
    paginated page of all its rows, most urgent first."""
    import partner_contact.worklist as worklist_module

    seed(partner_worker, caseworker, 7)
    client = login(partner_worker)
    original = worklist_module.SECTION_LIMIT
    worklist_module.SECTION_LIMIT = 5
    try:
        full = build_worklist(partner_worker, TODAY(), limit=100)
        capped = build_worklist(partner_worker, TODAY(), limit=5)
        for section in ("awaiting", "retries", "follow_ups", "increased_risk"):
            rows = getattr(capped, section)
            assert len(rows) == 5, section
            assert capped.counts[section] == len(getattr(full, section)), section
            assert [r.pk for r in rows] == [r.pk for r in getattr(full, section)[:5]]
        assert capped.overdue == full.overdue
        assert capped.total == full.total
    finally:
        worklist_module.SECTION_LIMIT = original

    response = client.get(reverse("partner_contact:worklist"))
    assert response.status_code == 200
    assert "Show all" not in response.content.decode()  # 7 rows: under the cap

    seed(partner_worker, caseworker, 44)
    response = client.get(reverse("partner_contact:worklist"))
    worklist = response.context["worklist"]
    assert len(worklist.awaiting) == SECTION_LIMIT
    assert worklist.counts["awaiting"] == 51
    section_url = reverse("partner_contact:worklist_section") + "?section=awaiting"
    assert section_url.replace("&", "&amp;") in response.content.decode()

    page_2 = client.get(section_url + "&page=2")
    assert page_2.status_code == 200
    assert len(page_2.context["rows"]) == 1
    assert (
        page_2.context["rows"][0].pk
        == build_worklist(partner_worker, TODAY(), limit=100).awaiting[50].pk
    )
    assert (
        client.get(reverse("partner_contact:worklist_section") + "?section=x")
    ).status_code == 404


def test_each_row_links_to_her_page_and_to_logging_a_contact(login, partner_worker):
    waiting = RelationshipFactory(partner=mine(partner_worker), linked_on=days_ago(3))
    retry = mine(partner_worker)
    FailedPartnerContactFactory(partner=retry, occurred_at=at(2))
    client = login(partner_worker)
    for url in (
        reverse("partner_contact:worklist"),
        reverse("partner_contact:worklist_section") + "?section=awaiting",
        reverse("partner_contact:worklist_section") + "?section=retries",
    ):
        body = client.get(url).content.decode()
        shown = waiting.partner if "retries" not in url else retry
        assert f'href="{shown.get_absolute_url()}"' in body, url
        log = reverse("partner_contact:contact_create", args=[shown.uuid])
        assert f'href="{log}"' in body, url


def test_her_row_keeps_what_her_contacts_say_whatever_order_they_are_logged(
    partner_worker,
):
    """The worklist reads her latest contact from her row: a contact logged late
    (backdated) must not pass for the latest."""
    partner = mine(partner_worker)
    assert partner.last_contact_at is None and partner.failed_attempts == 0
    PartnerContactFactory(partner=partner, occurred_at=at(20))
    FailedPartnerContactFactory(
        partner=partner, occurred_at=at(3), next_contact_due=days_ago(-2)
    )
    FailedPartnerContactFactory(partner=partner, occurred_at=at(6))
    # Logged today, about a conversation a month ago: older than the rest.
    PartnerContactFactory(partner=partner, occurred_at=at(30))
    partner.refresh_from_db()
    assert abs(partner.last_contact_at - at(3)) < datetime.timedelta(seconds=5)
    assert partner.last_contact_made is False
    assert partner.next_contact_due == days_ago(-2)
    assert abs(partner.last_reached_at - at(20)) < datetime.timedelta(seconds=5)
    assert partner.failed_attempts == 2
    # Reached again: the failed attempts before it no longer count.
    PartnerContactFactory(partner=partner, occurred_at=at(1))
    partner.refresh_from_db()
    assert partner.last_contact_made is True
    assert partner.next_contact_due is None
    assert partner.failed_attempts == 0


def test_the_migration_backfill_agrees_with_the_summary(partner_worker):
    """Partners with contacts from before the summary existed are filled by the
    migration's SQL exactly as saving a contact fills them."""
    import importlib

    from partner_contact.models import CONTACT_SUMMARY_FIELDS, Partner

    migration = importlib.import_module(
        "partner_contact.migrations.0002_partner_contact_summary"
    )
    for n, partner in enumerate([mine(partner_worker) for _ in range(4)]):
        for day in range(n):
            FailedPartnerContactFactory(partner=partner, occurred_at=at(10 + day))
        if n % 2:
            PartnerContactFactory(partner=partner, occurred_at=at(5 + n))
    partners = Partner.objects.filter(organisation=partner_worker.organisation)
    expected = list(partners.order_by("pk").values(*CONTACT_SUMMARY_FIELDS))
    partners.update(
        last_contact_at=None,
        last_contact_made=None,
        next_contact_due=None,
        last_reached_at=None,
        failed_attempts=0,
    )
    with connection.cursor() as cursor:
        cursor.execute(migration.BACKFILL)
    assert list(partners.order_by("pk").values(*CONTACT_SUMMARY_FIELDS)) == expected
    assert {row["failed_attempts"] for row in expected} == {0, 2}


def test_a_woman_with_logged_conversations_never_reads_as_awaiting_first_contact(
    login, partner_worker
):
    """Issue 14 item 4: three conversations, then he started the programme. Her
    row asks for contact again, and says when she was last contacted."""
    man = ParticipantFactory(
        organisation=partner_worker.organisation,
        status=Participant.Status.ACTIVE,
        status_changed_on=days_ago(2),
    )
    talked = RelationshipFactory(
        partner=mine(partner_worker, name="Talked Often"),
        participant=man,
        linked_on=days_ago(60),
    )
    for n in (50, 40, 30):
        PartnerContactFactory(partner=talked.partner, occurred_at=at(n))
    RelationshipFactory(
        partner=mine(partner_worker, name="Never Reached"), linked_on=days_ago(3)
    )
    html = login(partner_worker).get(reverse("partner_contact:worklist")).content
    html = html.decode()
    assert "Awaiting first contact" not in html
    rows = {
        line.split("</a>")[0].rsplit(">", 1)[-1]: line
        for line in html.split("<tr>")
        if "Talked Often" in line or "Never Reached" in line
    }
    last = timezone.localtime(at(30)).strftime("%-d %b %Y")
    assert f"Last contact {last}, before he started on" in rows["Talked Often"]
    assert "first contact" not in rows["Talked Often"]
    assert "None yet: first contact" in rows["Never Reached"]


def test_women_of_the_same_name_are_told_apart(login, partner_worker, caseworker):
    """Issue 14 item 12: two women named alike, in the list and the worklist,
    each with her age, her area and the cases she is linked to."""
    org = partner_worker.organisation
    born = datetime.date(TODAY().year - 31, 1, 1)
    first = mine(partner_worker, name="Sam Same", date_of_birth=born, area="Northtown")
    second = mine(partner_worker, name="Sam Same", area="Southvale")
    one = RelationshipFactory(partner=first, participant__organisation=org)
    two = RelationshipFactory(partner=second, participant__organisation=org)
    for partner in (first, second):
        FailedPartnerContactFactory(partner=partner, occurred_at=at(2))
    client = login(partner_worker)
    for url in (
        reverse("partner_contact:partner_list"),
        reverse("partner_contact:worklist"),
    ):
        html = client.get(url).content.decode()
        assert f"aged 31 · Northtown · linked to {one.participant.reference}" in html
        assert f"Southvale · linked to {two.participant.reference}" in html
