"""Forms of her contacts: one contact or attempt, and a version of her safety plan.

Both are behind the information firewall, like the records they write
(`partner_contact.models.contacts`).
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import DateInput
from localisation import lists  # TOLD_HER, CONTACT_OUTCOMES
from partner_contact.forms import DateTimeInput
from partner_contact.models import (
    SAFETY_PLAN_SECTIONS,  # her_case
    Channel,
    Partner,
    PartnerContact,
    Relationship,
)
from partner_contact.models.contacts import CONTACT_OUTCOMES, TOLD_HER

# The longest text a safety plan section takes (her_case).
SECTION_MAX = 5000


class ContactForm(forms.Form):
    """One contact or attempt, on one form."""

    occurred_at = forms.DateTimeField(
        label=_("When"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"]
    )
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=PartnerContact.Direction.choices,
        initial=PartnerContact.Direction.OUTBOUND,
        widget=forms.RadioSelect,
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        error_messages={"invalid_choice": _("Choose one of the outcomes in the list.")},
    )  # CONTACT_OUTCOMES: the organisation's list, set in __init__
    # Read only for an outcome the organisation added to its list: a shipped
    # outcome says of itself whether she was reached.
    contact_made = forms.BooleanField(
        required=False,
        label=_("She was reached (for an outcome your organisation added)"),
    )
    relationship = forms.ModelChoiceField(
        queryset=Relationship.objects.none(),
        required=False,
        label=_("About his case"),
        empty_label=_("(her support in general)"),
    )
    safety_check_done = forms.BooleanField(
        required=False, label=_("Safety check done (“is it safe to talk now?”)")
    )
    told_her = forms.MultipleChoiceField(
        choices=PartnerContact.ToldHer.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("What she was told"),
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Summary")
    )
    disclosure = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=_("What she disclosed"),
    )
    disclosure_may_share = forms.BooleanField(
        required=False, label=_("What she disclosed may be shared with the programme")
    )
    consent_basis = forms.ChoiceField(
        label=_("Consent basis"),
        choices=PartnerContact.ConsentBasis.choices,
        required=False,
    )
    risk_events = forms.MultipleChoiceField(
        choices=PartnerContact.RiskEventKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("New risk events"),
    )
    separation_on = forms.DateField(
        required=False,
        widget=DateInput(),
        label=_("Date of the separation (if ticked)"),
    )
    separation_announced = forms.BooleanField(
        required=False, label=_("Separation only announced, not yet happened")
    )
    safety_planning_done = forms.BooleanField(
        label=_("Safety planning done"), required=False
    )
    referrals_made = forms.MultipleChoiceField(
        label=_("Referrals made"),
        choices=PartnerContact.Referral.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    next_contact_due = forms.DateField(
        label=_("Next contact due"), required=False, widget=DateInput()
    )
    confirm_unsafe = forms.BooleanField(
        required=False,
        label=_("I know this is outside her safe times or ways, and it was necessary"),
    )

    def __init__(self, *args, partner: Partner, today, share_consent: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner = partner
        self.today = today
        self.share_consent = share_consent
        self.warnings: list[str] = []
        self.fields["told_her"].choices = lists.choices(  # TOLD_HER
            partner.organisation_id, TOLD_HER
        )
        outcomes = lists.choices(partner.organisation_id, CONTACT_OUTCOMES)
        self.fields["outcome"].choices = outcomes
        if all(code in PartnerContact.Outcome.values for code, _label in outcomes):
            # Nothing for the worker to say: the field stays, hidden and unticked.
            self.fields["contact_made"].widget = forms.HiddenInput()
        relationships = partner.relationships.select_related("participant")
        self.fields["relationship"].queryset = relationships
        self.fields["relationship"].label_from_instance = lambda r: (
            gettext("%(kind)s of %(reference)s")
            % {"kind": r.get_kind_display(), "reference": r.participant.reference}
        )
        if len(relationships) == 1:
            self.fields["relationship"].initial = relationships[0].pk

    def clean_occurred_at(self):
        occurred_at = self.cleaned_data["occurred_at"]
        # A minute of grace for clocks that differ between tablet and server.
        if occurred_at > timezone.now() + timezone.timedelta(minutes=1):
            raise forms.ValidationError(gettext("A contact cannot be in the future."))
        return min(occurred_at, timezone.now())

    def clean_next_contact_due(self):
        due = self.cleaned_data["next_contact_due"]
        if due and due < self.today:
            raise forms.ValidationError(
                gettext("The next contact cannot be due in the past.")
            )
        return due

    def clean_separation_on(self):
        on = self.cleaned_data["separation_on"]
        if on and on > self.today:
            raise forms.ValidationError(
                gettext(
                    "The date cannot be in the future (for an announcement, the day "
                    "it was announced)."
                )
            )
        return on

    def clean(self):
        data = super().clean()
        direction = data.get("direction")
        if self.partner.do_not_contact and direction != "inbound":
            raise forms.ValidationError(
                gettext(
                    "She is marked “do not contact”. Only a contact she started "
                    "(inbound) may be logged; change her record first if that changed."
                )
            )
        if data.get("disclosure_may_share"):
            basis = data.get("consent_basis")
            if not basis:
                self.add_error(
                    "consent_basis", gettext("Say on which basis it may be shared.")
                )
            elif basis == "consent" and not self.share_consent:
                self.add_error(
                    "consent_basis",
                    gettext(
                        "She has no consent to share with the programme in force; "
                        "record her consent first or choose another basis."
                    ),
                )
            if not (data.get("disclosure") or "").strip():
                self.add_error("disclosure", gettext("Write what she disclosed."))
        if "separation" in data.get("risk_events", []) and not data.get("relationship"):
            self.add_error(
                "relationship",
                gettext("Choose which relationship the separation is about."),
            )
        occurred_at, channel = data.get("occurred_at"), data.get("channel")
        if direction == "outbound" and occurred_at and channel:
            if not self.partner.is_safe_time(occurred_at):
                self.warnings.append(
                    gettext("This is outside her safe times (%(times)s).")
                    % {"times": self.partner.safe_times_display()}
                )
            if not self.partner.allows_channel(channel):
                agreed = {
                    "channel": Channel(channel).label.lower(),
                    "agreed": self.partner.safe_channels_display(),
                }
                self.warnings.append(
                    gettext(
                        "She has not agreed to contact by %(channel)s (agreed: "
                        "%(agreed)s)."
                    )
                    % agreed
                    if self.partner.text_ok
                    else gettext(
                        "She has not agreed to contact by %(channel)s (agreed: "
                        "%(agreed)s; texts are not safe)."
                    )
                    % agreed
                )
            if self.warnings and not data.get("confirm_unsafe"):
                self.add_error(
                    "confirm_unsafe",
                    " ".join(
                        [
                            *self.warnings,
                            gettext("Tick to confirm and save again, or change it."),
                        ]
                    ),
                )
        return data


class SafetyPlanForm(forms.Form):
    """A new version of her safety plan, in sections, each optional (her_case)."""

    safe_contacts = forms.CharField(
        label=_("Safe contacts"),
        required=False,
        max_length=SECTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("People she can call or go to, and how to reach them safely."),
    )
    safe_places = forms.CharField(
        label=_("Safe places and routes"),
        required=False,
        max_length=SECTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    emergency = forms.CharField(
        label=_("What to do in an emergency"),
        required=False,
        max_length=SECTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    children = forms.CharField(
        label=_("The children's safety"),
        required=False,
        max_length=SECTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    digital = forms.CharField(
        label=_("Digital and phone safety"),
        required=False,
        max_length=SECTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    money_documents = forms.CharField(
        label=_("Money and documents"),
        required=False,
        max_length=SECTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    plan = forms.CharField(
        label=_("Other notes"),
        required=False,
        max_length=SECTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    review_on = forms.DateField(
        widget=DateInput(), label=_("Review date"), required=False
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_review_on(self):
        review_on = self.cleaned_data["review_on"]
        if review_on and review_on < self.today:  # her_case: optional
            raise forms.ValidationError(_("The review date cannot be in the past."))
        return review_on

    def clean(self):
        """At least one section written (her_case)."""
        cleaned = super().clean()
        sections = [n for n in SAFETY_PLAN_SECTIONS if (cleaned.get(n) or "").strip()]
        if not sections and not self.errors:
            raise forms.ValidationError(_("Write at least one section of the plan."))
        return cleaned
