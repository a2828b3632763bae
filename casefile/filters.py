"""The filters of the men's list: his own fields and his current places.

On the top floor because a man's programme and group are programmes' records
(docs/decisions/0006-layers.md).
"""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.widgets import LongSelect
from participants.models import Participant
from programmes.models import Enrolment, Group, Programme


class ParticipantFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label=_("Name or reference"))
    status = django_filters.ChoiceFilter(
        choices=Participant.Status.choices,
        label=_("Status"),
        empty_label=_("Any status"),
    )
    programme = django_filters.ModelChoiceFilter(
        queryset=None,
        method="filter_programme",
        label=_("Programme"),
        empty_label=_("Any programme"),
        to_field_name="uuid",
        widget=LongSelect,
    )
    group = django_filters.ModelChoiceFilter(
        queryset=None,
        method="filter_group",
        label=_("Group"),
        empty_label=_("Any group"),
        to_field_name="uuid",
        widget=LongSelect,
    )
    caseworker = django_filters.ModelChoiceFilter(
        queryset=None,
        label=_("Caseworker"),
        empty_label=_("Any caseworker"),
        to_field_name="uuid",
        widget=LongSelect,
    )

    class Meta:
        model = Participant
        fields = ["q", "status", "programme", "group", "caseworker"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what an option shows: its value and its name.
        self.filters["programme"].queryset = Programme.objects.visible_to(user).only(
            "uuid", "name"
        )
        self.filters["group"].queryset = Group.objects.visible_to(user).only(
            "uuid", "name"
        )
        self.filters["caseworker"].queryset = (
            User.objects.visible_to(user)
            .with_role(User.Role.CASEWORKER)
            .only("uuid", "username", "first_name", "last_name")
        )

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def _current_place(self, **lookups):
        return Exists(
            Enrolment.objects.current().filter(participant=OuterRef("pk"), **lookups)
        )

    def filter_programme(self, queryset, name, value):
        # Exists, not a join: a man in two groups must not be listed twice.
        return queryset.filter(self._current_place(group__programme=value))

    def filter_group(self, queryset, name, value):
        return queryset.filter(self._current_place(group=value))
