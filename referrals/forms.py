"""Forms of referrals in: the agency directory, a referral, its screening and
decision, and the letters to referrers.

Referrals out (onward referrals and their outcomes) and information shares have
their forms in `referrals.onward_forms`.
"""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import DateInput
from accounts.models import User
from localisation import lists  # AGENCY_KINDS
from participants.models import Participant
from referrals import placeholders  # letters to referrers
from referrals.models import (
    AGENCY_KINDS,
    Agency,
    Referral,
    ReferralDecision,
    ReferrerLetter,  # letters to referrers
)


def not_in_future(value: date | None, what: str) -> date | None:
    """The date given, or a form error naming `what` if it is after today."""
    if value and value > timezone.localdate():
        raise forms.ValidationError(
            gettext("The %(what)s cannot be in the future.") % {"what": what}
        )
    return value


class AgencyChoiceField(forms.ModelChoiceField):
    """An agency of the user's directory, posted by UUID; others are invalid."""

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": _(
                    "Choose an agency from your organisation's directory."
                )
            },
        )
        super().__init__(queryset, to_field_name="uuid", **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display()})"


# Agencies ---------------------------------------------------------------------


class AgencyForm(forms.ModelForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        error_messages={"invalid_choice": _("Choose one of the kinds in the list.")},
    )  # AGENCY_KINDS: the organisation's list, set in __init__

    class Meta:
        model = Agency
        fields = [
            "kind",
            "name",
            "contact_name",
            "phone",
            "email",
            "address",
            "notes",
            "is_active",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "name": _("Name"),
            "phone": _("Phone"),
            "address": _("Address"),
            "notes": _("Notes"),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        # An agency keeps its kind when that kind has been retired since.
        keep = [self.instance.kind] if self.instance.pk else []
        self.fields["kind"].choices = lists.choices(
            organisation.pk, AGENCY_KINDS, keep=keep
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        same = Agency.objects.filter(organisation=self.organisation, name__iexact=name)
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError(
                gettext("Your directory already has an agency of that name.")
            )
        return name


# Referrals in -----------------------------------------------------------------


class ReferralForm(forms.ModelForm):
    agency = AgencyChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        label=_("Referring agency"),
        help_text=_("Leave empty for a self-referral."),
    )

    class Meta:
        model = Referral
        fields = [
            "agency",
            "is_self_referral",
            "referrer_name",
            "referrer_role",
            "referrer_contact",
            "received_on",
            "mandate",
            "reason",
            "first_name",
            "last_name",
            "date_of_birth",
            "phone",
            "email",
            "address",
            "language",
            "interpreter_needed",
            "partner_known",
            "children_known",
        ]
        labels = {
            "first_name": _("His first name"),
            "last_name": _("His last name"),
            "is_self_referral": _("He referred himself"),
            "referrer_name": _("Referrer name"),
            "referrer_role": _("Referrer role"),
            "received_on": _("Received on"),
            "mandate": _("Mandate"),
            "date_of_birth": _("Date of birth"),
            "phone": _("Phone"),
            "address": _("Address"),
            "language": _("Language"),
            "interpreter_needed": _("Interpreter needed"),
        }
        widgets = {
            "received_on": DateInput(),
            "date_of_birth": DateInput(),
            "reason": forms.Textarea(attrs={"rows": 4}),
            "address": forms.Textarea(attrs={"rows": 2}),
            "partner_known": forms.Textarea(attrs={"rows": 3}),
            "children_known": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.visible_to(user).active()
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("received_on", timezone.localdate())

    def clean_received_on(self):
        return not_in_future(self.cleaned_data.get("received_on"), _("date received"))

    def clean_date_of_birth(self):
        return not_in_future(self.cleaned_data.get("date_of_birth"), _("date of birth"))

    def clean(self):
        cleaned = super().clean()
        agency = cleaned.get("agency")
        is_self = cleaned.get("is_self_referral")
        if "agency" in self.errors:
            return cleaned
        # Errors go on the agency field, which also keeps the model's own check
        # of the same rule from repeating the message.
        if agency is None and not is_self:
            self.add_error(
                "agency",
                gettext(
                    "Say where the referral came from: choose the referring agency, or "
                    "tick “He referred himself”."
                ),
            )
        elif agency is not None and is_self:
            self.add_error(
                "agency",
                gettext(
                    "A referral comes from an agency or from him, not both: clear the "
                    "agency or untick “He referred himself”."
                ),
            )
        return cleaned


class ReferralFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Open (received or screening)")), ("all", _("All"))]
        + list(Referral.Status.choices),
        required=False,
    )
    agency = AgencyChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("Any source"),
    )
    mandate = forms.ChoiceField(
        choices=[("", _("Court-mandated or voluntary")), *Referral.Mandate.choices],
        required=False,
        label=_("Mandate"),
    )
    overdue = forms.BooleanField(required=False, label=_("Overdue only"))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.visible_to(user)

    def filter(self, queryset, today: date):
        data = self.cleaned_data
        status = data.get("status")
        if status == "all":
            pass
        elif status:
            queryset = queryset.filter(status=status)
        else:
            queryset = queryset.open()
        if data.get("agency"):
            queryset = queryset.filter(agency=data["agency"])
        if data.get("mandate"):
            queryset = queryset.filter(mandate=data["mandate"])
        if data.get("overdue"):
            queryset = queryset.overdue(today)
        return queryset


class ScreeningForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=_("Note (optional)"),
    )


class DecisionForm(forms.Form):
    """Accept, decline or withdraw a referral: a date and a reason are required."""

    decided_on = forms.DateField(label=_("Date of the decision"), widget=DateInput())
    reason = forms.ChoiceField(
        label=_("Reason"),
        error_messages={"required": _("Choose a reason for this decision.")},
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Note")
    )

    def __init__(self, *args, referral: Referral, to_status: str, **kwargs):
        kwargs.setdefault("prefix", to_status)
        super().__init__(*args, **kwargs)
        self.referral = referral
        self.to_status = to_status
        self.fields["reason"].choices = [("", _("Choose a reason"))] + [
            (r.value, r.label) for r in ReferralDecision.REASONS_FOR[to_status]
        ]
        self.initial.setdefault("decided_on", timezone.localdate())

    def clean_decided_on(self):
        decided_on = not_in_future(self.cleaned_data["decided_on"], _("decision date"))
        if decided_on < self.referral.received_on:
            raise forms.ValidationError(
                gettext("The decision cannot come before the referral was received.")
            )
        return decided_on

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("reason") == ReferralDecision.Reason.OTHER
            and not (cleaned.get("note") or "").strip()
        ):
            self.add_error(
                "note", gettext("Say why in the note when the reason is “Other”.")
            )
        return cleaned


class CaseChoiceField(forms.ModelChoiceField):
    """A man's case, posted by UUID and shown by its reference and his name."""

    def label_from_instance(self, obj):
        return f"{obj.reference}: {obj.full_name}"


class AcceptForm(DecisionForm):
    caseworker = forms.ModelChoiceField(
        queryset=User.objects.none(),
        to_field_name="uuid",
        required=False,
        label=_("Caseworker for his case"),
        help_text=_("Empty: you, if you are a caseworker; otherwise nobody yet."),
    )

    existing = CaseChoiceField(
        queryset=Participant.objects.none(),
        to_field_name="uuid",
        required=False,
        widget=forms.RadioSelect,
        label=_("Attach to his open case (a re-referral)"),
        help_text=_("Choose his case if he is one of the possible matches above."),
        error_messages={"invalid_choice": _("Choose one of the open cases listed.")},
    )
    not_a_duplicate = forms.BooleanField(
        required=False,
        label=_("I have checked the possible matches: none of them is this man."),
    )

    def __init__(self, *args, user: User, matches=(), **kwargs):
        super().__init__(*args, to_status=Referral.Status.ACCEPTED, **kwargs)
        self.fields["caseworker"].queryset = User.objects.visible_to(user).with_role(
            User.Role.CASEWORKER
        )
        # Only an open case takes a re-referral; a closed one is shown, not offered.
        self.matches = list(matches)
        open_cases = [
            m.pk for m in self.matches if m.status != Participant.Status.CLOSED
        ]
        self.fields["existing"].queryset = Participant.objects.filter(pk__in=open_cases)
        if not open_cases:
            del self.fields["existing"]
        if not self.matches:
            del self.fields["not_a_duplicate"]

    def clean(self):
        cleaned = super().clean()
        if (
            self.matches
            and not cleaned.get("existing")
            and not cleaned.get("not_a_duplicate")
        ):
            raise forms.ValidationError(
                _(
                    "Men already on record may be him. Attach the referral to his "
                    "open case, or tick that none of them is him."
                ),
                code="possible_duplicate",
            )
        return cleaned


# Letters to referrers ---------------------------------------------------------


class ReferrerLetterForm(forms.ModelForm):
    """A drafted letter as the worker edits it before sending."""

    class Meta:
        model = ReferrerLetter
        fields = [
            "recipient_name",
            "recipient_email",
            "recipient_address",
            "subject",
            "body",
        ]
        widgets = {
            "recipient_address": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 14}),
        }

    def clean_body(self):
        body = self.cleaned_data.get("body") or ""
        if not body.strip():
            raise forms.ValidationError(_("The letter cannot be empty."))
        return body


class LetterTemplateForm(forms.Form):
    """An organisation's wording for one event: plain text with placeholders."""

    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Letter"), widget=forms.Textarea(attrs={"rows": 14}), max_length=10000
    )

    def clean(self):
        cleaned = super().clean()
        for name in ("subject", "body"):
            for error in placeholders.template_errors(cleaned.get(name) or ""):
                self.add_error(name, error)
        return cleaned
