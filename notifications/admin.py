from django.contrib import admin

from incidents.admin import ReadOnlyAdmin
from notifications.models import (
    AffectedSubject,
    AuthorityDecision,
    Delivery,
    DpaTerms,
    Establishment,
    Notice,
    Reminder,
    WrittenInstruction,
)


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


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["notice", "channel", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["incident", "key", "created_at", "sent_at"]


@admin.register(AuthorityDecision)
class AuthorityDecisionAdmin(ReadOnlyAdmin):
    list_display = ["incident", "overridden", "decided_by", "decided_at"]


@admin.register(AffectedSubject)
class AffectedSubjectAdmin(ReadOnlyAdmin):
    """Personal data: visible to operators for support, never editable here."""

    list_display = ["incident", "language", "created_at"]


@admin.register(DpaTerms)
class DpaTermsAdmin(ReadOnlyAdmin):
    """Kept by the DPO on the client's page, where changes are checked."""

    list_display = ["client", "alert_hours"]


@admin.register(WrittenInstruction)
class WrittenInstructionAdmin(ReadOnlyAdmin):
    """Recorded and revoked through the application, which audits both."""

    list_display = ["incident", "client", "recorded_at", "revoked_at"]
