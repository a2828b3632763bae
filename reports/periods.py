"""The period and scope a report covers, chosen in one GET form.

A period is a quarter or a year of the organisation's financial year (which
starts in `Organisation.financial_year_start_month`), or any date range; its
dates are the organisation's local dates, both ends included. The scope is the
organisation, one of its programmes, or one group.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from markupsafe import escape

from accounts.calendar import local_today, organisation_zone
from programmes.models import Group, Programme

# Ten years and a few leap days: longer ranges are refused.
LONGEST_RANGE_DAYS = 10 * 366
FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both included, in the organisation's local dates."""

    start: date
    end: date
    label: str

    def moments(self, organisation) -> tuple[datetime, datetime]:
        """The first moment of the period and the first moment after it, as
        aware datetimes on the organisation's clocks (for timestamps)."""
        zone = organisation_zone(organisation)
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )


def add_months(day: date, months: int) -> date:
    """The first of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def financial_year_of(day: date, start_month: int) -> int:
    """The calendar year in which the financial year holding `day` began."""
    return day.year if day.month >= start_month else day.year - 1


def financial_year(year: int, start_month: int) -> Period:
    start = date(year, start_month, 1)
    end = add_months(start, 12) - timedelta(days=1)
    label = str(year) if start_month == 1 else f"{year}/{str(year + 1)[-2:]}"
    return Period(start, end, _("Financial year %(year)s") % {"year": label})


def financial_quarter(year: int, quarter: int, start_month: int) -> Period:
    start = add_months(date(year, start_month, 1), 3 * (quarter - 1))
    end = add_months(start, 3) - timedelta(days=1)
    fy = financial_year(year, start_month).label
    return Period(
        start, end, _("Quarter %(q)s of %(year)s") % {"q": quarter, "year": fy}
    )


class _NamedChoices(ModelChoiceIterator):
    """The options as (uuid, name) rows: drawn as models, an organisation's
    150 groups (and their programmes) took a third of the page's drawing. A
    group's and a programme's label is its name."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for uuid, name in self.queryset.values_list("uuid", "name"):
            yield (ModelChoiceIteratorValue(uuid, None), name)


class _NamedChoiceField(forms.ModelChoiceField):
    iterator = _NamedChoices


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html (the Jinja2 form renderer's), in Python."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class _Select(forms.Select):
    """A select whose options are written here, exactly as the form renderer's
    select.html and select_option.html write them: an organisation's 150
    groups were as many template renders, a quarter of the report page's
    drawing."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        html = [f'<select name="{escape(name)}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                html.append(f'\n  <optgroup label="{escape(group_name)}">')
            html += [
                f'\n  <option value="{escape(option["value"])}"'
                f"{_attrs(option['attrs'])}>{escape(option['label'])}</option>"
                for option in options
            ]
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        # Every value is escaped above.
        return mark_safe("".join(html))


class PeriodForm(forms.Form):
    """Which period, and the organisation, a programme or a group."""

    KINDS = [
        ("year", _("Financial year")),
        ("quarter", _("Quarter")),
        ("range", _("Dates")),
    ]

    period = forms.ChoiceField(
        label=_("Period"),
        choices=KINDS,
        required=False,
        widget=_Select(attrs={"class": "form-select"}),
    )
    year = forms.IntegerField(
        label=_("Financial year starting in"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[(q, str(q)) for q in range(1, 5)],
        coerce=int,
        required=False,
        widget=_Select(attrs={"class": "form-select"}),
    )
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    programme = _NamedChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label=_("The whole organisation"),
        widget=_Select(attrs={"class": "form-select"}),
    )
    group = _NamedChoiceField(
        label=_("Group"),
        queryset=Group.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label=_("Every group"),
        widget=_Select(attrs={"class": "form-select"}),
    )

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.user = user
        self.organisation = user.organisation
        self.fields["programme"].queryset = Programme.objects.visible_to(user)
        self.fields["group"].queryset = Group.objects.visible_to(user).select_related(
            "programme"
        )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        start_month = self.organisation.financial_year_start_month
        kind = data.get("period") or "year"
        today = local_today(self.organisation)
        year = data.get("year") or financial_year_of(today, start_month)
        if kind == "year":
            data["the_period"] = financial_year(year, start_month)
        elif kind == "quarter":
            if not data.get("quarter"):
                raise forms.ValidationError(_("Choose a quarter."), code="no_quarter")
            data["the_period"] = financial_quarter(year, data["quarter"], start_month)
        else:
            data["the_period"] = self._range(data.get("start"), data.get("end"))
        group = data.get("group")
        if (
            group
            and data.get("programme")
            and group.programme_id != data["programme"].pk
        ):
            raise forms.ValidationError(
                _("That group belongs to another programme."), code="group_programme"
            )
        return data

    def _range(self, start, end) -> Period:
        if not start or not end:
            raise forms.ValidationError(
                _("Give both the first and the last day of the period."),
                code="empty_range",
            )
        if end < start:
            raise forms.ValidationError(
                _("The last day is before the first: the period is empty."),
                code="inverted_range",
            )
        if (end - start).days >= LONGEST_RANGE_DAYS:
            raise forms.ValidationError(
                _("A report covers at most ten years."), code="range_too_long"
            )
        return Period(
            start, end, _("%(start)s to %(end)s") % {"start": start, "end": end}
        )

    @property
    def chosen_period(self) -> Period:
        return self.cleaned_data["the_period"]

    @property
    def scope(self) -> Scope:
        return Scope(
            organisation=self.organisation,
            programme=self.cleaned_data.get("programme"),
            group=self.cleaned_data.get("group"),
        )

    def query(self) -> dict[str, str]:
        """The chosen period and scope as query parameters, for links."""
        data = self.cleaned_data
        period = self.chosen_period
        params = {"period": "range", "start": period.start.isoformat()}
        params["end"] = period.end.isoformat()
        if data.get("programme"):
            params["programme"] = str(data["programme"].uuid)
        if data.get("group"):
            params["group"] = str(data["group"].uuid)
        return params


@dataclass(frozen=True)
class Scope:
    """The organisation, or one of its programmes, or one of its groups."""

    organisation: object
    programme: Programme | None = None
    group: Group | None = None

    @property
    def label(self) -> str:
        if self.group is not None:
            return _("Group %(name)s") % {"name": self.group.name}
        if self.programme is not None:
            return _("Programme %(name)s") % {"name": self.programme.name}
        return str(_("The whole organisation"))
