from itertools import groupby

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.forms import DateInput
from accounts.models import User
from accounts.widgets import InlineRadioSelect, LongSelect, PlainHiddenInput
from participants import lifecycle
from programmes.models import (
    OUTCOME_STATUS,
    Attendance,
    Enrolment,
    ExitReport,
    Group,
    Module,
    Programme,
    Session,
)


class ModulesByProgrammeIterator(forms.models.ModelChoiceIterator):
    """Options grouped under their programme's name: two programmes' modules
    share numbers and often titles (issue 14, item 14)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        modules = self.queryset.select_related("programme").order_by(
            "programme__name", "programme_id", "order"
        )
        for programme, group in groupby(modules, key=lambda m: m.programme):
            yield (programme.name, [self.choice(module) for module in group])


class ModuleChoiceField(forms.ModelChoiceField):
    iterator = ModulesByProgrammeIterator


DATE_WIDGET = DateInput()
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _facilitators(user):
    return User.objects.visible_to(user).with_role(User.Role.FACILITATOR)


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "delivery",
            "planned_sessions",
            "minimum_attendance_percent",
            "duration_weeks",
            "description",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "name": gettext_lazy("Name"),
            "delivery": gettext_lazy("Delivery"),
            "planned_sessions": gettext_lazy("Planned sessions"),
            "minimum_attendance_percent": gettext_lazy("Minimum attendance (%)"),
            "duration_weeks": gettext_lazy("Duration (weeks)"),
            "description": gettext_lazy("Description"),
            "is_active": gettext_lazy("Active"),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_minimum_attendance_percent(self):
        value = self.cleaned_data["minimum_attendance_percent"]
        if value > 100:
            raise forms.ValidationError(_("A percentage is at most 100."))
        return value

    def clean_name(self):
        name = self.cleaned_data["name"]
        clash = Programme.objects.filter(organisation=self.organisation, name=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("A programme of this name exists already."))
        return name


class ModuleForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = ["order", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "order": gettext_lazy("Order"),
            "title": gettext_lazy("Title"),
            "description": gettext_lazy("Description"),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme

    def clean_order(self):
        order = self.cleaned_data["order"]
        clash = Module.objects.filter(programme=self.programme, order=order)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("Another module has this place in the order.")
            )
        return order


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = [
            "programme",
            "name",
            "kind",
            "facilitators",
            "weekday",
            "start_time",
            "duration_minutes",
            "venue",
            "capacity",
            "start_date",
            "end_date",
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "start_time": TIME_WIDGET,
            "facilitators": forms.CheckboxSelectMultiple,
        }
        labels = {
            "programme": gettext_lazy("Programme"),
            "name": gettext_lazy("Name"),
            "kind": gettext_lazy("Kind"),
            "facilitators": gettext_lazy("Facilitators"),
            "weekday": gettext_lazy("Weekday"),
            "start_time": gettext_lazy("Start time"),
            "duration_minutes": gettext_lazy("Duration (minutes)"),
            "venue": gettext_lazy("Venue"),
            "capacity": gettext_lazy("Capacity"),
            "start_date": gettext_lazy("Start date"),
            "end_date": gettext_lazy("End date"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.visible_to(user)
        self.fields["facilitators"].queryset = _facilitators(user)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The group cannot end before it starts."))
        return data


class GenerateSessionsForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), widget=DATE_WIDGET)
    end = forms.DateField(label=gettext_lazy("Until"), widget=DATE_WIDGET)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date must be after the start date."))
        return data


class OneToOneSessionForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Date"), widget=DATE_WIDGET)
    start_time = forms.TimeField(label=gettext_lazy("Start time"), widget=TIME_WIDGET)
    facilitators = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Facilitators"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    module = ModuleChoiceField(
        label=gettext_lazy("Module"), queryset=Module.objects.none(), required=False
    )
    book_anyway = forms.BooleanField(
        required=False,
        label=gettext_lazy("Book it even if a worker has another session at that time"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = User.objects.visible_to(user).with_role(
            User.Role.FACILITATOR, User.Role.CASEWORKER
        )
        self.fields["module"].queryset = Module.objects.visible_to(user).select_related(
            "programme"
        )


class CancelSessionForm(forms.Form):
    reason = forms.CharField(max_length=200, label=gettext_lazy("Why is it cancelled?"))


class EnrolForm(forms.Form):
    group = forms.ModelChoiceField(
        label=gettext_lazy("Group"), queryset=Group.objects.none(), to_field_name="uuid"
    )
    start_date = forms.DateField(label=gettext_lazy("Start date"), widget=DATE_WIDGET)

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {"start_date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["group"].queryset = (
            Group.objects.visible_to(user)
            .exclude(end_date__lt=today)
            .select_related("programme")
        )
        self.fields["group"].label_from_instance = lambda g: (
            f"{g.name} ({g.programme.name}, {g.get_weekday_display()})"
        )


class EnrolmentEndForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        choices=[("", "---------"), *Enrolment.Outcome.choices],
    )
    reason = forms.ChoiceField(
        label=gettext_lazy("Reason"),
        help_text=gettext_lazy("Reasons are listed under the outcome they belong to."),
    )
    end_date = forms.DateField(label=gettext_lazy("End date"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"end_date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [("", "---------")] + [
            (
                outcome.label,
                [
                    (f"{outcome.value}:{code}", label)
                    for code, label in lifecycle.reasons_for(status)
                ],
            )
            for outcome, status in OUTCOME_STATUS.items()
        ]

    def clean_end_date(self):
        value = self.cleaned_data["end_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The end date cannot be in the future."))
        return value

    def clean(self):
        data = super().clean()
        outcome, reason = data.get("outcome"), data.get("reason")
        if outcome and reason:
            prefix, _colon, code = reason.partition(":")
            if prefix != outcome:
                self.add_error("reason", _("Pick a reason listed under this outcome."))
            else:
                data["reason_code"] = code
        return data


class ExitReportForm(forms.ModelForm):
    class Meta:
        model = ExitReport
        fields = [
            "progress_behaviour",
            "progress_responsibility",
            "progress_children",
            "progress_summary",
            "notify_referrer",
            "notify_partner_support",
            "notify_marac",
        ]
        labels = {
            "notify_referrer": gettext_lazy("Tell the referrer"),
            "notify_partner_support": gettext_lazy("Tell the partner-support worker"),
            "notify_marac": gettext_lazy("Tell the multi-agency risk conference"),
            "progress_summary": gettext_lazy("Progress summary"),
        }
        widgets = {"progress_summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's help text says his level changed; say what really happened.
        report = self.instance
        levels = {
            "intake": report.get_risk_level_at_intake_display(),
            "exit": report.get_risk_level_at_exit_display(),
        }
        self.fields["notify_marac"].help_text = (
            _("His risk level changed from %(intake)s to %(exit)s.") % levels
            if report.risk_changed
            else _("His risk level did not change (%(exit)s).") % levels
        )


PARTICIPATION_CHOICES = [
    ("", gettext_lazy("Not rated")),
    (1, gettext_lazy("1 · withdrawn")),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, gettext_lazy("5 · fully engaged")),
]


# The longest note a register line takes; a longer one is refused, never cut.
NOTE_MAX_LENGTH = 4000


class AttendanceRowForm(forms.Form):
    """One man's line in the session form.

    Every field keeps what the worker saw as a hidden initial value, so a save
    can tell which lines this worker changed when another saved meanwhile.
    """

    participant = forms.UUIDField(widget=PlainHiddenInput)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=Attendance.Status.choices,
        widget=InlineRadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": gettext_lazy("Mark his attendance.")},
        show_hidden_initial=True,
    )
    participation = forms.TypedChoiceField(
        label=gettext_lazy("Participation"),
        choices=PARTICIPATION_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        show_hidden_initial=True,
        widget=LongSelect(attrs={"class": "form-select form-select-sm"}),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        show_hidden_initial=True,
        error_messages={
            "max_length": gettext_lazy(
                "This note is %(show_value)d characters long; the limit is "
                "%(limit_value)d. Nothing was saved or cut: shorten it and save "
                "again."
            )
        },
    )
    concern = forms.BooleanField(
        required=False,
        label=gettext_lazy("This worried me"),
        show_hidden_initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    urgent = forms.BooleanField(
        required=False,
        label=gettext_lazy("Urgent: tell a manager now"),
        show_hidden_initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    ROW_FIELDS = ("status", "participation", "note", "concern", "urgent")

    def __init__(self, *args, allowed: dict, **kwargs):
        super().__init__(*args, **kwargs)
        # uuid -> Participant of the men this session expects.
        self.allowed = allowed
        # Each field writes its hidden initial beside itself (show_hidden_initial).
        for name in self.ROW_FIELDS:
            self.fields[name].hidden_widget = PlainHiddenInput
        # No maxlength in the page: a browser cuts a pasted note there silently;
        # the form refuses a long one with a message instead (issue 14, item 7).
        self.fields["note"].widget.attrs.pop("maxlength", None)

    def clean_participant(self):
        value = self.cleaned_data["participant"]
        if value not in self.allowed:
            raise forms.ValidationError(
                _("This man is not in the group for this date.")
            )
        return value

    def clean(self):
        data = super().clean()
        # An urgent concern is a concern: one tick is enough.
        if data.get("urgent"):
            data["concern"] = True
        if data.get("concern") and not (data.get("note") or "").strip():
            self.add_error("note", _("Say briefly what worried you."))
        return data

    def seen(self) -> dict:
        """The row as the worker saw it when the form was opened."""
        values = {}
        for name in self.ROW_FIELDS:
            field = self.fields[name]
            raw = field.hidden_widget().value_from_datadict(
                self.data, self.files, self.add_initial_prefix(name)
            )
            try:
                values[name] = field.clean(raw) if raw not in (None, "") else None
            except forms.ValidationError:
                values[name] = None
        return {
            "status": values["status"] or "",
            "participation": values["participation"],
            "note": values["note"] or "",
            "concern": bool(values["concern"]),
            "urgent": bool(values["urgent"]),
        }


class BaseAttendanceFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            uuid = form.cleaned_data.get("participant")
            if uuid in seen:
                raise forms.ValidationError(_("A man appears twice in the form."))
            seen.add(uuid)


AttendanceFormSet = forms.formset_factory(
    AttendanceRowForm,
    formset=BaseAttendanceFormSet,
    extra=0,
    max_num=200,
    validate_max=True,
    absolute_max=200,
)


class SessionLogForm(forms.Form):
    """The session's own part of the attendance form."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    module = ModuleChoiceField(
        queryset=Module.objects.none(),
        required=False,
        label=gettext_lazy("Module covered"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        programme_id = session.group.programme_id if session.group else None
        self.fields["module"].queryset = (
            Module.objects.filter(programme_id=programme_id)
            if programme_id
            else Module.objects.filter(organisation_id=session.organisation_id)
        )
