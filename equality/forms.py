from django import forms
from django.utils.translation import gettext_lazy as _

from equality.models import (
    NOT_ASKED,
    PREFER_NOT_TO_SAY,
    Characteristic,
    EqualityAnswer,
    MonitoringOption,
)

NOT_ASKED_VALUE = ""
PREFER_VALUE = EqualityAnswer.Answer.PREFER_NOT_TO_SAY.value


class MonitoringForm(forms.Form):
    """Every monitoring question, each optional: "Not asked" (the default),
    "Prefer not to say", or one of the organisation's options in use. A retired
    option is offered only to the person who already gave it."""

    def __init__(self, *args, options, answers, **kwargs):
        super().__init__(*args, **kwargs)
        given = {a.characteristic: a for a in answers}
        self.options_by_uuid = {str(o.uuid): o for o in options}
        for characteristic, label in Characteristic.choices:
            answer = given.get(characteristic)
            choices = [(NOT_ASKED_VALUE, NOT_ASKED), (PREFER_VALUE, PREFER_NOT_TO_SAY)]
            for option in options:
                if option.characteristic != characteristic:
                    continue
                if option.retired and (answer is None or answer.option_id != option.pk):
                    continue
                choices.append((str(option.uuid), str(option)))
            initial = NOT_ASKED_VALUE
            if answer is not None:
                initial = (
                    PREFER_VALUE
                    if answer.answer == EqualityAnswer.Answer.PREFER_NOT_TO_SAY
                    else str(answer.option.uuid)
                )
            self.fields[characteristic] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                initial=initial,
                error_messages={
                    "invalid_choice": _("Choose one of the answers in the list.")
                },
            )

    def answers(self) -> dict:
        """characteristic -> option, "prefer not to say" or None (not asked)."""
        result = {}
        for characteristic in Characteristic.values:
            value = self.cleaned_data.get(characteristic) or NOT_ASKED_VALUE
            if value == NOT_ASKED_VALUE:
                result[characteristic] = None
            elif value == PREFER_VALUE:
                result[characteristic] = PREFER_VALUE
            else:
                result[characteristic] = self.options_by_uuid[value]
        return result


class OptionForm(forms.ModelForm):
    """The label of one option; unique within its question."""

    class Meta:
        model = MonitoringOption
        fields = ["label"]

    def __init__(self, *args, organisation, characteristic, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.characteristic = characteristic
        self.fields["label"].widget.attrs["maxlength"] = 120

    def clean_label(self):
        label = " ".join((self.cleaned_data.get("label") or "").split())
        if not label:
            raise forms.ValidationError(_("Give the option a label."))
        taken = MonitoringOption.objects.filter(
            organisation=self.organisation,
            characteristic=self.characteristic,
            label__iexact=label,
        )
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("This question already has an option with that label.")
            )
        return label
