"""Form widgets shared by the apps.

Django renders every widget (and every option of a select or radio group)
through a small template of its own. On pages with many of them, a filter bar of
a hundred options or a register of twelve men with a dozen inputs each, that was
most of the page's time. The widgets here write the same markup straight from
Python; each has a test that it says what Django's own would.
"""

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe


class LongSelect(forms.Select):
    """A select for long lists (an organisation's groups, its caseworkers) and
    for selects repeated on every line of a form (a register's participation).

    Written straight from the choices. Option groups are not supported: no list
    here has any.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = []
        has_selected = False
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            # As Django's Select: only the first option with the value is selected.
            selected = option_value in chosen and (
                not has_selected or self.allow_multiple_selected
            )
            has_selected |= selected
            options.append(
                f'<option value="{escape(option_value)}"'
                f"{' selected' if selected else ''}>{escape(label)}</option>"
            )
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        return mark_safe(
            f'<select name="{escape(name)}"{html_attrs(final_attrs)}>'
            f"{''.join(options)}</select>"
        )


def plain_input(widget: forms.widgets.Input, name, value, attrs) -> str:
    """An <input> of the widget's type, as Django's input template writes it."""
    value = widget.format_value(value)
    final_attrs = widget.build_attrs(widget.attrs, attrs)
    value_attr = "" if value is None else f' value="{escape(value)}"'
    return mark_safe(
        f'<input type="{widget.input_type}" name="{escape(name)}"{value_attr}'
        f"{html_attrs(final_attrs)}>"
    )


class PlainHiddenInput(forms.HiddenInput):
    """A hidden input, as Django's, for forms that carry many of them (a
    register keeps what the worker saw of each line in hidden inputs)."""

    def render(self, name, value, attrs=None, renderer=None):
        return plain_input(self, name, value, attrs)


class PlainTextInput(forms.TextInput):
    """A text input, as Django's, for forms of hundreds of them (a draft version
    of the risk instrument: 24 items of nine text inputs)."""

    def render(self, name, value, attrs=None, renderer=None):
        return plain_input(self, name, value, attrs)


class PlainNumberInput(forms.NumberInput):
    """A number input, as Django's (the same forms' orders and weights)."""

    def render(self, name, value, attrs=None, renderer=None):
        return plain_input(self, name, value, attrs)


def with_bootstrap_classes(fields, *, control: str = "form-control") -> None:
    """Bootstrap's class on each field's input, for a form laid out without
    crispy (which would add them): `form-check-input` on checkboxes and radio
    buttons, `control` on the rest. A class given already is kept."""
    for field in fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        else:
            widget.attrs.setdefault("class", control)


class InlineRadioSelect(forms.RadioSelect):
    """Radio buttons side by side, each with its label (Bootstrap's inline
    form-check), for a choice made on every line of a form."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        final_attrs = self.build_attrs(self.attrs, attrs)
        base_id = final_attrs.pop("id", None)
        buttons = []
        for index, (option_value, label) in enumerate(self.choices):
            option_value = "" if option_value is None else str(option_value)
            option_attrs = dict(final_attrs)
            if base_id:
                option_attrs["id"] = f"{base_id}_{index}"
            checked = " checked" if option_value in chosen else ""
            label_for = (
                f' for="{escape(option_attrs["id"])}"' if "id" in option_attrs else ""
            )
            buttons.append(
                '<div class="form-check form-check-inline">'
                f'<input type="radio" name="{escape(name)}" '
                f'value="{escape(option_value)}"{html_attrs(option_attrs)}{checked}>'
                f'<label class="form-check-label"{label_for}>{escape(label)}</label>'
                "</div>"
            )
        return mark_safe("".join(buttons))


def html_attrs(attrs: dict) -> str:
    """Attributes in the order given, as Django's widget attrs template writes them:
    True as a bare name, False left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )
