from django.contrib import admin

from reports.models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Read-only: documents are made by the task and their hashes are in the audit trail."""

    list_display = (
        "scope",
        "version",
        "kind",
        "status",
        "language",
        "requested_by",
        "requested_at",
        "rendered_at",
    )
    list_filter = ("kind", "status")
    search_fields = ("scope", "sha256")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
