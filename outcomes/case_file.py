"""His outcome scores across time points, for his case file (casefile:detail)
and his exit report, and her account beside his, for her record.

Each reads with a fixed number of queries, whatever the number of time points.
His side is read through `TimePoint.objects.visible_to(user)`, so a facilitator
sees none of it; her side only inside the firewall (partner-support workers and
managers), and never on the exit report, which goes to his side and outside.
"""

from dataclasses import dataclass, field

from django.utils.formats import date_format, get_format, localize
from django.utils.translation import gettext as _

from accounts.choices import label_of
from outcomes.models import Domain, Respondent, TimePoint, TimePointKind
from outcomes.models.schedule import sees_her_outcomes, sees_his_outcomes
from participants.models import Participant

# The points his exit report expects to have been asked by the time he leaves.
BEFORE_EXIT = (TimePointKind.INTAKE, TimePointKind.HALF_WAY, TimePointKind.END)


@dataclass
class DomainRow:
    """One domain's scores across the columns of a table."""

    code: str
    name: str
    higher_is_better: bool
    scores: list
    # Each score as the table shows it ("—" for none), written here: the
    # template's filter on every cell was most of the panel's work.
    cells: list = field(default_factory=list)


def _domains(questionnaire_ids) -> list[Domain]:
    """The domains of these versions in order, each code once (one query)."""
    seen = {}
    # With their questionnaire: a name in the reader's language falls back to
    # the questionnaire's own (Domain.name_in), at no query of its own.
    # Only what the tables read of each (code, name, order, direction) and of its
    # questionnaire (its language): the questionnaire's three JSON columns were
    # decoded again for each of its domains.
    for domain in (
        Domain.objects.filter(questionnaire_id__in=questionnaire_ids)
        .select_related("questionnaire")
        .only(
            "questionnaire__language",
            "code",
            "name",
            "order",
            "higher_is_better",
            "translations",
        )
    ):
        seen.setdefault(domain.code, domain)
    return sorted(seen.values(), key=lambda d: d.order)


def _completed(point: TimePoint):
    response = getattr(point, "response", None)
    if response is None or response.status != response.Status.COMPLETE:
        return None
    return response


def case_file_context(participant: Participant, user) -> dict:
    """Context for templates/outcomes/_case_file.html under "outcomes"."""
    if not sees_his_outcomes(user):
        return {"outcomes": None}
    points = list(
        TimePoint.objects.visible_to(user)
        .filter(participant=participant, respondent=Respondent.MAN)
        .select_related("response")
        .order_by("due_on", "pk")
    )
    responses = [_completed(p) for p in points]
    domains = _domains({r.questionnaire_id for r in responses if r})
    rows = [
        DomainRow(
            code=domain.code,
            name=domain.name_in(),
            higher_is_better=domain.higher_is_better,
            scores=[r.domain_scores.get(domain.code) if r else None for r in responses],
        )
        for domain in domains
    ]
    for row in rows:
        row.cells = ["—" if score is None else localize(score) for score in row.scores]
    short_date = get_format("SHORT_DATE_FORMAT")
    # Each point's kind and status named once, for the table, the chart and the
    # print view (Django's get_FOO_display builds a dict of every choice a call).
    columns = [
        {
            "point": point,
            "complete": response is not None,
            "kind": label_of(TimePointKind, point.kind),
            "status": label_of(TimePoint.Status, point.status),
            # Under the kind: the date it was due if answered, else its status.
            "when": date_format(point.due_on, short_date)
            if response is not None
            else label_of(TimePoint.Status, point.status),
        }
        for point, response in zip(points, responses, strict=True)
    ]
    chart = {
        "labels": [column["kind"] for column in columns],
        "series": [{"label": row.name, "data": row.scores} for row in rows],
    }
    return {
        "outcomes": {
            "participant": participant,
            "columns": columns,
            "rows": rows,
            "chart": chart if any(responses) else None,
            "timeline": [],
        }
    }


def exit_report_progress(*, report, user, printing: bool = False):
    """His exit report's progress from his questionnaires: change per domain
    from intake to the last point answered, and which points are missing.
    (template, context) for programmes' exit-report slot, or None for a user
    who may not see his questionnaires."""
    if not sees_his_outcomes(user):
        return None
    points = list(
        TimePoint.objects.visible_to(user)
        .filter(enrolment_id=report.enrolment_id, respondent=Respondent.MAN)
        .select_related("response")
        .order_by("due_on", "pk")
    )
    by_kind = {p.kind: p for p in points}
    answered = [(p, r) for p in points if (r := _completed(p))]
    intake = (
        _completed(by_kind[TimePointKind.INTAKE])
        if TimePointKind.INTAKE in by_kind
        else None
    )
    last = answered[-1] if answered else None
    domains = _domains({r.questionnaire_id for _p, r in answered})
    rows = []
    if intake and last and last[1] is not intake:
        for domain in domains:
            before = intake.domain_scores.get(domain.code)
            after = last[1].domain_scores.get(domain.code)
            change = None if None in (before, after) else round(after - before, 2)
            rows.append(
                {
                    "name": domain.name_in(),
                    "before": before,
                    "after": after,
                    "change": change,
                    "reading": _reading(change, domain.higher_is_better),
                }
            )
    missing = [
        {"kind": TimePointKind(kind).label, "why": _why_missing(by_kind.get(kind))}
        for kind in BEFORE_EXIT
        if by_kind.get(kind) is None or _completed(by_kind[kind]) is None
    ]
    template = (
        "outcomes/_exit_report_print.html" if printing else "outcomes/_exit_report.html"
    )
    return template, {
        "progress": {
            "rows": rows,
            "to_kind": last[0].get_kind_display() if last else "",
            "answered": [p.get_kind_display() for p, _r in answered],
            "missing": missing,
        }
    }


def _reading(change, higher_is_better: bool) -> str:
    if change is None:
        return ""
    if change == 0:
        return _("no change")
    better = (change > 0) == higher_is_better
    return _("better") if better else _("worse")


def _why_missing(point: TimePoint | None) -> str:
    if point is None:
        return _("not scheduled")
    if point.status == TimePoint.Status.PENDING:
        return _("not yet recorded")
    return point.get_status_display().lower()


def her_beside_his(*, partner, user):
    """Her account beside his, per time point and domain, with the gap between
    them; (template, context) for her record's slot, None outside the firewall."""
    if not sees_her_outcomes(user):
        return None
    hers = list(
        TimePoint.objects.visible_to(user)
        .filter(partner=partner, respondent=Respondent.PARTNER)
        .select_related("response", "participant")
        .order_by("due_on", "pk")
    )
    his = {
        (p.enrolment_id, p.kind): p
        for p in TimePoint.objects.visible_to(user)
        .filter(
            enrolment_id__in={p.enrolment_id for p in hers},
            respondent=Respondent.MAN,
        )
        .select_related("response")
    }
    pairs = []
    for point in hers:
        her_response = _completed(point)
        his_point = his.get((point.enrolment_id, point.kind))
        his_response = _completed(his_point) if his_point else None
        pairs.append((point, her_response, his_response))
    domains = _domains(
        {r.questionnaire_id for _p, *both in pairs for r in both if r is not None}
    )
    points = [
        {
            "point": point,
            "her_status": point.get_status_display(),
            "his_status": _why_missing(his.get((point.enrolment_id, point.kind)))
            if his_response is None
            else "",
            "rows": _gap_rows(domains, her_response, his_response)
            if her_response
            else [],
        }
        for point, her_response, his_response in pairs
    ]
    return "outcomes/_her_beside_his.html", {"beside": {"points": points}}


def _gap_rows(domains, hers, his) -> list[dict]:
    rows = []
    for domain in domains:
        her_score = hers.domain_scores.get(domain.code)
        his_score = his.domain_scores.get(domain.code) if his else None
        gap = (
            None if None in (her_score, his_score) else round(his_score - her_score, 2)
        )
        rows.append(
            {
                "name": domain.name_in(),
                "hers": her_score,
                "his": his_score,
                "gap": gap,
                "reading": _gap_reading(gap, domain.higher_is_better),
            }
        )
    return rows


def _gap_reading(gap, higher_is_better: bool) -> str:
    if gap is None:
        return ""
    if gap == 0:
        return _("he reports the same as she does")
    if (gap > 0) == higher_is_better:
        return _("he reports it better than she does")
    return _("he reports it worse than she does")
