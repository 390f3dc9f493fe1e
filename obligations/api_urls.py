from django.urls import path

from obligations import api

urlpatterns = [
    path("incidents/<int:pk>/obligations/", api.ObligationsApi.as_view(), name="api-incident-obligations"),
    path(
        "incidents/<int:pk>/obligations/answers/",
        api.RegimeAnswersApi.as_view(),
        name="api-incident-regime-answers",
    ),
    path("organisations/<int:pk>/regimes/", api.RegimeProfileApi.as_view(), name="api-organisation-regimes"),
    path(
        "obligation-reports/<int:pk>/steps/", api.ReportStepApi.as_view(), name="api-obligation-report-steps"
    ),
]
