"""Forms of her own case: a status move, her risk checklist, a child of hers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import DateInput
from participants.models import RiskLevel
from partner_contact import case_lifecycle
from partner_contact.case_lifecycle import PartnerStatus
from partner_contact.models import ChecklistAnswer, ChecklistVersion, Partner

NOTE_MAX = 2000


class PartnerMoveForm(forms.Form):
    """Move her case: the statuses allowed from hers, and a reason from the list
    of the chosen move (checked again by her_case.move_partner)."""

    to_status = forms.ChoiceField(label=_("New status"))
    reason = forms.ChoiceField(label=_("Reason"))
    effective_on = forms.DateField(label=_("Effective on"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the reason is “another reason”."),
    )

    def __init__(self, *args, partner: Partner, today, **kwargs):
        super().__init__(*args, **kwargs)
        moves = case_lifecycle.allowed_moves(partner.status)
        self.fields["to_status"].choices = [(s, PartnerStatus(s).label) for s in moves]
        # Every reason of every allowed move, grouped by move; clean() checks
        # the reason belongs to the move chosen.
        self.fields["reason"].choices = [
            (
                PartnerStatus(s).label,
                [(code, label) for code, label in case_lifecycle.reasons_for(s)],
            )
            for s in moves
        ]
        self.initial.setdefault("effective_on", today)

    def clean(self):
        cleaned = super().clean()
        to_status, reason = cleaned.get("to_status"), cleaned.get("reason")
        if to_status and reason:
            if reason not in dict(case_lifecycle.reasons_for(to_status)):
                self.add_error(
                    "reason",
                    _("That reason is not one for a move to “%(status)s”.")
                    % {"status": PartnerStatus(to_status).label},
                )
            elif (to_status, reason) in case_lifecycle.NOTE_REQUIRED and not (
                cleaned.get("note") or ""
            ).strip():
                self.add_error("note", _("Say in the note why her case is closed."))
        return cleaned


class ChecklistForm(forms.Form):
    """Her checklist: one answer per question, grouped by topic, then her level."""

    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput())
    judgement_level = forms.ChoiceField(
        label=_("Professional judgement: raise her level to"),
        required=False,
        choices=[
            ("", _("No change")),
            (RiskLevel.MEDIUM, RiskLevel.MEDIUM.label),
            (RiskLevel.HIGH, RiskLevel.HIGH.label),
        ],
    )
    judgement_reason = forms.CharField(
        label=_("Why her level is raised"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, version: ChecklistVersion, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.today = today
        self.initial.setdefault("completed_on", today)
        self.questions = list(version.questions.all())
        for question in self.questions:
            self.fields[self.field_name(question)] = forms.ChoiceField(
                label=f"{question.order}. {question.text}",
                choices=ChecklistAnswer.choices,
                initial=ChecklistAnswer.NOT_ASKED,
                widget=forms.RadioSelect,
            )

    @staticmethod
    def field_name(question) -> str:
        return f"q_{question.code}"

    def topics(self) -> list[tuple[str, list]]:
        """(topic label, bound fields) in question order, a group per topic."""
        groups: dict[str, list] = {}
        for question in self.questions:
            label = str(question.get_topic_display())
            groups.setdefault(label, []).append(self[self.field_name(question)])
        return list(groups.items())

    def answers(self) -> dict[str, str]:
        return {
            q.code: self.cleaned_data[self.field_name(q)]
            for q in self.questions
            if self.field_name(q) in self.cleaned_data
        }

    def clean_completed_on(self):
        completed_on = self.cleaned_data["completed_on"]
        if completed_on > self.today:
            raise forms.ValidationError(
                _("A checklist cannot be completed in the future.")
            )
        return completed_on

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("judgement_level")
            and not (cleaned.get("judgement_reason") or "").strip()
        ):
            self.add_error(
                "judgement_reason", _("Give the reason for raising her level.")
            )
        return cleaned


class ChildLinkForm(forms.Form):
    """Which child of the men she is linked to is hers."""

    child = forms.ModelChoiceField(
        label=_("Child"), queryset=None, empty_label=_("Choose a child")
    )

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children
        self.fields["child"].label_from_instance = self.child_label

    @staticmethod
    def child_label(child) -> str:
        born = f", {child.birth_year}" if child.birth_year else ""
        return f"{child.name}{born} ({child.participant.reference})"
