"""Forms of what leaves the programme: onward referrals, their outcomes, and
information shared with another agency.

Each share names its legal basis; without recorded consent, a basis other than
consent and a reason (SharingBasisMixin).
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import DateInput
from accounts.models import User
from referrals.forms import AgencyChoiceField, not_in_future
from referrals.models import Agency, InformationShare, LegalBasis, OnwardReferral


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
        return not_in_future(
            self.cleaned_data.get("made_on"), _("date of the referral")
        )

    def clean_previous_referral_on(self):
        return not_in_future(
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
        on = not_in_future(self.cleaned_data["outcome_on"], _("outcome date"))
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
        return not_in_future(self.cleaned_data.get("shared_on"), _("date shared"))
