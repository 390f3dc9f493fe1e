from django.contrib import admin

from incidents.admin import ReadOnlyAdmin
from notifications.models import AuthorityDecision, Establishment, Notice


@admin.register(Establishment)
class EstablishmentAdmin(admin.ModelAdmin):
    list_display = ["organisation", "country", "is_main"]
    list_filter = ["is_main"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    """Read-only: notices change through the application's approval road, which audits every step."""

    list_display = ["incident", "kind", "phase", "authority", "status", "approved_at", "filed_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["incident"]


@admin.register(AuthorityDecision)
class AuthorityDecisionAdmin(ReadOnlyAdmin):
    list_display = ["incident", "overridden", "decided_by", "decided_at"]
