"""Forms of the instrument version editor (risk.views.instruments)."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from accounts.widgets import (
    PlainNumberInput,
    PlainTextInput,
    with_bootstrap_classes,
)
from risk.models import RiskInstrument

# The items' inputs: Bootstrap's small size, for a form of some 280 of them.
SMALL = "form-control form-control-sm"


# Languages an item's text may be given in besides the instrument's own.
ITEM_LANGUAGES = [code[:2] for code, _name in settings.LANGUAGES]


class VersionForm(forms.ModelForm):
    levels_text = forms.CharField(
        label=_("Levels of this instrument"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Optional, one a line: score from | band (standard, medium or high) | "
            "name. For example Spain's five: “0 | standard | No apreciado”, "
            "“1 | standard | Bajo”, “5 | medium | Medio”, “10 | high | Alto”, "
            "“14 | high | Extremo”. Empty: standard, medium and high."
        ),
    )

    class Meta:
        model = RiskInstrument
        fields = ["name", "description", "language", "medium_from", "high_from"]
        labels = {
            "name": _("Name"),
            "description": _("Description"),
            "language": _("Language of the item texts"),
            "medium_from": _("Medium risk from (score)"),
            "high_from": _("High risk from (score)"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"] = forms.ChoiceField(
            label=_("Language of the item texts"),
            choices=[(code[:2], name) for code, name in settings.LANGUAGES],
        )


class ItemForm(forms.Form):
    """One item of a draft, with its text in each other language. Items are
    written afresh on every save of a draft (risk.versions.save_draft), so the
    form names no stored row.

    Laid out by its own template (risk/jinja2/risk/version_item.html), which
    the form renderer (Jinja2) renders as it renders the widgets: a draft of 24
    items is some 280 inputs, and through crispy, or Django's template language,
    each input's wrapper cost more than the input (130 ms a page with crispy).
    """

    template_name = "risk/version_item.html"
    # Each input's width in the item's grid; the rest (the other languages'
    # texts) take half a row.
    COLUMNS = {
        "order": "col-6 col-md-2",
        "weight": "col-6 col-md-2",
        "code": "col-12 col-md-4",
        "domain": "col-12 col-md-4",
        "text": "col-12",
        "guidance": "col-12",
    }

    # Inputs written straight from Python (accounts.widgets): Django's template
    # per input was half the page's time (decision 0007).
    order = forms.IntegerField(
        label=_("Order"), min_value=1, max_value=999, widget=PlainNumberInput
    )
    code = forms.SlugField(label=_("Code"), max_length=40, widget=PlainTextInput)
    domain = forms.CharField(label=_("Domain"), max_length=60, widget=PlainTextInput)
    text = forms.CharField(label=_("Question"), max_length=300, widget=PlainTextInput)
    guidance = forms.CharField(
        label=_("Guidance"), max_length=300, required=False, widget=PlainTextInput
    )
    weight = forms.IntegerField(
        label=_("Weight of a yes"), min_value=0, max_value=99, widget=PlainNumberInput
    )
    marks_pregnancy = forms.BooleanField(
        label=_("Stands for a pregnancy or a baby in the last 18 months"),
        required=False,
    )

    def __init__(self, *args, original_language="en", **kwargs):
        super().__init__(*args, **kwargs)
        for language in ITEM_LANGUAGES:
            if language != original_language:
                # The language's name in the reader's language, not its code.
                name = get_language_info(language)["name_translated"]
                self.fields[f"text_{language}"] = forms.CharField(
                    label=_("Question in %(language)s") % {"language": name},
                    required=False,
                    max_length=300,
                    widget=PlainTextInput,
                )
        with_bootstrap_classes(self.fields, control=SMALL)

    def item(self) -> dict:
        """The item as risk.versions.save_draft takes it."""
        data = self.cleaned_data
        translations = {
            name.removeprefix("text_"): {"text": value.strip()}
            for name, value in data.items()
            if name.startswith("text_") and value.strip()
        }
        return {
            "order": data["order"],
            "code": data["code"],
            "domain": data["domain"],
            "text": data["text"],
            "guidance": data["guidance"],
            "weight": data["weight"],
            "marks_pregnancy": data["marks_pregnancy"],
            "translations": translations,
        }


def item_initial(item) -> dict:
    """A stored item as the form's initial values."""
    initial = {
        "order": item.order,
        "code": item.code,
        "domain": item.domain,
        "text": item.text,
        "guidance": item.guidance,
        "weight": item.weight,
        "marks_pregnancy": item.marks_pregnancy,
    }
    for language, texts in (item.translations or {}).items():
        if texts.get("text"):
            initial[f"text_{language}"] = texts["text"]
    return initial


class BaseItemFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        with_bootstrap_classes({"DELETE": form.fields["DELETE"]}, control=SMALL)


ItemFormSet = forms.formset_factory(
    ItemForm, formset=BaseItemFormSet, extra=1, can_delete=True
)
