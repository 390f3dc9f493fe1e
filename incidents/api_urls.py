from django.urls import path

from incidents import api

urlpatterns = [
    path("incidents/", api.IncidentListCreateApi.as_view(), name="api-incidents"),
    path("incidents/<int:pk>/", api.IncidentDetailApi.as_view(), name="api-incident"),
    path(
        "incidents/<int:pk>/transitions/",
        api.IncidentTransitionApi.as_view(),
        name="api-incident-transitions",
    ),
    path("incidents/<int:pk>/events/", api.IncidentEventsApi.as_view(), name="api-incident-events"),
    path("incidents/<int:pk>/evidence/", api.EvidenceListCreateApi.as_view(), name="api-incident-evidence"),
    path(
        "incidents/<int:pk>/evidence/<int:evidence_id>/",
        api.EvidenceDownloadApi.as_view(),
        name="api-incident-evidence-download",
    ),
]
