"""Filters shared by the incident list page and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from incidents.models import Incident


class IncidentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    # distinct=False: an incident has one status, and DISTINCT would sort every column of a million rows.
    status = django_filters.MultipleChoiceFilter(
        choices=Incident.Status.choices, label=_("Status"), distinct=False
    )
    our_role = django_filters.ChoiceFilter(choices=Incident.OurRole.choices, label=_("Our role"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Past the 72-hour deadline"))
    open = django_filters.BooleanFilter(
        method="filter_open", label=pgettext_lazy("incidents that are not closed", "Open")
    )

    class Meta:
        model = Incident
        fields = ["q", "status", "our_role", "overdue", "open"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(reference__icontains=value) | Q(title__icontains=value))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.overdue()
        return queryset.exclude(id__in=queryset.overdue().values("id"))

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.open() if value else queryset.filter(status=Incident.Status.CLOSED)
