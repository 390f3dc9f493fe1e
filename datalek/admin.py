from django.contrib import admin

from datalek.models import DeferredTask


@admin.register(DeferredTask)
class DeferredTaskAdmin(admin.ModelAdmin):
    """Read-only: what waits for the broker to come back (beat hands it over by itself)."""

    list_display = ("name", "kwargs", "created_at", "attempts", "last_error")
    readonly_fields = list_display

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
