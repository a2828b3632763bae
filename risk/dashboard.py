"""The risk dashboard's figures: a fixed number of queries whatever the caseload.

Managers see their organisation, a caseworker his own caseload, a partner-support
worker the men linked to her women. Every figure comes with the data for a chart
and is shown again as a table. Inside the firewall, the alerts also count and
list those about a woman's open enquiry (an event with no man, only an enquiry),
unless the dashboard is narrowed to a programme, group or caseworker, which an
enquiry does not belong to; outside it, never.
"""

from datetime import date, timedelta

import django_filters
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.listing import first_rows_and_total
from accounts.models import User
from accounts.roles import FIREWALL_ROLES
from accounts.widgets import LongSelect
from enquiries.models import SECRET_FIELDS as ENQUIRY_SECRET_FIELDS
from participants.models import Participant, RiskLevel
from partner_contact.models import PartnerContact, Relationship
from programmes.models import Group, Programme
from risk.dashboard_attendance import organisation_attendance, weekly_attendance
from risk.dashboard_rows import (
    Badges,
    finish_levels,
    finish_monitoring,
    review_rows,
)
from risk.events import OPEN_STATUSES
from risk.models import Alert, MonitoringPeriod, RiskAssessment, RiskEvent

LEVELS = [RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.STANDARD, RiskLevel.NOT_ASSESSED]
AGE_BUCKETS = [
    ("under_1_day", gettext_lazy("Under a day"), timedelta(0), timedelta(days=1)),
    ("1_to_3_days", gettext_lazy("1–3 days"), timedelta(days=1), timedelta(days=3)),
    ("3_to_7_days", gettext_lazy("3–7 days"), timedelta(days=3), timedelta(days=7)),
    ("over_7_days", gettext_lazy("Over 7 days"), timedelta(days=7), None),
]
# The dashboard lists the most pressing rows; the full lists are a click away
# (the alerts inbox, the assessments list). Men in a period of increased risk
# have no other list, so more of them are shown.
LIST_LIMIT = 20
MONITORING_LIMIT = 50
# A listed alert about an enquiry shows its reference, never her contact details.
ENQUIRY_SECRETS = [f"event__enquiry__{name}" for name in ENQUIRY_SECRET_FIELDS]


def scoped_men(user):
    """The men a user's dashboard covers (see the module docstring)."""
    men = Participant.objects.visible_to(user).filter(status__in=OPEN_STATUSES)
    if user.role == User.Role.CASEWORKER:
        return men.filter(caseworker=user)
    if user.role == User.Role.PARTNER_SUPPORT:
        return men.filter(
            pk__in=Participant.objects.filter(
                partner_relationships__partner__partner_support_worker=user
            ).values("pk")
        )
    return men


class DashboardFilter(django_filters.FilterSet):
    """Narrow the dashboard to a programme, a group or a caseworker."""

    programme = django_filters.ModelChoiceFilter(
        queryset=lambda request: Programme.objects.visible_to(request.user).only(
            "uuid", "name"
        ),
        to_field_name="uuid",
        method="in_programme",
        label=gettext_lazy("Programme"),
        empty_label=gettext_lazy("All programmes"),
        widget=LongSelect,
    )
    group = django_filters.ModelChoiceFilter(
        # Groups still running: the dashboard covers men now in a group.
        queryset=lambda request: (
            Group.objects.visible_to(request.user)
            .running(timezone.localdate())
            .only("uuid", "name")
        ),
        to_field_name="uuid",
        method="in_group",
        label=gettext_lazy("Group"),
        empty_label=gettext_lazy("All groups"),
        widget=LongSelect,
    )
    caseworker = django_filters.ModelChoiceFilter(
        queryset=lambda request: (
            User.objects.visible_to(request.user)
            .with_role(User.Role.CASEWORKER)
            .only("uuid", "username", "first_name", "last_name")
        ),
        to_field_name="uuid",
        label=gettext_lazy("Caseworker"),
        empty_label=gettext_lazy("All caseworkers"),
        widget=LongSelect,
    )

    class Meta:
        model = Participant
        fields = ["programme", "group", "caseworker"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select"

    def in_programme(self, queryset, name, value):
        return queryset.filter(
            pk__in=Participant.objects.filter(
                enrolments__group__programme=value, enrolments__end_date__isnull=True
            ).values("pk")
        )

    def in_group(self, queryset, name, value):
        return queryset.filter(
            pk__in=Participant.objects.filter(
                enrolments__group=value, enrolments__end_date__isnull=True
            ).values("pk")
        )


def events_of_men_not_open(organisation_id: int):
    """The ids of an organisation's risk events whose man's case is not open
    (closed, or not yet assessed): the dashboard leaves their alerts out."""
    return (
        RiskEvent.objects.filter(
            organisation_id=organisation_id,
            participant__organisation_id=organisation_id,
        )
        .exclude(participant__status__in=OPEN_STATUSES)
        .values("pk")
    )


def enquiry_events_left_out(organisation_id: int, *, enquiries: bool):
    """The ids of an organisation's risk events about an enquiry that the
    dashboard leaves out: those of closed enquiries, or all of them when the
    viewer may not see enquiries (outside the firewall) or the dashboard is
    narrowed to men."""
    events = RiskEvent.objects.filter(
        organisation_id=organisation_id,
        participant__isnull=True,
        enquiry__isnull=False,
    )
    if enquiries:
        events = events.filter(enquiry__closed_at__isnull=False)
    return events.values("pk")


def counted_alerts(alerts, organisation_id: int, *, enquiries: bool):
    """The alerts the organisation's figures count: about a man whose case is
    open, or (when enquiries) about an open enquiry. Two small lists of events
    left out, so the alerts are counted from their index alone."""
    return alerts.exclude(event__in=events_of_men_not_open(organisation_id)).exclude(
        event__in=enquiry_events_left_out(organisation_id, enquiries=enquiries)
    )


def dashboard_context(
    user,
    men,
    *,
    today: date | None = None,
    whole_organisation: bool = False,
    enquiries: bool = False,
) -> dict:
    """Every figure of the dashboard for these men, as tables and chart data.

    whole_organisation says that `men` are all the organisation's open men; the
    queries then join on the organisation instead of testing each row against
    the list of men, which lets PostgreSQL use its indexes. enquiries adds the
    alerts about open enquiries, for a viewer inside the firewall only.
    """
    today = today or timezone.localdate()
    inside_firewall = user.role in FIREWALL_ROLES
    men_ids = men.values("pk")
    by_level = men_by_level(men)
    alerts, counted = live_alerts(
        user,
        men_ids,
        whole_organisation=whole_organisation,
        enquiries=enquiries and inside_firewall,
    )
    alerts_by_age = count_alerts_by_age(counted, now=timezone.now())
    monitoring, monitoring_total = monitoring_rows(
        user, men_ids, today=today, inside_firewall=inside_firewall
    )
    overdue_list, overdue_total = first_rows_and_total(
        overdue_reviews(user.organisation_id, men_ids, today), LIST_LIMIT
    )
    attendance = (
        organisation_attendance(user.organisation_id, today=today)
        if whole_organisation
        else weekly_attendance(user.organisation_id, men_ids, today=today, whole=False)
    )
    coverage = partner_contact_coverage(men)
    caseload = caseload_by_caseworker(men)
    # The lists' words, written once per row (risk.dashboard_rows).
    badges = Badges()
    finish_monitoring(monitoring, badges, inside_firewall=inside_firewall)
    return {
        "today": today,
        "men_count": coverage["men"],
        "by_level": by_level,
        "level_rows": finish_levels(by_level, badges),
        "alerts_by_age": alerts_by_age,
        "open_alerts": list(
            alerts.filter(status=Alert.Status.OPEN)
            .select_related(
                "event", "event__participant", "event__enquiry", "recipient"
            )
            .defer(*ENQUIRY_SECRETS)
            .order_by("created_at")[:LIST_LIMIT]
        ),
        "open_alert_total": sum(n_open for _label, n_open, _ack in alerts_by_age),
        "monitoring": monitoring,
        "monitoring_total": monitoring_total,
        "inside_firewall": inside_firewall,
        "overdue_reviews": overdue_list,
        "overdue_rows": review_rows(overdue_list, badges),
        "overdue_total": overdue_total,
        "attendance": attendance,
        "coverage": coverage,
        "caseload": caseload,
        "chart": chart_data(by_level, alerts_by_age, attendance, caseload),
    }


def overdue_reviews(organisation_id: int, men_ids, today: date):
    """The men's latest assessments past their review date, most overdue first."""
    return (
        RiskAssessment.objects.review_overdue(today)
        .filter(organisation_id=organisation_id, participant__in=men_ids)
        .select_related("participant")
        .order_by("next_review_on")
    )


def men_by_level(men) -> list[tuple[str, int, str]]:
    """(label, number of men, level) for each level, highest first."""
    levels = dict(men.order_by().values_list("risk_level").annotate(n=Count("pk")))
    return [(level.label, levels.get(level.value, 0), level.value) for level in LEVELS]


def live_alerts(user, men_ids, *, whole_organisation: bool, enquiries: bool):
    """The open and acknowledged alerts about the men (and, when enquiries, about
    open enquiries): the ones to list, and the same alerts as the ages are
    counted on them."""
    live = Alert.objects.visible_to(user).filter(
        status__in=[Alert.Status.OPEN, Alert.Status.ACKNOWLEDGED]
    )
    about_men = Q(event__participant__status__in=OPEN_STATUSES)
    # An enquiry's event has no man; its alerts go to partner support and
    # escalate to managers, so only the firewall's roles are ever asked for them.
    about_enquiry = Q(
        event__participant__isnull=True,
        event__enquiry__isnull=False,
        event__enquiry__closed_at__isnull=True,
    )
    if whole_organisation:
        # Listed by the organisation's open men, as joins. Thousands of alerts
        # are counted: joining each to its event and man cost ~10 ms, so they
        # are counted from their index alone, leaving out the few whose man's
        # case is closed or not yet open (a small list of events, by hash).
        alerts = live.filter(about_men | about_enquiry if enquiries else about_men)
        return alerts, counted_alerts(live, user.organisation_id, enquiries=enquiries)
    # Narrowed: by the list of men (for the whole organisation, an IN list makes
    # PostgreSQL read every alert of theirs before sorting or counting).
    about_men &= Q(event__participant__in=men_ids)
    alerts = live.filter(about_men | about_enquiry if enquiries else about_men)
    return alerts, alerts


def count_alerts_by_age(alerts, *, now) -> list[tuple[str, int, int]]:
    """(label, open, acknowledged) for each age bucket, in one query: each alert
    is given its bucket once and counted by bucket and status (eight filtered
    counts, each testing every alert again, took 2 ms more at 100,000 men)."""
    buckets = []
    for key, _label, low, high in AGE_BUCKETS:
        window = Q(created_at__lte=now - low)
        if high is not None:
            window &= Q(created_at__gt=now - high)
        buckets.append(When(window, then=Value(key)))
    counts = {
        (age, status): n
        for age, status, n in alerts.annotate(
            age=Case(*buckets, default=Value(""), output_field=CharField())
        )
        .values_list("age", "status")
        # Of the event (never null), not the id, which is not in the index.
        .annotate(n=Count("event"))
        .order_by()
    }
    return [
        (
            label,
            counts.get((key, Alert.Status.OPEN), 0),
            counts.get((key, Alert.Status.ACKNOWLEDGED), 0),
        )
        for key, label, _low, _high in AGE_BUCKETS
    ]


def monitoring_rows(user, men_ids, *, today: date, inside_firewall: bool):
    """The men's periods of increased risk ending soonest (MONITORING_LIMIT), with
    what each has overdue, and the total; partner contact inside the firewall."""
    reviewed_since = RiskAssessment.objects.filter(
        participant=OuterRef("participant"), assessed_on__gte=OuterRef("starts_on")
    )
    periods = (
        # The men are among those she may see (scoped_men).
        MonitoringPeriod.objects.of_men(user, men_ids)
        .active(today)
        .select_related("participant")
        .annotate(reviewed=Exists(reviewed_since))
        .order_by("ends_on")
    )
    if inside_firewall:
        periods = periods.annotate(
            last_contact=Subquery(
                PartnerContact.objects.filter(
                    partner__relationships__participant=OuterRef("participant")
                )
                .order_by("-occurred_at")
                .values("occurred_at")[:1]
            )
        )
    periods, total = first_rows_and_total(periods, MONITORING_LIMIT)
    return [monitoring_row(p, today, inside_firewall) for p in periods], total


def monitoring_row(period, today: date, inside_firewall: bool) -> dict:
    """One period's line: whether its review, and its partner contact, are late."""
    review_due = period.starts_on + timedelta(days=period.review_within_days)
    row = {
        "period": period,
        "review_overdue": not period.reviewed and review_due < today,
        "review_due": review_due,
    }
    if inside_firewall:
        last = period.last_contact
        since = max(period.starts_on, last.date()) if last else period.starts_on
        row["last_contact"] = last
        row["contact_overdue"] = (today - since).days > period.contact_every_days
    return row


def partner_contact_coverage(men) -> dict:
    """How many men, how many with a partner, how many whose partner was offered
    contact, and that as a percentage (None without men)."""
    coverage = men.aggregate(
        men=Count("pk"),
        with_partner=Count(
            "pk",
            filter=Q(Exists(Relationship.objects.filter(participant=OuterRef("pk")))),
        ),
        # A link of his to a woman who has been contacted: the contacts probed
        # by their partner's index from the link, without the join through the
        # partners' table that the path partner__relationships made (7.4 to
        # 5.3 ms at 2,000 men of 100,000).
        offered=Count(
            "pk",
            filter=Q(
                Exists(
                    Relationship.objects.filter(
                        participant=OuterRef("pk"),
                        partner_id__in=PartnerContact.objects.values("partner_id"),
                    )
                )
            ),
        ),
    )
    coverage["percent"] = (
        round(100 * coverage["offered"] / coverage["men"]) if coverage["men"] else None
    )
    return coverage


def caseload_by_caseworker(men) -> list[dict]:
    """Each caseworker's men by level, with the caseworker's name."""
    caseload = list(
        men.order_by()
        .values("caseworker__uuid", "caseworker__first_name", "caseworker__last_name")
        .annotate(
            total=Count("pk"),
            high=Count("pk", filter=Q(risk_level=RiskLevel.HIGH)),
            medium=Count("pk", filter=Q(risk_level=RiskLevel.MEDIUM)),
            standard=Count("pk", filter=Q(risk_level=RiskLevel.STANDARD)),
            not_assessed=Count("pk", filter=Q(risk_level=RiskLevel.NOT_ASSESSED)),
        )
        .order_by("caseworker__last_name", "caseworker__first_name")
    )
    for row in caseload:
        name = f"{row['caseworker__first_name']} {row['caseworker__last_name']}"
        row["name"] = name.strip() if row["caseworker__uuid"] else _("No caseworker")
    return caseload


def chart_data(by_level, alerts_by_age, attendance, caseload) -> dict:
    """The same figures as the tables, shaped for the charts."""
    return {
        "levels": {
            "labels": [label for label, _n, _v in by_level],
            "values": [n for _label, n, _v in by_level],
        },
        "alerts": {
            "labels": [label for label, _o, _a in alerts_by_age],
            "open": [o for _label, o, _a in alerts_by_age],
            "acknowledged": [a for _label, _o, a in alerts_by_age],
        },
        "attendance": {
            "labels": [monday.strftime("%d %b") for monday, *_ in attendance],
            "attended": [a for _m, a, _e, _x in attendance],
            "excused": [e for _m, _a, e, _x in attendance],
            "missed": [x for _m, _a, _e, x in attendance],
        },
        "caseload": {
            "labels": [row["name"] for row in caseload],
            "high": [row["high"] for row in caseload],
            "medium": [row["medium"] for row in caseload],
            "standard": [row["standard"] for row in caseload],
            "not_assessed": [row["not_assessed"] for row in caseload],
        },
    }
