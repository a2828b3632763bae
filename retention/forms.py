from django import forms
from django.utils.translation import gettext_lazy as _

from retention.models import LegalHold, RetentionRule


class RetentionRuleForm(forms.ModelForm):
    class Meta:
        model = RetentionRule
        fields = ["months", "justification"]


class LegalHoldForm(forms.Form):
    reference = forms.CharField(
        label=_("Case reference"),
        max_length=20,
        help_text=_("The man's case reference, as on his case file."),
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=LegalHold.Reason.choices)
    detail = forms.CharField(
        label=_("Detail"),
        max_length=200,
        required=False,
        help_text=_("A reference of the order or review; never a person's name."),
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.cases = cases

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        self.participant = self.cases.filter(
            reference__iexact=reference, is_anonymised=False
        ).first()
        if self.participant is None:
            raise forms.ValidationError(
                _("No case of your organisation has this reference.")
            )
        return reference


class LiftHoldForm(forms.Form):
    reason = forms.CharField(label=_("Why the hold is lifted"), max_length=200)


class HoldItemForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why it is held back"), max_length=200, required=False
    )
