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
from localisation import lists  # LEGAL_BASES
from referrals.forms import AgencyChoiceField, not_in_future
from referrals.models import (
    LEGAL_BASES,
    Agency,
    InformationShare,
    LegalBasis,
    OnwardReferral,
)


def legal_basis_field() -> forms.ChoiceField:
    """The legal basis, from the organisation's list (choices set per form)."""
    return forms.ChoiceField(
        label=_("Legal basis"),
        error_messages={
            "required": _("Choose the legal basis for sharing this information."),
            "invalid_choice": _("Choose one of the legal bases in the list."),
        },
    )


class SharingBasisMixin:
    """The organisation's legal bases (LEGAL_BASES), its retired ones left out;
    without recorded consent, a basis other than consent and a reason."""

    def offer_legal_bases(self, organisation_id: int) -> None:
        keep = [self.instance.legal_basis] if self.instance.pk else []
        self.fields["legal_basis"].choices = [
            ("", _("Choose a legal basis")),
            *lists.choices(organisation_id, LEGAL_BASES, keep=keep),
        ]

    def clean(self):
        cleaned = super().clean()
        basis = cleaned.get("legal_basis")
        if basis and not cleaned.get("consent_recorded"):
            if basis == LegalBasis.CONSENT:
                self.add_error(
                    "legal_basis",
                    gettext(
                        "Consent is not recorded: choose a legal basis other than "
                        "consent, or record the consent first."
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
    legal_basis = legal_basis_field()

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
        self.fields["agency"].queryset = (
            Agency.objects.visible_to(user)
            .active()
            .filter(OnwardReferral.agencies_for(kinds))
        )
        self.offer_legal_bases(user.organisation_id)
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
        if kind and agency and not OnwardReferral.agency_fits(kind, agency.kind):
            self.add_error(
                "agency",
                gettext(
                    "%(agency)s is listed as “%(agency_kind)s”; choose an agency "
                    "that takes this kind of referral (%(kind)s)."
                )
                % {
                    "agency": agency.name,
                    "agency_kind": agency.get_kind_display(),
                    "kind": OnwardReferral.Kind(kind).label,
                },
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
    legal_basis = legal_basis_field()

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
        self.offer_legal_bases(user.organisation_id)
        self.fields["shared_on"].label = _("Date shared")
        self.initial.setdefault("shared_on", timezone.localdate())

    def clean_shared_on(self):
        return not_in_future(self.cleaned_data.get("shared_on"), _("date shared"))
