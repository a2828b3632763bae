"""Forms of the instrument version editor (risk.views.instruments)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from risk.models import InstrumentItem, RiskInstrument

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


class ItemForm(forms.ModelForm):
    """One item, with its text and guidance in each other language."""

    class Meta:
        model = InstrumentItem
        fields = ["order", "code", "domain", "text", "guidance", "weight"]
        labels = {
            "order": _("Order"),
            "code": _("Code"),
            "domain": _("Domain"),
            "text": _("Question"),
            "guidance": _("Guidance"),
            "weight": _("Weight of a yes"),
        }

    def __init__(self, *args, original_language="en", **kwargs):
        super().__init__(*args, **kwargs)
        translations = self.instance.translations if self.instance.pk else {}
        for language in ITEM_LANGUAGES:
            if language == original_language:
                continue
            self.fields[f"text_{language}"] = forms.CharField(
                label=_("Question in %(language)s") % {"language": language},
                required=False,
                max_length=300,
                initial=translations.get(language, {}).get("text", ""),
            )

    def translations(self) -> dict:
        found = dict(self.instance.translations or {})
        for name, value in self.cleaned_data.items():
            if name.startswith("text_"):
                language = name.removeprefix("text_")
                entry = dict(found.get(language, {}))
                if value.strip():
                    entry["text"] = value.strip()
                else:
                    entry.pop("text", None)
                if entry:
                    found[language] = entry
                else:
                    found.pop(language, None)
        return found


ItemFormSet = forms.modelformset_factory(
    InstrumentItem, form=ItemForm, extra=1, can_delete=True
)
