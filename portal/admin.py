from django.contrib import admin

from incidents.admin import ReadOnlyAdmin
from portal.models import Acknowledgement, AlertImport, Question


@admin.register(Acknowledgement)
class AcknowledgementAdmin(ReadOnlyAdmin):
    """Read-only: acknowledgements are given in the portal and audited in the processor's incident."""

    list_display = ["notice", "acknowledged_by", "acknowledged_at"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ["alert", "asked_by", "asked_at", "answered_at"]


@admin.register(AlertImport)
class AlertImportAdmin(ReadOnlyAdmin):
    list_display = ["alert", "organisation", "incident", "imported_by", "imported_at"]
