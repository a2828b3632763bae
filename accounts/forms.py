import django_otp
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import lockout
from accounts.models import AccessLog, Organisation, User


class DateInput(forms.DateInput):
    """A browser date picker; it only accepts ISO dates (2026-11-24) as values, so
    the initial value is written that way whatever the locale's format."""

    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "That user name and password do not match. Check both and try again; "
            "after several failures the account is locked for a while."
        ),
        "inactive": _(
            "This account is switched off. Ask your organisation's administrator."
        ),
    }

    def clean(self):
        # The per-account delay is checked before the password, so that a guess
        # made while it runs learns nothing, right or wrong.
        username = self.cleaned_data.get("username") or ""
        wait = lockout.account_delay(username)
        if wait is not None:
            minutes = max(1, round(wait.total_seconds() / 60))
            raise forms.ValidationError(
                ngettext(
                    "Too many sign-ins to this account have failed. Wait %(n)d "
                    "minute and try again, or choose a new password with "
                    "\u201cForgotten your password?\u201d to sign in at once.",
                    "Too many sign-ins to this account have failed. Wait %(n)d "
                    "minutes and try again, or choose a new password with "
                    "\u201cForgotten your password?\u201d to sign in at once.",
                    minutes,
                )
                % {"n": minutes},
                code="account_slowed",
            )
        try:
            return super().clean()
        except forms.ValidationError as error:
            if username and getattr(error, "code", None) == "invalid_login":
                lockout.record_failure(username)
            raise


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app or a recovery code"),
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


class ReauthenticateForm(TokenForm):
    """Proof that the person at the keyboard is the owner: password and a code.

    Asked before an authenticator is replaced, even in a verified session, so that
    a session left open or taken over cannot swap the second factor.
    """

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["password", "token"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["token"].label = _(
            "Code from your current authenticator app, or a recovery code"
        )
        self.fields["token"].widget.attrs.pop("autofocus", None)

    def clean(self):
        cleaned = super().clean()
        password, token = cleaned.get("password"), cleaned.get("token")
        if password is None or token is None:
            return cleaned
        # One message names neither half, so that the form does not tell an
        # intruder which one they got right. The code is tried only after the
        # password, so that a wrong password never uses up a recovery code.
        if not self.user.check_password(password):
            lockout.record_failure(self.user.username)
            device = None
        else:
            device = django_otp.match_token(self.user, token)
        if device is None:
            raise forms.ValidationError(
                _("The password or the code is not right. Check both and try again."),
                code="reauthentication_failed",
            )
        return cleaned


class UserForm(forms.ModelForm):
    """An organisation administrator's form for a colleague's account."""

    role = forms.ChoiceField(label=_("Role"), choices=User.Role.choices)
    is_active = forms.BooleanField(
        required=False, initial=True, label=_("Active (may sign in)")
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
            raise forms.ValidationError(_("That user name is taken. Choose another."))
        return username


class ProfileForm(forms.ModelForm):
    """The signed-in user's own choices (her profile): the language she reads."""

    class Meta:
        model = User
        fields = ["language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.instance.organisation
        default = organisation.get_language_display() if organisation else "English"
        language = self.fields["language"]
        language.choices = [
            (
                "",
                _("The organisation's language (%(language)s)") % {"language": default},
            ),
            *[choice for choice in language.choices if choice[0]],
        ]
        language.error_messages["invalid_choice"] = _(
            "“%(value)s” is not a language of this service. Choose one of the list."
        )


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "require_two_factor",
            "referral_screening_days",
            "first_partner_contact_days",
            "alert_acknowledge_hours",
            "language",  # languages: the default of users who chose none
            "public_contact_slug",  # enquiries: the public contact page's address
            "enquiry_first_contact_working_days",  # enquiries
        ]
        labels = {
            "name": _("Name"),
            "require_two_factor": _("Require two-factor login"),
            "referral_screening_days": _("Referral screening days"),
            "first_partner_contact_days": _("First partner contact days"),
            "alert_acknowledge_hours": _("Alert acknowledge hours"),
        }

    def clean_referral_screening_days(self):
        return _at_least_one(self.cleaned_data["referral_screening_days"])

    def clean_first_partner_contact_days(self):
        return _at_least_one(self.cleaned_data["first_partner_contact_days"])

    def clean_alert_acknowledge_hours(self):
        return _at_least_one(self.cleaned_data["alert_acknowledge_hours"])

    def clean_enquiry_first_contact_working_days(self):  # enquiries
        days = self.cleaned_data["enquiry_first_contact_working_days"]  # enquiries
        return _at_least_one(days)  # enquiries


def _at_least_one(value):
    if value < 1:
        raise forms.ValidationError(_("Enter 1 or more."))
    return value


class AccessLogFilterForm(forms.Form):
    """Who read what, and when: the access log's filters (all optional)."""

    user = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Who"),
        empty_label=_("Anyone"),
    )
    kind = forms.ChoiceField(required=False, label=_("Record kind"))
    action = forms.ChoiceField(required=False, label=_("What"))
    date_from = forms.DateField(required=False, label=_("From"), widget=DateInput())
    date_to = forms.DateField(required=False, label=_("To"), widget=DateInput())

    def __init__(self, *args, reader: User, kinds: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.visible_to(reader).order_by(
            "last_name", "first_name"
        )
        self.fields["kind"].choices = [("", _("Any kind")), *kinds]
        self.fields["action"].choices = [
            ("", _("Anything")),
            *AccessLog.Action.choices,
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(
                _("The start date is after the end date."), code="dates"
            )
        return cleaned

    def filter(self, entries):
        """The entries that match the valid filters (all of them when none)."""
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data["user"]:
            entries = entries.filter(user=data["user"])
        if data["kind"]:
            entries = entries.filter(object_type=data["kind"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["date_from"]:
            entries = entries.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(at__date__lte=data["date_to"])
        return entries
