from django import forms
from django.contrib.auth.forms import AuthenticationForm

from accounts.models import Organisation, User


class DateInput(forms.DateInput):
    """A browser date picker; it only accepts ISO dates (2026-11-24) as values, so
    the initial value is written that way whatever the locale's format."""

    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "That user name and password do not match. Check both and "
        "try again; after several failures the account is locked for a while.",
        "inactive": "This account is switched off. Ask your organisation's "
        "administrator.",
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app or a recovery code",
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autofocus": True,
            }
        ),
    )

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "").strip()


class UserForm(forms.ModelForm):
    """An organisation administrator's form for a colleague's account."""

    role = forms.ChoiceField(choices=User.Role.choices)
    is_active = forms.BooleanField(
        required=False, initial=True, label="Active (may sign in)"
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        if self.instance.pk:
            self.fields["role"].initial = self.instance.role
            self.fields["is_active"].initial = self.instance.is_active

    def clean_username(self):
        username = self.cleaned_data["username"]
        clash = User.objects.filter(username__iexact=username)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("That user name is taken. Choose another.")
        return username


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "require_two_factor",
            "referral_screening_days",
            "first_partner_contact_days",
            "alert_acknowledge_hours",
        ]

    def clean_referral_screening_days(self):
        return _at_least_one(self.cleaned_data["referral_screening_days"])

    def clean_first_partner_contact_days(self):
        return _at_least_one(self.cleaned_data["first_partner_contact_days"])

    def clean_alert_acknowledge_hours(self):
        return _at_least_one(self.cleaned_data["alert_acknowledge_hours"])


def _at_least_one(value):
    if value < 1:
        raise forms.ValidationError("Enter 1 or more.")
    return value
