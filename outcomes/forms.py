"""The questionnaire form: one field per item, in sections by domain."""

from django import forms
from django.utils.translation import gettext_lazy as _

from outcomes.models import Questionnaire, Response, SpecialAnswer

NOT_YET = ("", _("Not asked yet"))


class ResponseForm(forms.Form):
    """Answers to one questionnaire version; empty answers are allowed in a draft
    (the service decides, since completing needs every item)."""

    mode = forms.ChoiceField(
        label=_("How it was completed"),
        choices=Response.Mode,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("draft", _("Save draft")), ("complete", _("Complete"))],
        initial="draft",
    )

    def __init__(self, *args, questionnaire: Questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(
            questionnaire.items.select_related("scale", "domain").order_by("order")
        )
        self.domains = list(questionnaire.domains.order_by("order"))
        for item in self.items:
            self.fields[self.field_name(item)] = forms.ChoiceField(
                label=f"{item.order}. {item.text}",
                required=False,
                choices=[NOT_YET, *item.scale.choices(), *SpecialAnswer.choices],
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    @staticmethod
    def field_name(item) -> str:
        return f"item_{item.pk}"

    def sections(self):
        """(domain, its bound fields) in the questionnaire's order."""
        by_domain = {domain.pk: [] for domain in self.domains}
        for item in self.items:
            by_domain[item.domain_id].append(self[self.field_name(item)])
        return [(domain, by_domain[domain.pk]) for domain in self.domains]

    def answers(self) -> dict[int, str]:
        return {
            item.pk: self.cleaned_data.get(self.field_name(item)) or ""
            for item in self.items
        }


class SettleForm(forms.Form):
    """Declined, or (for her) not safe to ask now."""

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            ("declined", _("Declined the questionnaire")),
            ("not_safe", _("Not safe to ask now")),
        ],
    )
