from django.contrib import admin

from incidents.admin import ReadOnlyAdmin
from risk.models import RiskAssessment


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(ReadOnlyAdmin):
    """Read-only: assessments change only through the application, which audits every step."""

    list_display = ["incident", "version", "engine_version", "finalised_at", "dpo_risk", "decided_at"]
    list_select_related = ["incident"]
