"""Forms of her record: her details, her links to men's cases, her consents.

The contact log and her safety plan have their own forms in
`partner_contact.contact_forms`; her case's status moves and checklist in
`partner_contact.case_forms`.
"""

import re
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import DateInput
from accounts.models import User
from participants.models import Participant
from partner_contact.models import Channel, Consent, Partner, Relationship

# Digits with optional spaces, dashes, brackets and one leading "+": 7-15 digits.
PHONE_PATTERN = re.compile(r"^\+?[\d\s\-()]{7,20}$")


def clean_phone_number(value: str) -> str:
    value = value.strip()
    if not value:
        return value
    digits = re.sub(r"\D", "", value)
    if not PHONE_PATTERN.match(value) or not 7 <= len(digits) <= 15:
        raise forms.ValidationError(
            gettext(
                "Enter a phone number of 7 to 15 digits, e.g. 07700 900123 or "
                "+44 7700 900123."
            )
        )
    return value


class TimeInput(forms.TimeInput):
    input_type = "time"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        if hasattr(value, "strftime"):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return value.strftime("%Y-%m-%dT%H:%M")
        return value


class PartnerForm(forms.ModelForm):
    """Her details and safe-contact arrangements."""

    phone = forms.CharField(label=_("Safe phone number"), required=False, max_length=40)
    email = forms.EmailField(label=_("Safe e-mail address"), required=False)
    address = forms.CharField(
        label=_("Address"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    safe_contact_notes = forms.CharField(
        label=_("Safe-contact notes"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    code_word = forms.CharField(label=_("Code word"), required=False, max_length=100)
    if_someone_else_answers = forms.CharField(
        label=_("What to do if someone else answers"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    do_not_contact_reason = forms.CharField(
        label=_("Why she is not to be contacted"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    safe_weekdays = forms.TypedMultipleChoiceField(
        choices=Partner.Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Safe days (none ticked: any day)"),
    )
    safe_channels = forms.MultipleChoiceField(
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Ways of contact she agreed to"),
    )

    class Meta:
        model = Partner
        fields = [
            "name",
            "date_of_birth",
            "area",
            "phone",
            "email",
            "address",
            "safe_weekdays",
            "safe_from",
            "safe_until",
            "safe_channels",
            "voicemail_ok",
            "text_ok",
            "withhold_caller_id",
            "code_word",
            "if_someone_else_answers",
            "safe_contact_notes",
            "language",
            "interpreter_needed",
            "do_not_contact",
            "do_not_contact_reason",
            "partner_support_worker",
        ]
        widgets = {
            "safe_from": TimeInput(),
            "safe_until": TimeInput(),
            "date_of_birth": DateInput(),
        }
        labels = {
            "name": _("Name"),
            "date_of_birth": _("Date of birth"),
            "area": _("Area"),
            "safe_from": _("Safe from"),
            "safe_until": _("Safe until"),
            "withhold_caller_id": _("Withhold caller ID"),
            "language": _("Language"),
            "interpreter_needed": _("Interpreter needed"),
            "do_not_contact": _("Do not contact"),
            "partner_support_worker": _("Partner support worker"),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner_support_worker"].queryset = User.objects.filter(
            organisation=organisation, role=User.Role.PARTNER_SUPPORT, is_active=True
        )
        self.fields["partner_support_worker"].required = False

    def clean_phone(self):
        return clean_phone_number(self.cleaned_data["phone"])

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born and not (today - timedelta(days=120 * 366) < born < today):
            raise forms.ValidationError(_("Give a date of birth in the past."))
        return born

    def clean(self):
        data = super().clean()
        if (
            data.get("do_not_contact")
            and not (data.get("do_not_contact_reason") or "").strip()
        ):
            self.add_error(
                "do_not_contact_reason", gettext("Say why she must not be contacted.")
            )
        start, end = data.get("safe_from"), data.get("safe_until")
        if start and end and end <= start:
            self.add_error(
                "safe_until", gettext("The end of her safe time must be later.")
            )
        return data


class LinkForm(forms.Form):
    """Which man's case she is linked to, and how."""

    reference = forms.CharField(
        label=_("His case reference"),
        max_length=20,
        help_text=_("As shown on his case, e.g. P26-00042."),
    )
    kind = forms.ChoiceField(
        label=_("Relationship to him"), choices=Relationship.Kind.choices
    )
    living_together = forms.BooleanField(label=_("Living together"), required=False)
    children_in_common = forms.IntegerField(
        label=_("Children in common"), min_value=0, max_value=20, initial=0
    )

    def __init__(self, *args, organisation, partner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.partner = partner

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip().upper()
        # Linking needs any man of her organisation, not only men she is already
        # linked to (the partner-support worker's view of participants), so this
        # lookup is by exact pseudonymous reference within the organisation only.
        participant = Participant.objects.filter(
            organisation=self.organisation, reference=reference
        ).first()
        if participant is None:
            raise forms.ValidationError(
                gettext("No case with that reference in your organisation.")
            )
        if (
            self.partner is not None
            and self.partner.relationships.filter(participant=participant).exists()
        ):
            raise forms.ValidationError(gettext("She is already linked to this case."))
        self.participant = participant
        return reference


class NewPartnerForm(PartnerForm):
    """Her details and, optionally, the man's case she is linked to."""

    reference = forms.CharField(
        label=_("His case reference"),
        max_length=20,
        required=False,
        help_text=_("Optional; e.g. P26-00042."),
    )
    kind = forms.ChoiceField(
        choices=Relationship.Kind.choices, label=_("Relationship to him")
    )
    living_together = forms.BooleanField(label=_("Living together"), required=False)
    children_in_common = forms.IntegerField(
        label=_("Children in common"), min_value=0, max_value=20, initial=0
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        self.organisation = organisation
        self.participant = None

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip().upper()
        if not reference:
            return ""
        # See LinkForm.clean_reference: exact reference within her organisation.
        self.participant = Participant.objects.filter(
            organisation=self.organisation, reference=reference
        ).first()
        if self.participant is None:
            raise forms.ValidationError(
                gettext("No case with that reference in your organisation.")
            )
        return reference


class SeparationForm(forms.Form):
    occurred_on = forms.DateField(widget=DateInput(), label=_("Date"))
    announced = forms.BooleanField(
        required=False, label=_("Only announced (not yet happened)")
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_occurred_on(self):
        on = self.cleaned_data["occurred_on"]
        if on > self.today:
            raise forms.ValidationError(
                gettext(
                    "The date cannot be in the future (for an announcement, the day "
                    "it was announced)."
                )
            )
        return on


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["kind", "given_on", "how_given", "scope", "expires_on"]
        widgets = {
            "given_on": DateInput(),
            "expires_on": DateInput(),
            "scope": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "kind": _("Kind"),
            "given_on": _("Given on"),
            "how_given": _("How given"),
            "scope": _("Scope"),
            "expires_on": _("Expires on"),
        }

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        if given_on > self.today:
            raise forms.ValidationError(
                gettext("Consent cannot be given in the future.")
            )
        return given_on

    def clean(self):
        data = super().clean()
        given_on, expires_on = data.get("given_on"), data.get("expires_on")
        if given_on and expires_on and expires_on < given_on:
            self.add_error(
                "expires_on", gettext("It cannot expire before it was given.")
            )
        return data


class WithdrawConsentForm(forms.Form):
    withdrawn_on = forms.DateField(widget=DateInput(), label=_("Withdrawn on"))

    def __init__(self, *args, consent, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent = consent
        self.today = today

    def clean_withdrawn_on(self):
        on = self.cleaned_data["withdrawn_on"]
        if on > self.today:
            raise forms.ValidationError(
                gettext("It cannot be withdrawn in the future.")
            )
        if on < self.consent.given_on:
            raise forms.ValidationError(
                gettext("It cannot be withdrawn before it was given.")
            )
        return on
