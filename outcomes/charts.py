"""The programme outcomes page's charts: the same figures as its tables.

A cell the tables suppress ("fewer than 5", "not shown") is None here, so a
chart never draws what the table hides. Pure shaping; no queries.
"""

from django.utils.translation import gettext as _

from outcomes.figures import Change
from outcomes.models import Respondent, TimePoint, TimePointKind


def status_chart(status_table: list[dict], respondent: str) -> dict:
    """Questionnaires per time point by status, for one respondent's account."""
    rows = [row for row in status_table if row["respondent"] == respondent]
    return {
        "labels": [str(row["kind"].label) for row in rows],
        "series": [
            {
                "key": status.value,
                "label": str(status.label),
                "data": [row["values"][status.value] for row in rows],
            }
            for status in TimePoint.Status
        ],
    }


def change_charts(changes: list[Change]) -> list[dict]:
    """One chart per account and later point: mean change per domain from
    intake, completers beside those who stopped attending."""
    charts = []
    for respondent in Respondent:
        for kind in TimePointKind:
            cells = [
                c for c in changes if c.respondent == respondent and c.to_kind == kind
            ]
            if not cells:
                continue
            domains = list(dict.fromkeys(c.name for c in cells))
            by_key = {(c.name, c.group): c for c in cells}
            charts.append(
                {
                    "id": f"chart-change-{respondent.value}-{kind.value}",
                    "title": _("%(account)s: mean change from intake to %(point)s")
                    % {
                        "account": _("His account")
                        if respondent == Respondent.MAN
                        else _("Her account"),
                        "point": kind.label,
                    },
                    "labels": domains,
                    "series": [
                        {
                            "key": group,
                            "label": label,
                            "data": [
                                _mean(by_key.get((name, group))) for name in domains
                            ],
                        }
                        for group, label in (
                            ("completed", _("Completed")),
                            ("stopped", _("Stopped attending")),
                        )
                    ],
                }
            )
    return charts


def her_safety_chart(her_safety: dict) -> dict:
    """Her mean safety and well-being scores at each time point."""
    rows = her_safety["rows"]
    return {
        "labels": [str(row["kind"].label) for row in rows],
        "series": [
            {
                "key": code,
                "label": name,
                "data": [row["levels"][i].mean for row in rows],
            }
            for i, (code, name) in enumerate(her_safety["domains"])
        ],
    }


def _mean(change: Change | None) -> float | None:
    if change is None or change.suppressed:
        return None
    return change.mean
