from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import DateInput
from accounts.models import User
from complaints.models import COMPLAINT_ROLES, Complaint
from participants.models import Participant
from referrals.forms import AgencyChoiceField
from referrals.models import Agency


class ComplaintForm(forms.ModelForm):
    """A complaint or compliment; the man it concerns is named by his case
    reference, so no list of every man is sent to the browser."""

    reference = forms.CharField(
        label=_("Case reference of the man concerned"),
        required=False,
        max_length=40,
        help_text=_("Leave empty if it concerns no one man."),
    )

    class Meta:
        model = Complaint
        fields = [
            "kind",
            "source",
            "about_partner_service",
            "from_name",
            "contact",
            "agency",
            "summary",
            "details",
            "received_on",
            "acknowledged_on",
            "handled_by",
            "responded_on",
            "outcome",
            "learning",
        ]
        widgets = {
            "received_on": DateInput(),
            "acknowledged_on": DateInput(),
            "responded_on": DateInput(),
            "details": forms.Textarea(attrs={"rows": 4}),
            "learning": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["agency"] = AgencyChoiceField(
            Agency.objects.visible_to(user),
            required=False,
            label=_("Agency"),
        )
        if self.instance.agency_id:
            self.initial["agency"] = self.instance.agency.uuid
        self.fields["handled_by"] = forms.ModelChoiceField(
            User.objects.visible_to(user).with_role(*COMPLAINT_ROLES),
            required=False,
            to_field_name="uuid",
            label=_("Handled by"),
            error_messages={"invalid_choice": _("Choose a colleague from the list.")},
        )
        if self.instance.handled_by_id:
            self.initial["handled_by"] = self.instance.handled_by.uuid
        if self.instance.participant_id:
            self.initial["reference"] = self.instance.participant.reference
        if not self.instance.pk and not self.initial.get("received_on"):
            # The instance's empty date would otherwise win over a default.
            self.initial["received_on"] = timezone.localdate()

    def clean_reference(self):
        reference = (self.cleaned_data.get("reference") or "").strip()
        if not reference:
            self.participant = None
            return ""
        self.participant = (
            Participant.objects.visible_to(self.user)
            .filter(reference__iexact=reference)
            .first()
        )
        if self.participant is None:
            raise forms.ValidationError(
                _("No man you may see has this case reference.")
            )
        return reference

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        received = cleaned.get("received_on")
        for name in ("received_on", "acknowledged_on", "responded_on"):
            value = cleaned.get(name)
            if value and value > today:
                self.add_error(name, _("This date cannot be in the future."))
            elif value and received and name != "received_on" and value < received:
                self.add_error(name, _("This date cannot be before it was received."))
        kind = cleaned.get("kind")
        outcome = cleaned.get("outcome")
        if (
            kind == Complaint.Kind.COMPLAINT
            and outcome
            and not cleaned.get("responded_on")
        ):
            self.add_error(
                "responded_on",
                _("Give the date the response was sent with its outcome."),
            )
        if cleaned.get("source") == Complaint.Source.AGENCY and not (
            cleaned.get("agency") or cleaned.get("from_name")
        ):
            self.add_error("agency", _("Say which agency it came from."))
        return cleaned

    def save(self, commit=True):
        self.instance.participant = getattr(self, "participant", None)
        return super().save(commit=commit)


class ComplaintFilter(forms.Form):
    """The list's filters, from the query string; invalid ones answer 400."""

    STATUS_CHOICES = [
        ("", _("Any")),
        ("open", _("Awaiting a response")),
        ("overdue", _("Overdue")),
        ("answered", _("Answered")),
    ]
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Any")), *Complaint.Kind.choices],
        required=False,
    )
    source = forms.ChoiceField(
        label=_("From"),
        choices=[("", _("Any")), *Complaint.Source.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=STATUS_CHOICES, required=False
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("Any")), *Complaint.Outcome.choices[1:]],
        required=False,
    )
    received_from = forms.DateField(
        label=_("Received from"), required=False, widget=DateInput()
    )
    received_to = forms.DateField(
        label=_("Received up to"), required=False, widget=DateInput()
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("received_from"), cleaned.get("received_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The first date must not be after the last."))
        return cleaned

    def filter(self, queryset, today):
        data = self.cleaned_data
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("source"):
            queryset = queryset.filter(source=data["source"])
        if data.get("outcome"):
            queryset = queryset.filter(outcome=data["outcome"])
        status = data.get("status")
        if status == "open":
            queryset = queryset.unanswered()
        elif status == "overdue":
            queryset = queryset.overdue(today)
        elif status == "answered":
            queryset = queryset.complaints().filter(responded_on__isnull=False)
        if data.get("received_from"):
            queryset = queryset.filter(received_on__gte=data["received_from"])
        if data.get("received_to"):
            queryset = queryset.filter(received_on__lte=data["received_to"])
        return queryset
