"""Forms of the risk app. Bad input is a form error (400), never a 500."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import DateInput
from accounts.roles import FIREWALL_ROLES
from localisation import lists
from participants.models import Participant, RiskLevel
from risk.models import Answer, RiskAssessment, RiskEvent, RiskNote, Visibility
from risk.models.assessments import LEVEL_RANK
from risk.models.instruments import Thresholds
from risk.models.records import NOTE_CATEGORIES  # lists

EARLIEST = date(2000, 1, 1)
SCHEDULE_AHEAD = timedelta(days=366)


class AssessmentForm(forms.Form):
    """Every item of the instrument answered, with sources and judgement."""

    assessed_on = forms.DateField(label=_("Date of the assessment"), widget=DateInput())
    sources = forms.MultipleChoiceField(
        label=_("Sources of information"),
        choices=RiskAssessment.Source.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    judgement_level = forms.ChoiceField(
        label=_("Professional judgement (optional)"),
        choices=[
            ("", _("Agree with the computed level")),
            (RiskLevel.MEDIUM.value, _("Raise to medium")),
            (RiskLevel.HIGH.value, _("Raise to high")),
        ],
        required=False,
        help_text=_("Judgement may raise the computed level, never lower it."),
    )
    judgement_reason = forms.CharField(
        label=_("Reason for your judgement"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, items, thresholds: Thresholds, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        self.thresholds = thresholds
        self.fields["assessed_on"].initial = timezone.localdate()
        for item in items:
            self.fields[f"answer_{item.pk}"] = forms.ChoiceField(
                label=f"{item.order}. {item.text_in()}",  # lists/country: her language
                choices=Answer.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": gettext("Answer this item (yes, no or don't know).")
                },
            )
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=gettext("Comment on item %(number)s") % {"number": item.order},
                required=False,
                max_length=2000,
            )

    def item_rows(self):
        """(item, answer field, comment field) for the template's item table."""
        return [
            (item, self[f"answer_{item.pk}"], self[f"comment_{item.pk}"])
            for item in self.items
        ]

    def clean_assessed_on(self):
        value = self.cleaned_data["assessed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(
                gettext("An assessment cannot be dated in the future.")
            )
        if value < EARLIEST:
            raise forms.ValidationError(gettext("That date is too far in the past."))
        return value

    def clean(self):
        data = super().clean()
        level, reason = data.get("judgement_level"), data.get("judgement_reason", "")
        if level and not reason.strip():
            self.add_error(
                "judgement_reason",
                gettext("Give the reason for your professional judgement."),
            )
        if level and all(f"answer_{i.pk}" in data for i in self.items):
            score = sum(
                i.weight for i in self.items if data[f"answer_{i.pk}"] == Answer.YES
            )
            computed = self.thresholds.level_for(score)
            if LEVEL_RANK[level] < LEVEL_RANK[computed]:
                self.add_error(
                    "judgement_level",
                    gettext(
                        "The answers give %(level)s risk; judgement may raise it, "
                        "never lower it."
                    )
                    % {"level": RiskLevel(computed).label.lower()},
                )
        return data

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            item.pk: (
                self.cleaned_data[f"answer_{item.pk}"],
                self.cleaned_data.get(f"comment_{item.pk}", ""),
            )
            for item in self.items
        }


class RiskNoteForm(forms.ModelForm):
    """A short observation; the session it came from, when written at one."""

    session = forms.ModelChoiceField(
        queryset=None,
        to_field_name="uuid",
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("That session is not one of his.")},
    )

    class Meta:
        model = RiskNote
        fields = ["severity", "category", "visibility", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        labels = {
            "text": _("What you noticed"),
            "visibility": _("Who may read it"),
            "severity": _("Severity"),
            "category": _("Category"),
        }

    def __init__(self, *args, user, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["category"] = note_category_field(user.organisation_id)  # lists
        if user.role not in FIREWALL_ROLES:
            # A note outside the firewall's reach would be unreadable by its author.
            self.fields["visibility"].choices = [
                (Visibility.PROGRAMME, Visibility.PROGRAMME.label)
            ]
        self.fields["visibility"].initial = Visibility.PROGRAMME


def note_category_field(organisation_id: int) -> forms.ChoiceField:
    """The organisation's note categories (lists), its retired ones left out."""
    return forms.ChoiceField(
        label=_("Category"),
        choices=lists.choices(organisation_id, NOTE_CATEGORIES),
        error_messages={
            "invalid_choice": _("Choose one of the categories in the list.")
        },
    )


class ShareFromContactForm(forms.Form):
    """A partner-support worker's sanitised account of a contact, for the programme."""

    participant = forms.ModelChoiceField(
        label=_("About which man"),
        queryset=Participant.objects.none(),
        to_field_name="uuid",
        error_messages={"invalid_choice": _("Choose one of the men linked to her.")},
    )
    severity = forms.ChoiceField(label=_("Severity"), choices=RiskNote.Severity.choices)
    category = forms.ChoiceField(
        label=_("Category"), initial=RiskNote.Category.PARTNER_SIGNAL
    )  # lists
    text = forms.CharField(
        label=_("What the programme should know, in your words"),
        help_text=_(
            "Write it so it cannot identify her or repeat what she said, "
            "unless she consented to that."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    attribute_to_her = forms.BooleanField(
        label=_("Say that it came from her (she consented)"), required=False
    )
    include_her_words = forms.BooleanField(
        label=_("Include what she disclosed, in her words (she consented)"),
        required=False,
    )

    def __init__(self, *args, men, consent_in_force: bool, contact_man=None, **kwargs):
        super().__init__(*args, **kwargs)
        men = list(men)
        if men:  # lists: the organisation's note categories
            self.fields["category"].choices = lists.choices(
                men[0].organisation_id, NOTE_CATEGORIES
            )
        self.fields["participant"].queryset = Participant.objects.filter(
            pk__in=[m.pk for m in men]
        )
        self.fields["participant"].label_from_instance = lambda m: (
            f"{m.full_name} ({m.reference})"
        )
        self.consent_in_force = consent_in_force
        if not consent_in_force:
            del self.fields["attribute_to_her"]
            del self.fields["include_her_words"]
        # His name chosen for her: the man the contact is about, or her only one.
        chosen = contact_man if contact_man in men else None
        if chosen is None and len(men) == 1:
            chosen = men[0]
            self.fields["participant"].empty_label = None
        if chosen is not None:
            self.initial["participant"] = chosen.uuid

    def clean(self):
        data = super().clean()
        if not self.consent_in_force and (
            self.data.get("attribute_to_her") or self.data.get("include_her_words")
        ):
            raise forms.ValidationError(
                gettext(
                    "She has no consent to share with the programme in force: her "
                    "identity and words stay with partner support."
                )
            )
        return data


class RiskEventForm(forms.ModelForm):
    """A risk event a worker knows of; dated when it happened (or will)."""

    class Meta:
        model = RiskEvent
        fields = ["kind", "occurred_on", "summary"]
        widgets = {"occurred_on": DateInput()}
        labels = {
            "occurred_on": _("Date"),
            "summary": _("Short description"),
            "kind": _("Kind"),
        }
        help_texts = {
            "occurred_on": _("For a hearing or a release, the date it will happen."),
            "summary": _("No partner's details or words here."),
        }

    def __init__(self, *args, participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant = participant
        self.fields["kind"].choices = [
            (k.value, k.label) for k in RiskEvent.Kind if k in RiskEvent.PERSON_KINDS
        ]

    def clean(self):
        data = super().clean()
        kind, on = data.get("kind"), data.get("occurred_on")
        if not (kind and on):
            return data
        today = timezone.localdate()
        if kind in RiskEvent.SCHEDULED_KINDS:
            if on > today + SCHEDULE_AHEAD:
                self.add_error(
                    "occurred_on", gettext("That is more than a year ahead.")
                )
        elif on > today:
            self.add_error(
                "occurred_on",
                gettext("This kind of event cannot be dated in the future."),
            )
        born = self.participant.date_of_birth
        if on < EARLIEST or (born and on < born):
            self.add_error(
                "occurred_on", gettext("That date is impossible for his case.")
            )
        return data


class AlertResolveForm(forms.Form):
    note = forms.CharField(
        label=_("How it was dealt with"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class AlertFilterForm(forms.Form):
    """The alerts inbox's filters: what happened, about whom, and how long ago."""

    AGES = {
        "day": (None, timedelta(days=1)),
        "week": (timedelta(days=1), timedelta(days=7)),
        "older": (timedelta(days=7), None),
    }

    # Styled selects take the column's width: a plain one is as wide as its
    # longest kind, wider than a phone.
    kind = forms.ChoiceField(
        label=_("What"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    man = forms.CharField(
        label=_("His case reference"),
        required=False,
        max_length=20,
        widget=forms.TextInput(
            attrs={"size": 12, "class": "form-control form-control-sm"}
        ),
    )
    age = forms.ChoiceField(
        label=_("Raised"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        choices=[
            ("", _("Any time")),
            ("day", _("In the last 24 hours")),
            ("week", _("1 to 7 days ago")),
            ("older", _("Over 7 days ago")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any kind"))] + list(
            RiskEvent.Kind.choices
        )

    def filter(self, alerts, *, now):
        """The alerts that pass the filters (call after is_valid())."""
        data = self.cleaned_data
        if data.get("kind"):
            alerts = alerts.filter(event__kind=data["kind"])
        if data.get("man", "").strip():
            alerts = alerts.filter(
                event__participant__reference__iexact=data["man"].strip()
            )
        if data.get("age"):
            newer_than, older_than = self.AGES[data["age"]]
            if newer_than is not None:
                alerts = alerts.filter(created_at__lte=now - newer_than)
            if older_than is not None:
                alerts = alerts.filter(created_at__gt=now - older_than)
        return alerts


class AcknowledgeAlertsForm(forms.Form):
    """Several of the user's own alerts, by UUID, taken on at once."""

    alert = forms.TypedMultipleChoiceField(
        label=_("Alert"),
        coerce=str,
        error_messages={
            "required": _("Tick the alerts to acknowledge."),
            "invalid_choice": _("Tick only your own alerts that wait for you."),
        },
    )

    def __init__(self, *args, alerts, **kwargs):
        super().__init__(*args, **kwargs)
        self.alerts = alerts
        self.fields["alert"].choices = [
            (str(uuid), str(uuid)) for uuid in alerts.values_list("uuid", flat=True)
        ]


class RiskSettingsForm(forms.Form):
    """A manager's thresholds, review intervals and monitoring rules."""

    medium_from = forms.IntegerField(
        label=_("Medium risk from (yes answers)"), min_value=1, max_value=100
    )
    high_from = forms.IntegerField(
        label=_("High risk from (yes answers)"), min_value=2, max_value=100
    )
    marac_threshold = forms.IntegerField(
        # Relabelled with the organisation's own name of the conference (the view).
        label=_("Referral to the multi-agency risk conference from (yes answers)"),
        min_value=1,
        max_value=100,
    )
    escalation_incidents = forms.IntegerField(
        label=_("Incidents in twelve months that count as escalation"),
        min_value=1,
        max_value=50,
    )
    # country: the conference's windows; empty is twelve months.
    escalation_window_days = forms.IntegerField(  # country
        label=_("Escalation counts the incidents of the last (days)"),
        min_value=1,
        max_value=730,
        required=False,
    )
    repeat_window_days = forms.IntegerField(  # country
        label=_("A new incident this soon after a referral is a repeat (days)"),
        min_value=1,
        max_value=730,
        required=False,
    )

    def clean_escalation_window_days(self):  # country
        return self.cleaned_data["escalation_window_days"] or 365  # country

    def clean_repeat_window_days(self):  # country
        return self.cleaned_data["repeat_window_days"] or 365  # country

    review_weeks_high = forms.IntegerField(
        label=_("Review a high-risk assessment every (weeks)"),
        min_value=1,
        max_value=52,
    )
    review_weeks_medium = forms.IntegerField(
        label=_("Review a medium-risk assessment every (weeks)"),
        min_value=1,
        max_value=52,
    )
    review_weeks_standard = forms.IntegerField(
        label=_("Review a standard-risk assessment every (weeks)"),
        min_value=1,
        max_value=52,
    )
    monitoring_days = forms.IntegerField(
        label=_("Length of a period of increased risk (days)"),
        min_value=7,
        max_value=730,
    )
    monitoring_event_kinds = forms.MultipleChoiceField(
        label=_("Events that open a period of increased risk"),
        choices=[
            (k.value, k.label) for k in RiskEvent.Kind if k in RiskEvent.PERSON_KINDS
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("A pregnancy or birth always opens an eighteen-month period."),
    )
    monitoring_contact_days = forms.IntegerField(
        label=_("In a period: partner contact attempt at least every (days)"),
        min_value=1,
        max_value=60,
    )
    monitoring_review_days = forms.IntegerField(
        label=_("In a period: review the assessment within (days)"),
        min_value=1,
        max_value=90,
    )
    warning_days = forms.IntegerField(
        label=_("Warn of hearings, releases and expiring consents (days ahead)"),
        min_value=1,
        max_value=90,
    )

    def clean(self):
        data = super().clean()
        medium, high = data.get("medium_from"), data.get("high_from")
        if medium and high and high <= medium:
            self.add_error("high_from", gettext("High must start above medium."))
        return data
