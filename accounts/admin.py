"""API tokens in the admin: an administrator sees whose tokens are alive and revokes them (delete). Tokens are
not made here: one made by an administrator would stand for a login its user never did."""

from django.contrib import admin

from accounts.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "verified", "created", "expiry"]
    list_filter = ["verified"]
    list_select_related = ["user"]
    search_fields = ["user__username", "name"]
    fields = ["user", "name", "verified", "created", "expiry"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
