from django.contrib import admin

from incidents.admin import ReadOnlyAdmin
from processors.models import DpaTerms, WrittenInstruction


@admin.register(DpaTerms)
class DpaTermsAdmin(ReadOnlyAdmin):
    """Kept by the DPO on the client's page, where changes are checked."""

    list_display = ["client", "alert_hours"]


@admin.register(WrittenInstruction)
class WrittenInstructionAdmin(ReadOnlyAdmin):
    """Recorded and revoked through the application, which audits both."""

    list_display = ["incident", "client", "recorded_at", "revoked_at"]
