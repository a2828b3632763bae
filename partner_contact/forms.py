import re
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import DateInput
from accounts.models import User
from localisation import lists  # TOLD_HER
from participants.models import Participant
from partner_contact.models import (
    SAFETY_PLAN_SECTIONS,  # her_case
    Channel,
    Consent,
    Partner,
    PartnerContact,
    Relationship,
)
from partner_contact.models.contacts import TOLD_HER

# Digits with optional spaces, dashes, brackets and one leading "+": 7-15 digits.
# The longest text a safety plan section takes (her_case).
SECTION_MAX = 5000
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
        label=_("Outcome"), choices=PartnerContact.Outcome.choices
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
        relationships = partner.relationships.select_related("participant")
        self.fields["relationship"].queryset = relationships
        self.fields["relationship"].label_from_instance = lambda r: (
            f"{r.get_kind_display()} of {r.participant.reference}"
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
                    "This is outside her safe times "
                    f"({self.partner.safe_times_display()})."
                )
            if not self.partner.allows_channel(channel):
                self.warnings.append(
                    f"She has not agreed to contact by "
                    f"{Channel(channel).label.lower()} "
                    f"(agreed: {self.partner.safe_channels_display()}"
                    f"{'; texts are not safe' if not self.partner.text_ok else ''})."
                )
            if self.warnings and not data.get("confirm_unsafe"):
                self.add_error(
                    "confirm_unsafe",
                    " ".join(self.warnings)
                    + " Tick to confirm and save again, or change it.",
                )
        return data


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
