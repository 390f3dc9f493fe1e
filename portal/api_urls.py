from django.urls import path

from portal import api

urlpatterns = [
    path("alerts/", api.AlertsApi.as_view(), name="api-portal-alerts"),
    path("alerts/<int:pk>/", api.AlertApi.as_view(), name="api-portal-alert"),
    path("alerts/<int:pk>/acknowledge/", api.AcknowledgeApi.as_view(), name="api-portal-acknowledge"),
    path("alerts/<int:pk>/questions/", api.QuestionsApi.as_view(), name="api-portal-questions"),
    path("alerts/<int:pk>/facts/", api.FactsApi.as_view(), name="api-portal-facts"),
    path("alerts/<int:pk>/pdf/<int:phase>/", api.PdfApi.as_view(), name="api-portal-pdf"),
    path("alerts/<int:pk>/import/", api.ImportApi.as_view(), name="api-portal-import"),
    path(
        "team/incidents/<int:pk>/alerts/", api.TeamIncidentAlertsApi.as_view(), name="api-portal-team-alerts"
    ),
    path("team/questions/<int:pk>/answer/", api.TeamAnswerApi.as_view(), name="api-portal-team-answer"),
]
