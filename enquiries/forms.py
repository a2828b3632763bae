"""Forms of the enquiries queue (workers) and of the public contact page."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import DateInput
from accounts.models import User
from accounts.widgets import with_bootstrap_classes
from enquiries.models import Enquiry
from participants.models import Participant
from partner_contact.forms import DateTimeInput, clean_phone_number
from partner_contact.models import Partner, Relationship

WORKER_FIELDS = [
    "channel",
    "name",
    "on_behalf",
    "referrer",
    "reach_by",
    "phone",
    "email",
    "safe_times",
    "message_ok",
    "language",
    "concerns",
    "offered_information",
    "offered_safety_planning",
    "offered_womens_service",
    "offered_programme_for_him",
    "outcome",
    "notes",
    "follow_up_on",
    "assigned_to",
]
# What a woman may type on the public page, and no more: every field is bounded.
PUBLIC_LIMITS = {
    "name": 100,
    "referrer": 200,
    "phone": 40,
    "email": 254,
    "safe_times": 500,
    "language": 60,
    "concerns": 2000,
}
# Markup or script in a field: refused plainly, never stored to be shown later.
SCRIPTED = re.compile(r"<\s*[a-z/!?]|javascript:|on[a-z]+\s*=", re.IGNORECASE)
# Control characters other than tab and line breaks.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def refuse_scripted(value: str) -> str:
    if SCRIPTED.search(value) or CONTROL.search(value):
        raise forms.ValidationError(
            _("Please use plain text only, without < > or code."), code="scripted"
        )
    return value


class EnquiryForm(forms.ModelForm):
    """What a worker records of an enquiry she took or is working on."""

    phone = forms.CharField(label=_("Safe phone number"), required=False, max_length=40)
    email = forms.EmailField(label=_("Safe e-mail address"), required=False)
    referrer = forms.CharField(
        label=_("The professional and their agency"), required=False, max_length=200
    )
    safe_times = forms.CharField(
        label=_("When it is safe to contact her"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    concerns = forms.CharField(
        label=_("What she is worried about"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Enquiry
        fields = WORKER_FIELDS
        widgets = {"follow_up_on": DateInput()}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = User.objects.filter(
            organisation=organisation,
            role=User.Role.PARTNER_SUPPORT,
            is_active=True,
        ).order_by("first_name", "last_name", "username")
        # The public page is not a way a worker takes an enquiry.
        if not self.instance.pk:
            self.fields["channel"].choices = [
                choice
                for choice in Enquiry.Channel.choices
                if choice[0] != Enquiry.Channel.PUBLIC_PAGE
            ]

    def clean_phone(self):
        return clean_phone_number(self.cleaned_data["phone"])

    def clean_follow_up_on(self):
        day = self.cleaned_data["follow_up_on"]
        if day and not self.instance.pk and day < timezone.localdate():
            raise forms.ValidationError(_("A follow-up cannot be in the past."))
        return day


class NewEnquiryForm(EnquiryForm):
    """A new enquiry: when it came in, and whether she was already spoken to."""

    received_at = forms.DateTimeField(
        label=_("Received"), widget=DateTimeInput(), required=True
    )
    contacted = forms.BooleanField(
        label=_("I spoke with her or answered her (her first contact)"),
        required=False,
        initial=True,
    )

    class Meta(EnquiryForm.Meta):
        fields = ["received_at", "contacted", *WORKER_FIELDS]

    def clean_received_at(self):
        received = self.cleaned_data["received_at"]
        if received > timezone.now():
            raise forms.ValidationError(_("An enquiry cannot be received later."))
        return received


class UpdateEnquiryForm(EnquiryForm):
    close = forms.BooleanField(
        label=_("Close the enquiry (needs an outcome)"), required=False
    )

    class Meta(EnquiryForm.Meta):
        fields = WORKER_FIELDS

    def clean(self):
        data = super().clean()
        if data.get("close") and not data.get("outcome"):
            self.add_error("outcome", _("Choose an outcome to close the enquiry."))
        return data


class FirstContactForm(forms.Form):
    at = forms.DateTimeField(label=_("When"), widget=DateTimeInput())

    def clean_at(self):
        at = self.cleaned_data["at"]
        if at > timezone.now():
            raise forms.ValidationError(_("A contact cannot be in the future."))
        return at


class LinkEnquiryForm(forms.Form):
    """Which man's case she is linked to, and whether she is already on record."""

    reference = forms.CharField(
        label=_("His case reference"),
        max_length=20,
        required=False,
        help_text=_("As shown on his case, e.g. P26-00042. Empty: her record only."),
    )
    kind = forms.ChoiceField(
        label=_("Relationship to him"), choices=Relationship.Kind.choices
    )
    existing = forms.TypedChoiceField(
        label=_("Her record"),
        required=False,
        coerce=str,
        empty_value="",
        help_text=_("A woman of the same name already on record, or a new record."),
    )

    def __init__(self, *args, enquiry: Enquiry, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.enquiry = enquiry
        self.participant = None
        self.candidates = {str(p.uuid): p for p in candidates}
        new_label = (
            _("Her record already linked to this enquiry")
            if enquiry.partner_id
            else _("A new record made from this enquiry")
        )
        self.fields["existing"].choices = [("", new_label)] + [
            (key, f"{p.name}{f', {p.area}' if p.area else ''}")
            for key, p in self.candidates.items()
        ]

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip().upper()
        if not reference:
            return reference
        # As partner_contact.forms.LinkForm: any man of her organisation, by his
        # exact pseudonymous reference.
        participant = Participant.objects.filter(
            organisation_id=self.enquiry.organisation_id, reference=reference
        ).first()
        if participant is None:
            raise forms.ValidationError(
                _("No case with that reference in your organisation.")
            )
        self.participant = participant
        return reference

    @property
    def partner(self) -> Partner | None:
        return self.candidates.get(self.cleaned_data.get("existing") or "")


class PublicContactForm(forms.Form):
    """What she tells us on the public page: a name, a safe way and time to reach
    her, whether a message is safe, her worries (optional) and her language."""

    name = forms.CharField(
        label=_("Your first name, or any name you choose"),
        max_length=PUBLIC_LIMITS["name"],
    )
    on_behalf = forms.BooleanField(
        label=_("I am a professional asking on her behalf"), required=False
    )
    referrer = forms.CharField(
        label=_("If so: your name and organisation"),
        required=False,
        max_length=PUBLIC_LIMITS["referrer"],
    )
    reach_by = forms.ChoiceField(
        label=_("The safe way to contact you"),
        choices=Enquiry.ReachBy.choices,
        widget=forms.RadioSelect,
    )
    phone = forms.CharField(
        label=_("Safe phone number"), required=False, max_length=PUBLIC_LIMITS["phone"]
    )
    email = forms.EmailField(
        label=_("Safe e-mail address"),
        required=False,
        max_length=PUBLIC_LIMITS["email"],
    )
    safe_times = forms.CharField(
        label=_("When is it safe to contact you?"),
        required=False,
        max_length=PUBLIC_LIMITS["safe_times"],
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    message_ok = forms.TypedChoiceField(
        label=_("May we leave a message or voicemail?"),
        choices=[("no", _("No")), ("yes", _("Yes"))],
        coerce=lambda value: value == "yes",
        initial="no",
        widget=forms.RadioSelect,
    )
    concerns = forms.CharField(
        label=_("What are you worried about? (optional)"),
        required=False,
        max_length=PUBLIC_LIMITS["concerns"],
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    language = forms.CharField(
        label=_("Your language"), required=False, max_length=PUBLIC_LIMITS["language"]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        with_bootstrap_classes(self.fields)

    def clean(self):
        data = super().clean()
        for name in PUBLIC_LIMITS:
            value = data.get(name)
            if isinstance(value, str) and value:
                try:
                    refuse_scripted(value)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        way = data.get("reach_by")
        if way in (Enquiry.ReachBy.PHONE, Enquiry.ReachBy.TEXT) and not data.get(
            "phone"
        ):
            self.add_error("phone", _("Give a safe phone number to be called on."))
        if way == Enquiry.ReachBy.EMAIL and not data.get("email"):
            self.add_error("email", _("Give a safe e-mail address."))
        return data

    def clean_phone(self):
        return clean_phone_number(self.cleaned_data["phone"])
