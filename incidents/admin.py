"""Admin for operators. Incidents, evidence and audit events are read-only here: their changes go through
the application's services, which write the audit trail; events have no update or delete path at all."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from incidents.models import (
    Evidence,
    Incident,
    IncidentEvent,
    IncidentSequence,
    Membership,
    Organisation,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class DatalekUserAdmin(UserAdmin):
    inlines = [MembershipInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "processor"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "slug", "registration_number"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "organisation"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "organisation", "status", "aware_at", "risk_level"]
    list_filter = ["status", "our_role", "organisation"]
    search_fields = ["reference", "title"]
    list_select_related = ["organisation"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "incident", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["incident", "uploaded_by"]
    exclude = ["file"]  # no download link that would bypass the authorised view


@admin.register(IncidentEvent)
class IncidentEventAdmin(ReadOnlyAdmin):
    list_display = ["incident", "sequence", "kind", "actor_label", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["incident"]

    def get_actions(self, request):
        return {}  # not even the bulk "delete selected"


@admin.register(IncidentSequence)
class IncidentSequenceAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "year", "last_number"]
