"""Form widgets shared by the apps."""

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe


class LongSelect(forms.Select):
    """A select for long lists (an organisation's groups, its caseworkers).

    Django renders each option through its own small template, and builds a dict
    of context for each first; with a hundred options on a filter bar that was
    most of a list page's time. This writes the same markup straight from the
    choices. Option groups are not supported: no list here has any.
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


def html_attrs(attrs: dict) -> str:
    """Attributes in the order given, as Django's widget attrs template writes them:
    True as a bare name, False left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )
