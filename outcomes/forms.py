"""The questionnaire form: one field per item, in sections by domain."""

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from outcomes.models import Questionnaire, Response, SpecialAnswer

NOT_YET = ("", _("Not asked yet"))


class LanguageForm(forms.Form):
    """The language the questions are asked in (?ask_in= on the page; ?language=
    is every page's own, the language the page around them is written in)."""

    ask_in = forms.ChoiceField(
        label=_("Ask the questions in"),
        choices=settings.LANGUAGES,
        error_messages={
            "invalid_choice": _("%(value)s is not a language the system offers.")
        },
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


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

    # The language the questions are asked in, chosen on the page (LanguageForm)
    # and kept with the answers.
    # Empty (a page from before languages were kept): the draft's, else hers.
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(
        self, *args, questionnaire: Questionnaire, language: str = "", **kwargs
    ):
        """`language`: the one the questions are asked in (default: the one
        posted, else the reader's); items, answers and domains read in it."""
        super().__init__(*args, **kwargs)
        if not language and self.is_bound:
            language = self.data.get("language", "")
        if language not in dict(settings.LANGUAGES):
            language = translation.get_language() or settings.LANGUAGE_CODE
        self.asked_in = language
        self.fields["language"].initial = language
        # The questionnaire (and so its language) without a query per item.
        self.items = list(
            questionnaire.items.select_related(
                "scale__questionnaire", "domain"
            ).order_by("order")
        )
        self.domains = list(questionnaire.domains.order_by("order"))
        for item in self.items:
            self.fields[self.field_name(item)] = forms.ChoiceField(
                label=f"{item.order}. {item.text_in(language)}",
                required=False,
                # The scale is read out to her, in the language asked; "not
                # answered" and "declined" are the worker's record, in his.
                choices=[
                    NOT_YET,
                    *item.scale.choices(language),
                    *SpecialAnswer.choices,
                ],
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    @staticmethod
    def field_name(item) -> str:
        return f"item_{item.pk}"

    def sections(self):
        """(domain's name in the language asked, its bound fields) in the
        questionnaire's order."""
        by_domain = {domain.pk: [] for domain in self.domains}
        for item in self.items:
            by_domain[item.domain_id].append(self[self.field_name(item)])
        return [
            (domain.name_in(self.asked_in), by_domain[domain.pk])
            for domain in self.domains
        ]

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
