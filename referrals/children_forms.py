"""A man's onward referral names the children of his case it concerns.

The referral form of a man's case (casefile.views.onward_create) is the shared
OnwardReferralForm with one field more: the children, chosen from his case
file's children. `onward_services.make_onward_referral` checks them again.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from participants.models import Child, Participant
from referrals.onward_forms import OnwardReferralForm


class ManOnwardReferralForm(OnwardReferralForm):
    """An onward referral about a man, naming the children it concerns."""

    children = forms.ModelMultipleChoiceField(
        label=_("Children it concerns"),
        queryset=Child.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A referral to child services names at least one child."),
    )

    def __init__(self, *args, participant: Participant, **kwargs):
        super().__init__(*args, about_a_woman=False, **kwargs)
        self.fields["children"].queryset = Child.objects.filter(participant=participant)
        self.fields["children"].label_from_instance = self.child_label
        self.participant = participant

    @staticmethod
    def child_label(child) -> str:
        return f"{child.name} ({child.birth_year})" if child.birth_year else child.name

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("kind") == "child_services"
            and not cleaned.get("children")
            and self.fields["children"].queryset.exists()
        ):
            self.add_error(
                "children",
                _("Name the children this referral to child services concerns."),
            )
        return cleaned
