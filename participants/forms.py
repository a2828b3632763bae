from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _  # child_orders

from accounts.forms import DateInput
from accounts.models import User
from participants import lifecycle
from participants.models import (  # child_orders
    CaseNote,
    Child,
    ChildOrder,
    Participant,
)

DATE_WIDGET = DateInput()


def _not_in_future(value: date | None, what: str) -> date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(
            gettext("The %(what)s cannot be in the future.") % {"what": what}
        )
    return value


class ParticipantForm(forms.ModelForm):
    """A man's details at intake and later."""

    class Meta:
        model = Participant
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "phone",
            "email",
            "address",
            "language",
            "interpreter_needed",
            "consents_to_partner_contact",
            "consents_to_information_sharing",
            "consent_recorded_on",
            "caseworker",
        ]
        widgets = {
            "date_of_birth": DATE_WIDGET,
            "consent_recorded_on": DATE_WIDGET,
            "address": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "date_of_birth": _("Date of birth"),
            "phone": _("Phone"),
            "email": _("E-mail"),
            "address": _("Address"),
            "language": _("Language"),
            "interpreter_needed": _("Interpreter needed"),
            "consents_to_partner_contact": _("Consents to partner contact"),
            "consents_to_information_sharing": _("Consents to information sharing"),
            "consent_recorded_on": _("Consent recorded on"),
            "caseworker": _("Caseworker"),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = User.objects.visible_to(user).with_role(
            User.Role.CASEWORKER
        )

    def clean_date_of_birth(self):
        value = _not_in_future(
            self.cleaned_data.get("date_of_birth"), _("date of birth")
        )
        if value and value.year < 1900:
            raise forms.ValidationError(gettext("Check the year of birth."))
        return value

    def clean_consent_recorded_on(self):
        return _not_in_future(
            self.cleaned_data.get("consent_recorded_on"), _("consent date")
        )

    def clean(self):
        data = super().clean()
        consents = data.get("consents_to_partner_contact") or data.get(
            "consents_to_information_sharing"
        )
        if consents and not data.get("consent_recorded_on"):
            self.add_error(
                "consent_recorded_on", gettext("Give the date he gave his consent.")
            )
        return data


class IntakeForm(ParticipantForm):
    """Intake: the details, then a look at possible duplicates before creating."""

    not_a_duplicate = forms.BooleanField(
        required=False,
        label=_("I have checked the possible matches: none of them is this man."),
    )


class MoveForm(forms.Form):
    """One lifecycle move: where to, why (from the controlled list), when."""

    to_status = forms.ChoiceField(label=_("Move to"))
    reason = forms.ChoiceField(
        label=_("Reason"),
        help_text=_("Reasons are listed under the status they lead to."),
    )
    effective_on = forms.DateField(label=_("Date of the move"), widget=DATE_WIDGET)
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Note")
    )

    def __init__(self, *args, participant: Participant, **kwargs):
        kwargs.setdefault("initial", {"effective_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.participant = participant
        allowed = [
            s
            for s in Participant.Status
            if s in lifecycle.allowed_moves(participant.status)
        ]
        self.fields["to_status"].choices = [("", "---------")] + [
            (
                s.value,
                gettext("%(status)s (needs a manager)") % {"status": s.label}
                if lifecycle.needs_approval(s)
                else s.label,
            )
            for s in allowed
        ]
        organisation_id = participant.organisation_id  # lifecycle.reasons_for
        self.fields["reason"].choices = [("", "---------")] + [
            (
                s.label,
                [
                    (f"{s.value}:{c}", label)
                    for c, label in lifecycle.reasons_for(s, organisation_id)
                ],
            )
            for s in allowed
        ]

    def clean_effective_on(self):
        return _not_in_future(self.cleaned_data.get("effective_on"), _("date"))

    def clean(self):
        data = super().clean()
        to_status, reason = data.get("to_status"), data.get("reason")
        if to_status and reason:
            status, _colon, code = reason.partition(":")
            if status != to_status:
                self.add_error(
                    "reason",
                    gettext(
                        "This reason belongs to another status: pick one listed "
                        "under %(status)s."
                    )
                    % {"status": Participant.Status(to_status).label},
                )
            else:
                data["reason_code"] = code
        return data


class DecisionForm(forms.Form):
    note = forms.CharField(
        required=False,
        label=_("Note for the record"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ChildForm(forms.ModelForm):
    class Meta:
        model = Child
        fields = [
            "name",
            "birth_year",
            "age",
            "lives_with_participant",
            "protection_status",
            "contact_arrangements",
            # Court orders are records of their own (participants:child_orders).
            "social_worker_agency",
        ]
        labels = {
            "name": _("Initials or first name"),
            "birth_year": _("Birth year"),
            "age": _("Age"),
            "lives_with_participant": _("Lives with participant"),
            "protection_status": _("Protection status"),
            "contact_arrangements": _("Contact arrangements"),
            "social_worker_agency": _("Social worker agency"),
        }
        widgets = {
            "contact_arrangements": forms.Textarea(attrs={"rows": 2}),
        }  # child_orders: no free-text orders

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year and year > timezone.localdate().year:
            raise forms.ValidationError(
                gettext("The birth year cannot be in the future.")
            )
        if year and year < 1950:
            raise forms.ValidationError(gettext("Check the birth year."))
        return year

    def clean_age(self):
        age = self.cleaned_data.get("age")
        if age is not None and age > 40:
            raise forms.ValidationError(gettext("Check the age."))
        return age

    def clean(self):
        data = super().clean()
        if (
            not self.errors
            and data.get("birth_year") is None
            and data.get("age") is None
        ):
            raise forms.ValidationError(gettext("Give the child's age or birth year."))
        return data


class CaseNoteForm(forms.ModelForm):
    # A new one with each blank form; posted again, it names the note it made.
    submission_token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = CaseNote
        fields = ["kind", "occurred_on", "body"]
        labels = {
            "occurred_on": _("Date"),
            "body": _("Note"),
            "kind": _("Kind"),
        }
        widgets = {
            "occurred_on": DATE_WIDGET,
            "body": forms.Textarea(attrs={"rows": 10}),
        }

    def clean_occurred_on(self):
        return _not_in_future(self.cleaned_data.get("occurred_on"), _("date"))


class CaseNoteDraftForm(forms.Form):
    """What autosave sends: anything typed so far, nothing required."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=CaseNote.Kind.choices, required=False
    )
    occurred_on = forms.DateField(label=_("Occurred on"), required=False)
    body = forms.CharField(
        label=_("Body"), required=False, strip=False, max_length=100_000
    )


class ChildOrderForm(forms.ModelForm):
    """A court order or protection plan of a child, with its dates (child_orders)."""

    class Meta:
        model = ChildOrder
        fields = [
            "kind",
            "made_on",
            "expires_on",
            "court_or_agency",
            "reference",
            "next_hearing_on",
            "details",
        ]
        widgets = {
            "made_on": DATE_WIDGET,
            "expires_on": DATE_WIDGET,
            "next_hearing_on": DATE_WIDGET,
            "details": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_made_on(self):
        made_on = self.cleaned_data.get("made_on")
        if made_on and made_on > timezone.localdate():
            raise forms.ValidationError(_("An order cannot be made in the future."))
        return made_on

    def clean(self):
        cleaned = super().clean()
        made_on, expires_on = cleaned.get("made_on"), cleaned.get("expires_on")
        if made_on and expires_on and expires_on < made_on:
            self.add_error(
                "expires_on", _("An order cannot expire before it was made.")
            )
        return cleaned
