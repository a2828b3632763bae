"""The groups list's filters (django-filter)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from programmes.models import Group, Programme


class GroupFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label=_("Name or venue"))
    programme = django_filters.ModelChoiceFilter(
        queryset=Programme.objects.none(),
        label=_("Programme"),
        empty_label=_("Any programme"),
        to_field_name="uuid",
    )
    # Labelled here: "facilitator" is no field of Group (its field is
    # "facilitators"), so django-filter would label it "[invalid name]".
    facilitator = django_filters.ModelChoiceFilter(
        queryset=User.objects.none(),
        method="filter_facilitator",
        label=_("Facilitator"),
        empty_label=_("Any facilitator"),
        to_field_name="uuid",
    )
    running = django_filters.ChoiceFilter(
        choices=[("running", _("Running")), ("ended", _("Ended"))],
        method="filter_running",
        empty_label=_("Running or ended"),
        label=_("Status"),
    )

    class Meta:
        model = Group
        fields = ["q", "programme", "facilitator", "running"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["programme"].queryset = Programme.objects.visible_to(user)
        self.filters["facilitator"].queryset = User.objects.visible_to(user).with_role(
            User.Role.FACILITATOR
        )

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(venue__icontains=value))

    def filter_facilitator(self, queryset, name, value):
        # A subquery, not a join on the many-to-many: no duplicate rows.
        return queryset.filter(
            pk__in=Group.objects.filter(facilitators=value).values("pk")
        )

    def filter_running(self, queryset, name, value):
        ended = Q(end_date__lt=timezone.localdate())
        return queryset.filter(ended) if value == "ended" else queryset.exclude(ended)
