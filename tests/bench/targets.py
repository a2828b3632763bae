"""Picks the benchmark's pages from a seeded database and prints them as JSON.

Run by tests.bench.run as `python -m tests.bench.targets` with DATABASE_URL set to
the bench database. Everything is taken from the first organisation (2,000 men
at full scale); nothing is written.
"""

import json
import os
import sys
import time
from datetime import timedelta
from urllib.parse import urlencode

import django

GROUP_SIZE = 12
LOCUST_CASE_FILES = 200


def main() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench.settings")
    django.setup()
    from django.contrib.auth.hashers import get_hasher
    from django.db.models import Count, Q
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import Organisation, User
    from outcomes.models import Response, TimePoint
    from participants.models import Participant
    from partner_contact.models import Partner
    from programmes.models import Attendance, Enrolment, ExitReport, Group, Session
    from referrals.models import OnwardReferral

    today = timezone.localdate()
    organisation = Organisation.objects.order_by("pk").first()
    if organisation is None:
        raise SystemExit("The bench database has no organisation: seed it first.")
    users = User.objects.filter(organisation=organisation, is_active=True)
    men = Participant.objects.filter(organisation=organisation)
    found: dict = {
        "organisation": organisation.name,
        "men": men.count(),
        "users": {
            role: list(
                users.filter(role=role)
                .order_by("pk")
                .values_list("username", flat=True)
            )
            for role in ("facilitator", "caseworker", "partner_support", "manager")
        },
        "floor": reverse("accounts:password_change"),
        "login": reverse("accounts:login"),
        "my_sessions": reverse("programmes:my_sessions"),
        "participant_list": reverse("casefile:list"),
        "worklist": reverse("partner_contact:worklist"),
        "dashboard": reverse("risk:dashboard"),
        "alert_list": reverse("risk:alert_list"),
    }

    # What one password check costs: the login's deliberate floor.
    hasher = get_hasher()
    costs = []
    for _ in range(5):
        started = time.perf_counter()
        hasher.encode("benchmark-password", hasher.salt())
        costs.append((time.perf_counter() - started) * 1000)
    found["password_hash"] = {
        "algorithm": hasher.algorithm,
        "ms": round(sorted(costs)[len(costs) // 2], 1),
    }

    # A recordable group session whose group expects 12 men that day: one that
    # has started (a register is saved from the session's start time).
    started = Q(date__lt=today) | Q(
        date=today, start_time__lte=timezone.localtime().time()
    )
    past = (
        Session.objects.filter(started, organisation=organisation, group__isnull=False)
        .exclude(status=Session.Status.CANCELLED)
        .order_by("-date")
    )
    groups = (
        Group.objects.filter(organisation=organisation)
        .annotate(
            places=Count(
                "enrolments",
                filter=Q(enrolments__start_date__lte=today)
                & (
                    Q(enrolments__end_date__isnull=True)
                    | Q(enrolments__end_date__gte=today)
                ),
            )
        )
        .order_by("pk")
    )
    by_closeness = sorted(groups, key=lambda g: (abs(g.places - GROUP_SIZE), g.pk))
    session = None
    for group in by_closeness[:20]:
        for candidate in past.filter(group=group)[:5]:
            expected = (
                Enrolment.objects.filter(group=group)
                .on(candidate.date)
                .values("participant")
                .distinct()
                .count()
            )
            if expected == GROUP_SIZE or session is None:
                session = (candidate, expected)
            if expected == GROUP_SIZE:
                break
        if session and session[1] == GROUP_SIZE:
            break
    if session:
        candidate, expected = session
        facilitators = list(
            candidate.group.facilitators.filter(is_active=True)
            .order_by("pk")
            .values_list("username", flat=True)
        )
        found["session"] = {
            "url": reverse("programmes:session_detail", args=[candidate.uuid]),
            "men": expected,
            "date": candidate.date.isoformat(),
            # Prefer the demo login "facilitator" when it runs this group.
            "username": "facilitator"
            if "facilitator" in facilitators
            else (facilitators[0] if facilitators else None),
        }
    else:
        found["session"] = None

    # The man with the most attendance rows: the longest case file.
    top = (
        Attendance.objects.filter(organisation=organisation)
        .values("participant")
        .annotate(rows=Count("pk"))
        .order_by("-rows", "participant")
        .first()
    )
    if top:
        man = Participant.objects.get(pk=top["participant"])
        found["case_file"] = {
            "url": reverse("casefile:detail", args=[man.uuid]),
            "attendance_rows": top["rows"],
        }
    else:
        man = men.order_by("pk").first()
        found["case_file"] = man and {
            "url": reverse("casefile:detail", args=[man.uuid]),
            "attendance_rows": 0,
        }

    # Print views and their PDFs (issue 14, item 15): the longest case file, the
    # organisation's latest exit report and MARAC referral.
    report = (
        ExitReport.objects.filter(organisation=organisation)
        .order_by("-ended_on", "pk")
        .first()
    )
    marac = (
        OnwardReferral.objects.filter(
            organisation=organisation, kind=OnwardReferral.Kind.MARAC
        )
        .order_by("-made_on", "pk")
        .first()
    )
    found["prints"] = {
        "case_file": man and reverse("casefile:print", args=[man.uuid]),
        "case_file_pdf": man and reverse("casefile:pdf", args=[man.uuid]),
        "exit_report": report
        and reverse("programmes:exit_report_print", args=[report.uuid]),
        "exit_report_pdf": report
        and reverse("programmes:exit_report_pdf", args=[report.uuid]),
        "marac": marac and reverse("referrals:onward_print", args=[marac.uuid]),
        "marac_pdf": marac and reverse("referrals:onward_pdf", args=[marac.uuid]),
    }

    # The man with the shortest history: his case file's query count must match.
    least = (
        men.annotate(rows=Count("attendances"))
        .filter(rows__gt=0)
        .order_by("rows", "pk")
        .values("uuid", "rows")
        .first()
    )
    found["case_file_short"] = least and {
        "url": reverse("casefile:detail", args=[least["uuid"]]),
        "attendance_rows": least["rows"],
    }

    # Journeys of the load run: disjoint recordable sessions per facilitator, so
    # simulated facilitators never save over each other (that would be a 409).
    recent = past.filter(date__gte=today - timedelta(days=56)).prefetch_related(
        "group__facilitators"
    )
    taken: set[int] = set()
    journeys = []
    for session_row in recent.order_by("-date", "pk")[:2000]:
        names = [
            u.username for u in session_row.group.facilitators.all() if u.is_active
        ]
        for name in names:
            if name not in taken:
                taken.add(name)
                journeys.append(
                    {
                        "username": name,
                        "session": reverse(
                            "programmes:session_detail", args=[session_row.uuid]
                        ),
                    }
                )
                break
    found["facilitator_journeys"] = journeys
    found["case_files"] = [
        reverse("casefile:detail", args=[u])
        for u in men.order_by("?").values_list("uuid", flat=True)[:LOCUST_CASE_FILES]
    ]
    partner_journeys: dict[str, list[str]] = {}
    for worker, partner_uuid in (
        Partner.objects.filter(organisation=organisation)
        .exclude(partner_support_worker=None)
        .order_by("pk")
        .values_list("partner_support_worker__username", "uuid")
    ):
        partner_journeys.setdefault(worker, []).append(str(partner_uuid))
    found["partner_journeys"] = {
        worker: [
            {
                "page": reverse("partner_contact:partner_detail", args=[u]),
                "contact": reverse("partner_contact:contact_create", args=[u]),
            }
            for u in uuids[:50]
        ]
        for worker, uuids in partner_journeys.items()
    }

    # Outcomes (issue 15): the manager's figures over every questionnaire of the
    # organisation, and the anonymised export of its last two years.
    points = TimePoint.objects.filter(organisation=organisation)
    two_years = urlencode({"date_from": (today - timedelta(days=730)).isoformat()})
    found["outcomes"] = {
        "url": reverse("outcomes:programme_outcomes"),
        "time_points": points.count(),
        "responses": Response.objects.filter(time_point__in=points).count(),
        "export_url": reverse("outcomes:dataset_export") + "?" + two_years,
    }
    from tests.bench.more_pages import find_all

    found["more_pages"] = find_all(organisation, today)
    return found


if __name__ == "__main__":
    json.dump(main(), sys.stdout, indent=1)
