from django.contrib import admin

from incidents.admin import ReadOnlyAdmin
from people.models import AffectedSubject


@admin.register(AffectedSubject)
class AffectedSubjectAdmin(ReadOnlyAdmin):
    """Personal data: visible to operators for support, never editable here."""

    list_display = ["incident", "language", "created_at"]
