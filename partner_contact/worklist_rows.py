"""How each row of the worklist reads, worked out once per row here.

The worklist's rows were drawn with an include, several {% blocktranslate %}
tags, date filters and a choice's get_FOO_display each; with ten rows in six
sections that drawing was half of the page's work. The rows' partials
(templates/partner_contact/_worklist_*.html) now print these strings, which are
exactly what those tags wrote: translated sentences with their values escaped
and localised, dates in the same formats and the local time.
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


def tells(partner, references=None) -> str:
    """What tells apart women of the same name, as partner_contact/_partner_tells.html
    writes it: her age, her area and the references of the cases linked to her."""
    parts = []
    age = partner.age
    if age is not None:
        parts.append(sentence(gettext("aged %(age)s"), age=age))
    if partner.area:
        parts.append(conditional_escape(partner.area))
    if references:
        linked = ", ".join(conditional_escape(reference) for reference in references)
        parts.append(f"{conditional_escape(gettext('linked to'))} {linked}")
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


def finish_women(partners) -> None:
    """The words of each woman's row in the women's sections (her cases read)."""
    dates = Dates()
    never = gettext("never")
    with_name = gettext("with %(name)s")
    of_name = gettext("of %(name)s")
    review = uuid_link("partner_contact:safety_plan_create")
    for partner in partners:
        partner.tells = tells(partner, linked_references(partner))
        last = partner.last_contact_at
        partner.last_contact_text = dates.moment(last) if last else never
        partner.due_text = dates.day(partner.next_contact_due)
        partner.log_contact_label = sentence(with_name, name=partner.name)
        if hasattr(partner, "plan_review_on"):
            partner.plan_review_text = dates.day(partner.plan_review_on)
            partner.review_url = review(partner.uuid)
            partner.review_label = sentence(of_name, name=partner.name)


def finish_awaiting(rows) -> None:
    """The words of each row of the first contacts to offer."""
    dates = Dates()
    none_yet = gettext("None yet: first contact")
    with_name = gettext("with %(name)s")
    before_start = gettext("Last contact %(last)s, before he started on %(started)s")
    statuses: dict[str, str] = {}
    for row in rows:
        partner = row.partner
        status = row.participant.status
        if status not in statuses:
            statuses[status] = label_of(Participant.Status, status)
        row.status_label = statuses[status]
        partner.tells = tells(partner)
        partner.log_contact_label = sentence(with_name, name=partner.name)
        row.contacts_text = (
            sentence(
                before_start,
                last=dates.day(partner.last_contact_at),
                started=dates.day(row.clock_start),
            )
            if partner.last_contact_at
            else none_yet
        )
        row.days_text = sentence(
            ngettext("%(days)s day", "%(days)s days", row.days_waiting),
            days=row.days_waiting,
        )
        row.due_text = dates.day(row.due_by)
