"""The partner-support worker's day: whom to contact, and why.

Each section is one query, so the worklist costs the same with 5 women or 500.
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
    Window,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from accounts.listing import first_rows_and_total
from participants.models import Participant, StatusChange, reverse_related
from partner_contact.case_lifecycle import (  # her_case
    NO_OUTREACH_STATUSES,
    PartnerStatus,
)
from partner_contact.models import (
    Partner,
    PartnerContact,
    Relationship,
    SafetyPlan,  # her_case
)
from partner_contact.worklist_rows import (
    Words,
    finish_awaiting,
    finish_plan_reviews,
    finish_women,
)

# A man at these stages is "newly referred or active": she should be offered contact.
OPEN_STATUSES = (
    Participant.Status.REFERRED,
    Participant.Status.CONTACT_PENDING,
    Participant.Status.ASSESSMENT,
    Participant.Status.WAITING_LIST,
    Participant.Status.ACTIVE,
    Participant.Status.SUSPENDED,
)
# Moves of his case she must be told about.
NOTICE_STATUSES = (
    Participant.Status.DROPPED_OUT,
    Participant.Status.EXCLUDED,
    Participant.Status.COMPLETED,
)
WEEKLY = 7
MEDIAN_WINDOW_DAYS = 365

# The columns a worklist row shows: a section reads nothing else (never her
# encrypted details, and none of the dozens of other columns of three tables).
PARTNER_ROW_FIELDS = (
    "uuid",
    "name",
    # What tells apart women of the same name (with her linked cases).
    "date_of_birth",
    "area",
    "last_contact_at",
    "failed_attempts",
    "next_contact_due",
)
RELATIONSHIP_ROW_FIELDS = (
    "partner",
    "participant",
    *(f"partner__{name}" for name in PARTNER_ROW_FIELDS),
    "participant__reference",
    "participant__status",
)


def increased_risk_relationships(*, organisation_id: int, today: date) -> QuerySet:
    """Relationships whose man is in a period of increased risk.

    The periods are the risk app's MonitoringPeriod rows (opened by a separation,
    a pregnancy or another kind the organisation configures), reached through their
    documented reverse name `Participant.monitoring_periods` and read with risk's
    own `active(today)`, so this lower app does not import the risk app.
    """
    periods = reverse_related("monitoring_periods").active(today)
    return Relationship.objects.filter(
        organisation_id=organisation_id,
        participant__in=periods.values("participant_id"),
    )


def first_contact_clock():
    """When the first-contact clock starts: the link, or his start if later."""
    return Case(
        When(
            participant__status=Participant.Status.ACTIVE,
            participant__status_changed_on__gt=F("linked_on"),
            then=F("participant__status_changed_on"),
        ),
        default=F("linked_on"),
        output_field=DateField(),
    )


def awaiting_first_contact(relationships: QuerySet) -> QuerySet:
    """Women linked to newly referred or active men, not yet offered contact."""
    return (
        relationships.filter(
            participant__status__in=OPEN_STATUSES, partner__do_not_contact=False
        )
        .exclude(partner__status__in=NO_OUTREACH_STATUSES)  # her_case: she said no
        .annotate(clock_start=first_contact_clock())
        # Her latest contact is on her row: none since the clock started means
        # none at all since then.
        .filter(
            Q(partner__last_contact_at__isnull=True)
            | Q(partner__last_contact_at__date__lt=F("clock_start"))
        )
        .select_related("partner", "participant")
        .only(*RELATIONSHIP_ROW_FIELDS)
        .order_by("clock_start", "pk")
    )


def with_waiting_days(
    rows, today: date, first_contact_days: int, words: Words | None = None
) -> list:
    """Rows of awaiting_first_contact with their days waiting and due date."""
    words = words or Words()
    rows = relationship_rows(rows, words)
    for row in rows:
        row.days_waiting = (today - row.clock_start).days
        row.due_by = row.clock_start + timedelta(days=first_contact_days)
        row.overdue = row.due_by < today
    finish_awaiting(rows, words)
    return rows


def median_days_to_first_contact(*, organisation_id: int, today: date) -> float | None:
    """Median days from link to first contact attempt, over the last year's links."""
    first = (
        PartnerContact.objects.filter(
            partner=OuterRef("partner"), occurred_at__date__gte=OuterRef("linked_on")
        )
        .order_by()
        .values("partner")
        .annotate(first=Min(TruncDate("occurred_at")))
        .values("first")
    )
    pairs = (
        Relationship.objects.filter(
            organisation_id=organisation_id,
            linked_on__gte=today - timedelta(days=MEDIAN_WINDOW_DAYS),
        )
        .annotate(first_contact_on=Subquery(first, output_field=DateField()))
        .values_list("linked_on", "first_contact_on")
    )
    # Links without a contact are skipped here, not in SQL: a filter on the
    # annotation would run its subquery a second time for every link.
    days = [(first - linked).days for linked, first in pairs if first is not None]
    return statistics.median(days) if days else None


def retries(partners: QuerySet, today: date) -> QuerySet:
    """Women whose last attempts failed: try again (unless a later date was set)."""
    return (
        partners.filter(do_not_contact=False, last_contact_made=False)
        .exclude(status__in=NO_OUTREACH_STATUSES)  # her_case
        .filter(Q(next_contact_due__isnull=True) | Q(next_contact_due__lte=today))
        .order_by("last_contact_at", "pk")
    )


def follow_ups_due(partners: QuerySet, today: date) -> QuerySet:
    """Women whose agreed next contact is due or overdue."""
    return (
        partners.filter(
            do_not_contact=False, last_contact_made=True, next_contact_due__lte=today
        )
        .exclude(status__in=NO_OUTREACH_STATUSES)  # her_case
        .order_by("next_contact_due", "pk")
    )


def increased_risk(partners: QuerySet, organisation_id: int, today: date) -> QuerySet:
    """Women whose man is in a period of increased risk and who had no contact
    attempt this week."""
    in_period = increased_risk_relationships(
        organisation_id=organisation_id, today=today
    )
    return (
        partners.filter(do_not_contact=False, pk__in=in_period.values("partner_id"))
        # A woman who declined is still offered contact while he is in a period
        # of increased risk; only a closed case is left out (her_case).
        .exclude(status=PartnerStatus.CLOSED)
        .filter(
            Q(last_contact_at__isnull=True)
            | Q(last_contact_at__date__lt=today - timedelta(days=WEEKLY - 1))
        )
        .order_by("last_contact_at", "pk")
    )


def plan_reviews_due(partners: QuerySet, today: date) -> QuerySet:
    """Women whose current safety plan's review date has come (her_case), the
    longest overdue first; a closed case is left out."""
    current = SafetyPlan.objects.filter(partner=OuterRef("pk")).order_by("-version")
    return (
        partners.exclude(status=PartnerStatus.CLOSED)
        .annotate(plan_review_on=Subquery(current.values("review_on")[:1]))
        .filter(plan_review_on__lte=today)
        .order_by("plan_review_on", "pk")
    )


def notices(relationships: QuerySet) -> QuerySet:
    """His drop-out, exclusion or completion since her last successful contact."""
    changes = StatusChange.objects.filter(
        participant=OuterRef("participant"),
        to_status__in=NOTICE_STATUSES,
        approval__in=[
            StatusChange.Approval.NOT_NEEDED,
            StatusChange.Approval.APPROVED,
        ],
        created_at__gt=Coalesce(OuterRef("last_made_at"), OuterRef("created_at")),
    ).order_by("-created_at")
    return (
        relationships.annotate(last_made_at=F("partner__last_reached_at"))
        .annotate(
            change_to=Subquery(changes.values("to_status")[:1]),
            change_on=Subquery(changes.values("effective_on")[:1]),
        )
        .filter(change_to__isnull=False)
        .select_related("partner", "participant")
        .only(*RELATIONSHIP_ROW_FIELDS)
        .order_by("-change_on", "pk")
    )


def with_change_labels(rows, words: Words | None = None) -> list:
    """Rows of notices with the label of his new status."""
    rows = relationship_rows(rows, words or Words())
    for row in rows:
        row.change_label = Participant.Status(row.change_to).label
    return rows


# A year's median moves slowly; every worker's worklist shows it.
MEDIAN_CACHE_SECONDS = 15 * 60


def cached_median_days_to_first_contact(
    *, organisation_id: int, today: date
) -> float | None:
    """median_days_to_first_contact, computed at most every 15 minutes."""
    key = f"partner-contact:median-first-contact:{organisation_id}:{today}"
    # A tuple, so that "no data yet" (None) is cached too.
    cached = cache.get(key)
    if cached is None:
        cached = (
            median_days_to_first_contact(organisation_id=organisation_id, today=today),
        )
        cache.set(key, cached, MEDIAN_CACHE_SECONDS)
    return cached[0]


def with_links(partners, words: Words, log_contact: bool = True) -> None:
    """Give each woman the links of her row: her page and (`log_contact`) the
    form to log a contact with her (each reversed once per page, see Words)."""
    for partner in partners:
        partner.page_url = words.page(partner.uuid)
        if log_contact:
            partner.log_contact_url = words.log_contact(partner.uuid)


def relationship_rows(rows, words: Words) -> list:
    rows = list(rows)
    with_links((row.partner for row in rows), words)
    return rows


def partner_rows(rows, words: Words | None = None, due: bool = False) -> list:
    """Women's rows with their links and words (their linked cases read)."""
    words = words or Words()
    rows = list(rows)
    with_links(rows, words)
    finish_women(rows, words, due=due)
    return rows


def plan_review_rows(rows, words: Words | None = None) -> list:
    """Rows of plan_reviews_due with their links and words: no button to log a
    contact on these rows, so no link to it either."""
    words = words or Words()
    rows = list(rows)
    with_links(rows, words, log_contact=False)
    finish_plan_reviews(rows, words)
    return rows


# Each section of the worklist: its title and how its rows are finished, given
# today, the organisation's days to a first contact and the page's Words.
SECTIONS = {
    # Her log decides how each row reads: no contact yet, or her last contact
    # before he started (the clock restarts then; see first_contact_clock).
    "awaiting": (
        _("Offer contact: newly linked, or he has started since her last contact"),
        with_waiting_days,
    ),
    "notices": (
        _("Tell her: his drop-out, exclusion or completion"),
        lambda rows, today, days, words=None: with_change_labels(rows, words),
    ),
    "increased_risk": (
        _("Period of increased risk: weekly contact"),
        lambda rows, today, days, words=None: partner_rows(rows, words),
    ),
    "retries": (
        _("Try again: last attempts failed"),
        lambda rows, today, days, words=None: partner_rows(rows, words),
    ),
    "follow_ups": (
        _("Follow-ups due"),
        lambda rows, today, days, words=None: partner_rows(rows, words, due=True),
    ),
    "plan_reviews": (  # her_case
        _("Safety plan review due"),
        lambda rows, today, days, words=None: plan_review_rows(rows, words),
    ),
}
# The sections whose rows are women (with the cases linked to them).
WOMEN_SECTIONS = ("increased_risk", "retries", "follow_ups", "plan_reviews")
# The worklist page shows the most urgent rows of each section, what a worker
# can act on first; all of them are on the section's own paginated page. Ten,
# not twenty: six sections of twenty rows were two pages of scrolling, and
# drawing them took half of the page's time at 2,000 men (the page was twice its
# budget; docs/performance-findings.md).
SECTION_LIMIT = 10
SECTION_PAGE_SIZE = 50


def held_by_or_unassigned(user, through: str = "") -> Q:
    """Women the worker holds and those nobody holds yet; `through` is the path
    to the woman's row from the rows filtered ("partner__" from a link)."""
    return Q(**{f"{through}partner_support_worker": user}) | Q(
        **{f"{through}partner_support_worker__isnull": True}
    )


def linked_cases(relationships: QuerySet) -> Prefetch:
    """Her links to men's cases among `relationships` (those the user may see),
    as `partner.linked_cases`, with his reference only: one query per list."""
    return Prefetch(
        "relationships",
        queryset=relationships.select_related("participant")
        .only("partner_id", "participant__reference")
        .order_by("participant__reference"),
        to_attr="linked_cases",
    )


def with_linked_references(partners: list, relationships: QuerySet) -> None:
    """Set each woman's `linked_references`: the references of the men's cases
    linked to her among `relationships`, in the order of `linked_cases`, in one
    query (none without women). Read as pairs of her id and his reference: the
    worklist's words need nothing else of the links, and their prefetch's model
    instances cost three times as much to build."""
    found: dict[int, list[str]] = {partner.pk: [] for partner in partners}
    if found:
        for partner_id, reference in (
            relationships.filter(partner_id__in=found)
            .order_by("participant__reference")
            .values_list("partner_id", "participant__reference")
        ):
            found[partner_id].append(reference)
    for partner in partners:
        partner.linked_references = found[partner.pk]


def scoped(user, everyone: bool = False) -> tuple[QuerySet, QuerySet]:
    """The women and the links to men's cases a worklist reads: a
    partner-support worker's own and those nobody holds yet; a manager's (or
    `everyone`) the whole organisation's."""
    partners = Partner.objects.visible_to(user)
    relationships = Relationship.objects.visible_to(user)
    if user.is_partner_support and not everyone:
        partners = partners.filter(held_by_or_unassigned(user))
        # A join on her row, which the sections read anyway, rather than a list
        # of her partners' ids.
        relationships = relationships.filter(
            held_by_or_unassigned(user, through="partner__")
        )
    return partners, relationships


def section_querysets(
    user, today: date, everyone: bool = False, with_linked_cases: bool = True
) -> dict:
    """Each section's rows for a user (see scoped), most urgent first, as
    querysets; the women's rows come with their linked cases unless the caller
    fetches those itself (`with_linked_cases=False`)."""
    partners, relationships = scoped(user, everyone)
    return _sections(partners, relationships, user, today, with_linked_cases)


def _sections(
    partners: QuerySet,
    relationships: QuerySet,
    user,
    today: date,
    with_linked_cases: bool,
) -> dict:
    partners = partners.only(*PARTNER_ROW_FIELDS)
    if with_linked_cases:
        partners = partners.prefetch_related(linked_cases(relationships))
    return {
        "awaiting": awaiting_first_contact(relationships),
        "notices": notices(relationships),
        "increased_risk": increased_risk(partners, user.organisation_id, today),
        "retries": retries(partners, today),
        "follow_ups": follow_ups_due(partners, today),
        "plan_reviews": plan_reviews_due(partners, today),  # her_case
    }


@dataclass
class Worklist:
    """Everything on a worker's worklist, section by section: the first rows of
    each (at most `limit`) and how many there are in all."""

    awaiting: list = field(default_factory=list)
    retries: list = field(default_factory=list)
    increased_risk: list = field(default_factory=list)
    follow_ups: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    plan_reviews: list = field(default_factory=list)  # her_case
    counts: dict = field(default_factory=dict)
    overdue: int = 0
    limit: int = SECTION_LIMIT
    median_days_to_first_contact: float | None = None
    first_contact_days: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def capped(self) -> dict:
        """Sections with more rows than shown."""
        return {
            name: count
            for name, count in self.counts.items()
            if count > len(getattr(self, name))
        }


def build_worklist(
    user, today: date, everyone: bool = False, limit: int = SECTION_LIMIT
) -> Worklist:
    """The worklist for a user (see section_querysets), `limit` rows a section."""
    worklist = Worklist(
        limit=limit,
        median_days_to_first_contact=cached_median_days_to_first_contact(
            organisation_id=user.organisation_id, today=today
        ),
        first_contact_days=user.organisation.first_partner_contact_days,
    )
    partners, relationships = scoped(user, everyone)
    sections = _sections(partners, relationships, user, today, False)
    # Overdue first contacts counted in the same query, beyond the rows shown too.
    clock_limit = today - timedelta(days=worklist.first_contact_days)
    sections["awaiting"] = sections["awaiting"].annotate(
        overdue_total=Window(Count("pk", filter=Q(clock_start__lt=clock_limit)))
    )
    first = {}
    for name, queryset in sections.items():
        first[name], worklist.counts[name] = first_rows_and_total(queryset, limit)
    # The cases linked to the women of every section in one query, not one a
    # section, before the rows are finished (their words name those cases).
    with_linked_references(
        [row for name in WOMEN_SECTIONS for row in first[name]], relationships
    )
    # One Words for every section: each link reversed, each word translated and
    # each day formatted once a page.
    words = Words()
    for name, rows in first.items():
        finish = SECTIONS[name][1]
        setattr(worklist, name, finish(rows, today, worklist.first_contact_days, words))
    worklist.overdue = worklist.awaiting[0].overdue_total if worklist.awaiting else 0
    return worklist
