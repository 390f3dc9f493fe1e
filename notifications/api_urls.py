from django.urls import path

from notifications import api

urlpatterns = [
    path("incidents/<int:pk>/authorities/", api.AuthoritiesApi.as_view(), name="api-authorities"),
    path("incidents/<int:pk>/notices/", api.IncidentNoticesApi.as_view(), name="api-incident-notices"),
    path("notices/<int:pk>/", api.NoticeApi.as_view(), name="api-notice"),
    path("notices/<int:pk>/file/", api.NoticeFileApi.as_view(), name="api-notice-file"),
    path("notices/<int:pk>/<slug:action>/", api.NoticeActionApi.as_view(), name="api-notice-action"),
    path("organisations/<int:pk>/", api.OrganisationApi.as_view(), name="api-organisation"),
    path(
        "organisations/<int:pk>/establishments/", api.EstablishmentsApi.as_view(), name="api-establishments"
    ),
    path(
        "organisations/<int:pk>/establishments/<str:country>/",
        api.EstablishmentApi.as_view(),
        name="api-establishment",
    ),
]
