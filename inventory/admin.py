"""Read-only admin for operators: the inventory changes only through the application (the DPO's pages, the
API, the import), which checks every record and keeps the change log."""

from django.contrib import admin

from incidents.admin import ReadOnlyAdmin
from inventory.models import (
    IncidentFactProvenance,
    IncidentSystem,
    InventoryChange,
    ProcessingActivity,
    Processor,
    System,
)


@admin.register(System)
class SystemAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "country", "encryption", "hashing", "backup", "archived_at"]
    list_filter = ["organisation", "encryption", "backup"]
    search_fields = ["name"]


@admin.register(ProcessingActivity)
class ProcessingActivityAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "legal_basis", "subjects_count", "archived_at"]
    list_filter = ["organisation", "legal_basis"]
    search_fields = ["name"]


@admin.register(Processor)
class ProcessorAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "role", "country", "parent", "archived_at"]
    list_filter = ["organisation", "role", "country"]
    search_fields = ["name"]


@admin.register(InventoryChange)
class InventoryChangeAdmin(ReadOnlyAdmin):
    list_display = ["at", "organisation", "actor", "action", "record_type", "record_name"]
    list_filter = ["organisation", "action", "record_type"]


@admin.register(IncidentSystem)
class IncidentSystemAdmin(ReadOnlyAdmin):
    list_display = ["incident", "system", "added_by", "added_at"]
    list_select_related = ["incident", "system", "added_by"]


@admin.register(IncidentFactProvenance)
class IncidentFactProvenanceAdmin(ReadOnlyAdmin):
    list_display = ["incident", "path", "status", "confirmed_by", "confirmed_at"]
    list_filter = ["status", "path"]
    list_select_related = ["incident", "confirmed_by"]
