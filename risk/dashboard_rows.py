"""How the risk dashboard's lists read, worked out once per row here.

The men in a period of increased risk (up to fifty rows) and the overdue
reviews (twenty) were drawn with an include of the level badge, date filters
and {% blocktranslate %} tags on every row: most of the dashboard's drawing.
templates/risk/dashboard.html now prints these strings, which are exactly what
those tags wrote (partner_contact.worklist_rows writes the worklist's the same
way): the badge drawn by its own template once per level, the dates in the same
formats and the local time, the sentences translated with their values escaped.
"""

from django.template.loader import render_to_string
from django.utils import dateformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from accounts.links import uuid_link
from partner_contact.worklist_rows import Dates, sentence


class Badges:
    """The level badge (templates/risk/_level.html) as its include drew it,
    drawn once per level and label for all rows."""

    def __init__(self):
        self.drawn: dict[tuple[str, str], SafeString] = {}

    def __call__(self, level: str, label: str) -> SafeString:
        key = (level, label)
        if key not in self.drawn:
            self.drawn[key] = render_to_string(
                "risk/_level.html", {"level": level, "label": label}
            )
        return self.drawn[key]


def finish_levels(by_level: list[tuple], badges: Badges) -> list[tuple]:
    """(badge, number of men) for each row of men_by_level's (label, n, level)."""
    return [(badges(level, label), n) for label, n, level in by_level]


def finish_monitoring(rows: list[dict], badges: Badges, *, inside_firewall: bool):
    """The words of each row of the men in a period of increased risk
    (risk.dashboard.monitoring_row's dicts, given these keys in place)."""
    dates = Dates()
    because = gettext("%(reason)s on %(starts_on)s")
    due_late = gettext("(due %(review_due)s)")
    due_by = gettext("Due by %(review_due)s")
    # As `|default:_("None yet")` wrote it: a template's literal, translated, is
    # not escaped (safe: a translation of ours, no value in it).
    none_yet = mark_safe(gettext("None yet"))
    short_days: dict = {}
    for row in rows:
        period = row["period"]
        man = period.participant
        row["badge"] = badges(man.risk_level, man.get_risk_level_display())
        row["because"] = sentence(
            because,
            reason=period.get_reason_display(),
            starts_on=dates.day(period.starts_on),
        )
        row["until"] = dates.day(period.ends_on)
        due = row["review_due"]
        if row["review_overdue"]:
            if due not in short_days:
                short_days[due] = dateformat.format(due, "d M")
            row["review_text"] = sentence(due_late, review_due=short_days[due])
        else:
            row["review_text"] = sentence(due_by, review_due=dates.day(due))
        if inside_firewall:
            row["last_contact_text"] = dates.day(row["last_contact"]) or none_yet


def review_rows(assessments: list, badges: Badges) -> list[dict]:
    """Each overdue review's row: the assessment, its link, badge and date."""
    dates = Dates()
    detail = uuid_link("risk:assessment_detail")
    return [
        {
            "assessment": assessment,
            "url": detail(assessment.uuid),
            "badge": badges(assessment.level, assessment.get_level_display()),
            "due": dates.day(assessment.next_review_on),
        }
        for assessment in assessments
    ]
