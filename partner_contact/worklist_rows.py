"""How each row of the worklist reads, worked out once per row here.

The worklist's rows were drawn with an include, several {% blocktranslate %}
tags, date filters and a choice's get_FOO_display each; with ten rows in six
sections that drawing was half of the page's work. These strings are exactly
what those tags wrote: translated sentences with their values escaped and
localised, dates in the same formats and the local time; the rows themselves
are written from them by draw_rows below, into the tables of the rows'
partials (templates/partner_contact/_worklist_*.html).
"""

from datetime import date, datetime

from django.utils import dateformat
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone
from django.utils.translation import gettext, ngettext

from accounts.choices import label_of
from accounts.links import uuid_link
from participants.models import Participant


def sentence(message: str, **values) -> SafeString:
    """A translated sentence as {% blocktranslate %} writes it: the values
    localised and escaped, the translation itself as it is."""
    # Safe: the values are escaped, and the message is a translation of ours.
    return mark_safe(
        message
        % {name: conditional_escape(localize(value)) for name, value in values.items()}
    )


class Dates:
    """Dates and times as the `date` filter writes them, in the local time, with
    the locale's format and time zone looked up once for all rows, and each day
    formatted once: Django's formatting of one date is a hundred calls."""

    def __init__(self):
        self.zone = get_current_timezone()
        self.day_format = get_format("DATE_FORMAT")
        self.days: dict[date, str] = {}
        self.short_days: dict[date, str] = {}

    def day(self, value: date | datetime | None) -> str:
        """As `|date:"DATE_FORMAT"` ("" for none)."""
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = value.astimezone(self.zone).date()
        if value not in self.days:
            self.days[value] = dateformat.format(value, self.day_format)
        return self.days[value]

    def moment(self, value: datetime) -> str:
        """As `|date:"j M Y H:i"`: the day as "j M Y", then hours and minutes."""
        local = value.astimezone(self.zone)
        day = local.date()
        if day not in self.short_days:
            self.short_days[day] = dateformat.format(day, "j M Y")
        return f"{self.short_days[day]} {local.hour:02d}:{local.minute:02d}"


class Words:
    """What every row of one page shares, looked up once a page rather than once
    a section or a row: the sentences' translations, the links' reversals
    (accounts.links) and the days already formatted (Dates). Each section made
    its own, and each row translated the words of `tells` again. With
    finish_plan_reviews and `due` (words never shown no longer worked out), a
    page at 100,000 men went from 16 reversals to 3, 129 calls of gettext to 54
    and 73 dates formatted to 46; building the worklist from 19.5 to 18.0 ms of
    CPU, 95.4k to 89.9k Python calls a request (1 December 2026, in-process
    medians, the same rows and HTML)."""

    def __init__(self):
        self.dates = Dates()
        self.aged = gettext("aged %(age)s")
        self.linked_to = conditional_escape(gettext("linked to"))
        self.never = gettext("never")
        self.with_name = gettext("with %(name)s")
        self.of_name = gettext("of %(name)s")
        self.none_yet = gettext("None yet: first contact")
        self.before_start = gettext(
            "Last contact %(last)s, before he started on %(started)s"
        )
        self.page = uuid_link("partner_contact:partner_detail")
        self.log_contact = uuid_link("partner_contact:contact_create")
        self.review = uuid_link("partner_contact:safety_plan_create")
        self.statuses: dict[str, str] = {}

    def status(self, value: str) -> str:
        """The name of a man's status (label_of), looked up once a status."""
        if value not in self.statuses:
            self.statuses[value] = label_of(Participant.Status, value)
        return self.statuses[value]


def tells(partner, references=None, words=None) -> str:
    """What tells apart women of the same name, as partner_contact/_partner_tells.html
    writes it: her age, her area and the references of the cases linked to her."""
    words = words or Words()
    parts = []
    age = partner.age
    if age is not None:
        parts.append(sentence(words.aged, age=age))
    if partner.area:
        parts.append(conditional_escape(partner.area))
    if references:
        linked = ", ".join(conditional_escape(reference) for reference in references)
        parts.append(f"{words.linked_to} {linked}")
    # Safe: every part is escaped.
    return mark_safe(" · ".join(parts))


def linked_references(partner) -> list[str] | None:
    """The references of the cases linked to her, as the worklist read them
    (partner_contact.worklist.with_linked_references) or from her prefetched
    links (linked_cases, a section's page); None if neither was read."""
    references = getattr(partner, "linked_references", None)
    if references is None:
        cases = getattr(partner, "linked_cases", None)
        if cases is not None:
            references = [link.participant.reference for link in cases]
    return references


def finish_women(partners, words=None, due: bool = False) -> None:
    """The words of each woman's row in the women's sections drawn by
    _worklist_partners.html (her cases read); her next contact's date only where
    it is shown (`due`: the follow-ups). Plan reviews: finish_plan_reviews."""
    words = words or Words()
    dates = words.dates
    for partner in partners:
        partner.tells = tells(partner, linked_references(partner), words)
        last = partner.last_contact_at
        partner.last_contact_text = dates.moment(last) if last else words.never
        if due:
            partner.due_text = dates.day(partner.next_contact_due)
        partner.log_contact_label = sentence(words.with_name, name=partner.name)


def finish_plan_reviews(partners, words=None) -> None:
    """The words of each row of the safety plans to review: her partial
    (_worklist_plan_reviews.html) shows the review date and button, not her
    contacts, so those are not worked out for her. With finish_women's `due`,
    17 of the 63 dates a page still formatted with one Words, never shown, are
    no longer formatted (about 26 microseconds each)."""
    words = words or Words()
    for partner in partners:
        partner.tells = tells(partner, linked_references(partner), words)
        partner.plan_review_text = words.dates.day(partner.plan_review_on)
        partner.review_url = words.review(partner.uuid)
        partner.review_label = sentence(words.of_name, name=partner.name)


def finish_awaiting(rows, words=None) -> None:
    """The words of each row of the first contacts to offer."""
    words = words or Words()
    dates = words.dates
    for row in rows:
        partner = row.partner
        row.status_label = words.status(row.participant.status)
        partner.tells = tells(partner, words=words)
        partner.log_contact_label = sentence(words.with_name, name=partner.name)
        row.contacts_text = (
            sentence(
                words.before_start,
                last=dates.day(partner.last_contact_at),
                started=dates.day(row.clock_start),
            )
            if partner.last_contact_at
            else words.none_yet
        )
        row.days_text = sentence(
            ngettext("%(days)s day", "%(days)s days", row.days_waiting),
            days=row.days_waiting,
        )
        row.due_text = dates.day(row.due_by)


# The rows of the worklist's tables, written here rather than by a loop in
# their partials (_worklist_awaiting.html, _worklist_partners.html,
# _worklist_plan_reviews.html), as docs/decisions/0007 (shortcut 5) writes the
# report's and the dashboard's rows: each row was some twenty template nodes.
# Rendering the worklist's template at 100,000 men (fifty rows) went from 5.4
# to 3.4 ms (fastest of 50; medians 8.4 to 5.4), 89.9k to 79.3k Python calls a
# request (1 December 2026); a section's page draws fifty rows. Each function
# writes exactly what the loop wrote, whitespace included: every value
# localised and escaped as {{ value }} prints it, every word as {% translate %}
# prints it (a translation of ours, not escaped), and
# tests/partner_contact/test_worklist_drawn.py holds the output to the loops'
# in several languages.


def _text(value) -> str:
    """A value as {{ value }} prints it: localised, then escaped unless safe."""
    return conditional_escape(localize(value))


def _word(message: str) -> SafeString:
    """A word as {% translate %} prints it: the translation, not escaped."""
    # Safe: a translation of ours, as the tag itself treats it.
    return mark_safe(gettext(message))


def _her_name(partner) -> str:
    """Her name linked to her page, and what tells her apart if anything."""
    tells = partner.tells
    if tells:
        tells = f'<div class="small text-body-secondary">{tells}</div>'
    return f'<a href="{_text(partner.page_url)}">{_text(partner.name)}</a>{tells or ""}'


def _button(url: str, word: str, label: str) -> str:
    return (
        f'<a class="btn btn-sm btn-outline-primary" href="{_text(url)}">{word}'
        f'<span class="visually-hidden"> {_text(label)}</span></a>'
    )


def _log_button(partner, log_contact: str) -> str:
    """Her row's "Log contact" button (`log_contact`: the word, said once)."""
    return _button(partner.log_contact_url, log_contact, partner.log_contact_label)


def draw_awaiting(rows, can_log: bool) -> SafeString:
    """The rows of _worklist_awaiting.html's table (with_waiting_days' rows)."""
    log_contact = _word("Log contact")
    overdue = _word("(overdue)")
    drawn = []
    for row in rows:
        partner = row.partner
        badge = "text-bg-danger" if row.overdue else "text-bg-secondary"
        late = f' <span class="text-danger">{overdue}</span>' if row.overdue else ""
        log = _log_button(partner, log_contact) if can_log else ""
        drawn.append(
            "\n  <tr>\n"
            f"    <td>{_her_name(partner)}</td>\n"
            f"    <td>{_text(row.participant.reference)}</td>\n"
            f"    <td>{_text(row.status_label)}</td>\n"
            f"    <td>{_text(row.contacts_text)}</td>\n"
            f'    <td><span class="badge {badge}">{_text(row.days_text)}</span></td>\n'
            f"    <td>{_text(row.due_text)}{late}</td>\n"
            f"    <td>{log}</td>\n"
            "  </tr>\n  "
        )
    # Safe: every value is escaped (_text) or a translation of ours (_word).
    return mark_safe("".join(drawn))


def draw_women(
    partners, can_log: bool, show_failed: bool = False, show_due: bool = False
) -> SafeString:
    """The rows of _worklist_partners.html's table (partner_rows' rows), with her
    failed attempts (`show_failed`) or her next contact's date (`show_due`)."""
    log_contact = _word("Log contact")
    drawn = []
    for partner in partners:
        failed = f"<td>{_text(partner.failed_attempts)}</td>" if show_failed else ""
        due = f"<td>{_text(partner.due_text)}</td>" if show_due else ""
        log = _log_button(partner, log_contact) if can_log else ""
        drawn.append(
            "\n  <tr>\n"
            f"    <td>{_her_name(partner)}</td>\n"
            f"    <td>{_text(partner.last_contact_text)}</td>\n"
            f"    {failed}\n"
            f"    {due}\n"
            f"    <td>{log}</td>\n"
            "  </tr>\n  "
        )
    # Safe: every value is escaped (_text) or a translation of ours (_word).
    return mark_safe("".join(drawn))


def draw_plan_reviews(partners, can_review: bool) -> SafeString:
    """The rows of _worklist_plan_reviews.html's table (plan_review_rows' rows)."""
    review_plan = _word("Review the plan")
    drawn = []
    for partner in partners:
        review = (
            _button(partner.review_url, review_plan, partner.review_label)
            if can_review
            else ""
        )
        drawn.append(
            "\n  <tr>\n"
            f"    <td>{_her_name(partner)}</td>\n"
            f"    <td>{_text(partner.plan_review_text)}</td>\n"
            f"    <td>{review}</td>\n"
            "  </tr>\n  "
        )
    # Safe: every value is escaped (_text) or a translation of ours (_word).
    return mark_safe("".join(drawn))


def draw_rows(section: str, rows, user) -> SafeString | None:
    """The drawn rows of a section of the worklist for the user's buttons; None
    for the notices, whose partial draws its own (rarely more than a few)."""
    can_log = user.has_perm("partner_contact.add_partnercontact")
    if section == "awaiting":
        return draw_awaiting(rows, can_log)
    if section == "plan_reviews":
        return draw_plan_reviews(rows, user.has_perm("partner_contact.add_safetyplan"))
    if section == "notices":
        return None
    return draw_women(
        rows,
        can_log,
        show_failed=section == "retries",
        show_due=section == "follow_ups",
    )
