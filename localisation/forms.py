import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import validate_time_zone
from localisation.models import Terms
from localisation.presets import preset_choices


class TimeZoneForm(forms.Form):
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_(
            "A name from the IANA time zone database, e.g. Europe/Vienna. Every "
            "date of the organisation (today, deadlines, reports) is counted in it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].widget.attrs["list"] = "time-zones"

    @staticmethod
    def known_zones() -> list[str]:
        return sorted(zoneinfo.available_timezones())


class PublicHolidayForm(forms.Form):
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    name = forms.CharField(label=_("Name"), max_length=100)


class TermsForm(forms.ModelForm):
    class Meta:
        model = Terms
        fields = [
            "conference_name",
            "conference_full_name",
            "child_protection_agency",
            "protection_order",
        ]


class PresetForm(forms.Form):
    country = forms.ChoiceField(
        label=_("Country"),
        choices=preset_choices,
        error_messages={"invalid_choice": _("There is no preset for that country.")},
    )


class ListEntryForm(forms.Form):
    label = forms.CharField(label=_("Name"), max_length=120)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Every language"))]
        + [(code[:2], name) for code, name in settings.LANGUAGES],
        error_messages={
            "invalid_choice": _("“%(value)s” is not a language of this service.")
        },
    )
