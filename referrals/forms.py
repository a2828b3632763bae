from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import DateInput
from accounts.models import User
from participants.models import Participant
from referrals import placeholders  # letters to referrers
from referrals.models import (
    Agency,
    InformationShare,
    LegalBasis,
    OnwardReferral,
    Referral,
    ReferralDecision,
    ReferrerLetter,  # letters to referrers
)


def _not_in_future(value: date | None, what: str) -> date | None:
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


class SharingBasisMixin:
    """Without recorded consent: a legal basis other than consent and a reason."""

    def clean(self):
        cleaned = super().clean()
        basis = cleaned.get("legal_basis")
        if basis and not cleaned.get("consent_recorded"):
            if basis == LegalBasis.CONSENT:
                self.add_error(
                    "legal_basis",
                    gettext(
                        "Consent is not recorded: choose vital interests, legal "
                        "obligation or public task, or record the consent first."
                    ),
                )
            if not (cleaned.get("reason_without_consent") or "").strip():
                self.add_error(
                    "reason_without_consent",
                    gettext("Say why the information is shared without consent."),
                )
        return cleaned


# Agencies ---------------------------------------------------------------------


class AgencyForm(forms.ModelForm):
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
            "kind": _("Kind"),
            "name": _("Name"),
            "phone": _("Phone"),
            "address": _("Address"),
            "notes": _("Notes"),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

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
        return _not_in_future(self.cleaned_data.get("received_on"), _("date received"))

    def clean_date_of_birth(self):
        return _not_in_future(
            self.cleaned_data.get("date_of_birth"), _("date of birth")
        )

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
        decided_on = _not_in_future(self.cleaned_data["decided_on"], _("decision date"))
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


# Referrals out and information shares -------------------------------------------


class OnwardReferralForm(SharingBasisMixin, forms.ModelForm):
    agency = AgencyChoiceField(label=_("Agency"), queryset=Agency.objects.none())

    class Meta:
        model = OnwardReferral
        fields = [
            "kind",
            "agency",
            "made_on",
            "reason",
            "information_shared",
            "legal_basis",
            "consent_recorded",
            "reason_without_consent",
            "marac_criterion",
            "yes_count",
            "incidents_last_12_months",
            "judgement_narrative",
            "previous_referral_on",
        ]
        widgets = {
            "made_on": DateInput(),
            "previous_referral_on": DateInput(),
            "reason": forms.Textarea(attrs={"rows": 3}),
            "information_shared": forms.Textarea(attrs={"rows": 3}),
            "reason_without_consent": forms.Textarea(attrs={"rows": 2}),
            "judgement_narrative": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "kind": _("Kind"),
            "made_on": _("Made on"),
            "legal_basis": _("Legal basis"),
        }

    MARAC_FIELDS = (
        "marac_criterion",
        "yes_count",
        "incidents_last_12_months",
        "judgement_narrative",
        "previous_referral_on",
    )

    def __init__(self, *args, user: User, about_a_woman: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.about_a_woman = about_a_woman
        kinds = (
            [OnwardReferral.Kind.WOMENS_SERVICE]
            if about_a_woman
            else list(OnwardReferral.KINDS_FOR_MEN)
        )
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]
        agency_kinds = {a for k in kinds for a in OnwardReferral.AGENCY_KINDS[k]}
        self.fields["agency"].queryset = (
            Agency.objects.visible_to(user).active().filter(kind__in=agency_kinds)
        )
        self.fields["legal_basis"].choices = [("", _("Choose a legal basis"))] + list(
            LegalBasis.choices
        )
        self.fields["legal_basis"].error_messages["required"] = _(
            "Choose the legal basis for sharing this information."
        )
        self.fields["made_on"].label = _("Date made")
        self.initial.setdefault("made_on", timezone.localdate())
        if about_a_woman:
            for name in self.MARAC_FIELDS:
                del self.fields[name]

    def clean_made_on(self):
        return _not_in_future(
            self.cleaned_data.get("made_on"), _("date of the referral")
        )

    def clean_previous_referral_on(self):
        return _not_in_future(
            self.cleaned_data.get("previous_referral_on"), _("earlier referral's date")
        )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        agency = cleaned.get("agency")
        if kind and agency and agency.kind not in OnwardReferral.AGENCY_KINDS[kind]:
            self.add_error(
                "agency",
                f"{agency.name} is a {agency.get_kind_display().lower()}; choose an "
                f"agency that takes a {OnwardReferral.Kind(kind).label.lower()} "
                "referral.",
            )
        if kind == OnwardReferral.Kind.MARAC and not cleaned.get("marac_criterion"):
            self.add_error(
                "marac_criterion",
                gettext("Say which criterion for the conference he meets."),
            )
        return cleaned


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("Choose an outcome"))]
        + [c for c in OnwardReferral.Outcome.choices if c[0]],
        error_messages={"required": _("Choose an outcome.")},
    )
    outcome_on = forms.DateField(label=_("Date of the outcome"), widget=DateInput())
    outcome_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Note")
    )

    def __init__(self, *args, onward_referral: OnwardReferral, **kwargs):
        super().__init__(*args, **kwargs)
        self.onward_referral = onward_referral
        self.initial.setdefault("outcome_on", timezone.localdate())

    def clean_outcome_on(self):
        on = _not_in_future(self.cleaned_data["outcome_on"], _("outcome date"))
        if on < self.onward_referral.made_on:
            raise forms.ValidationError(
                gettext("The outcome cannot come before the referral was made.")
            )
        return on


class InformationShareForm(SharingBasisMixin, forms.ModelForm):
    agency = AgencyChoiceField(queryset=Agency.objects.none(), label=_("Shared with"))

    class Meta:
        model = InformationShare
        fields = [
            "agency",
            "shared_on",
            "what_shared",
            "legal_basis",
            "consent_recorded",
            "reason_without_consent",
        ]
        widgets = {
            "shared_on": DateInput(),
            "what_shared": forms.Textarea(attrs={"rows": 4}),
            "reason_without_consent": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "shared_on": _("Shared on"),
            "legal_basis": _("Legal basis"),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.visible_to(user).active()
        self.fields["legal_basis"].choices = [("", _("Choose a legal basis"))] + list(
            LegalBasis.choices
        )
        self.fields["shared_on"].label = _("Date shared")
        self.initial.setdefault("shared_on", timezone.localdate())

    def clean_shared_on(self):
        return _not_in_future(self.cleaned_data.get("shared_on"), _("date shared"))


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
