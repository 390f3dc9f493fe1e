from django.urls import path

from risk import api

urlpatterns = [
    path("assess/", api.AssessApi.as_view(), name="api-assess"),
    path("incidents/<int:pk>/assessments/", api.AssessmentListCreateApi.as_view(), name="api-assessments"),
    path(
        "incidents/<int:pk>/assessments/finalise/",
        api.AssessmentFinaliseApi.as_view(),
        name="api-assessments-finalise",
    ),
    path(
        "incidents/<int:pk>/assessments/decision/",
        api.AssessmentDecisionApi.as_view(),
        name="api-assessments-decision",
    ),
]
