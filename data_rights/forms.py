"""Forms of the data_rights app. Bad input is a form error (400), never a 500."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import DateInput
from data_rights.models import RightsRequest


class RequestForm(forms.Form):
    """A request as it came in: its kind, dates, the identity check."""

    kind = forms.ChoiceField(
        label=_("What the person asks for"), choices=RightsRequest.Kind.choices
    )
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    due_on = forms.DateField(
        label=_("Answer due by"),
        widget=DateInput(),
        required=False,
        help_text=_(
            "Leave empty for one month after it was received. The law allows "
            "two months more for a complex request, if the person is told why."
        ),
    )
    identity_checked = forms.BooleanField(
        label=_("The person's identity has been checked"), required=False
    )
    details = forms.CharField(
        label=_("What was asked"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )


class DecisionForm(forms.Form):
    """Granting or refusing a request other than access."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("grant", _("Grant it")), ("refuse", _("Refuse it"))],
        widget=forms.RadioSelect,
    )
    refusal_reason = forms.ChoiceField(
        label=_("Reason for refusing"),
        choices=[("", "—")] + list(RightsRequest.RefusalReason.choices),
        required=False,
    )
    correction = forms.CharField(
        label=_("What was corrected (rectification)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )
    note = forms.CharField(
        label=_("Note on the decision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args, request: RightsRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not data.get("refusal_reason"):
            self.add_error("refusal_reason", _("Choose the reason for refusing."))
        if (
            data.get("decision") == "grant"
            and self.request.kind == RightsRequest.Kind.RECTIFICATION
            and not (data.get("correction") or "").strip()
        ):
            self.add_error("correction", _("Say what was corrected."))
        return data
