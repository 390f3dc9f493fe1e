from django.urls import path

from notifications import api

urlpatterns = [
    path("incidents/<int:pk>/authorities/", api.AuthoritiesApi.as_view(), name="api-authorities"),
    path("incidents/<int:pk>/notices/", api.IncidentNoticesApi.as_view(), name="api-incident-notices"),
    path("incidents/<int:pk>/subjects/", api.SubjectsApi.as_view(), name="api-subjects"),
    path(
        "incidents/<int:pk>/subjects/problems/",
        api.SubjectProblemsApi.as_view(),
        name="api-subjects-problems",
    ),
    path("incidents/<int:pk>/subjects/group/", api.SubjectsGroupApi.as_view(), name="api-subjects-group"),
    path("incidents/<int:pk>/subjects/<int:subject_id>/", api.SubjectApi.as_view(), name="api-subject"),
    path(
        "incidents/<int:pk>/subjects/<int:subject_id>/exclude/",
        api.SubjectExcludeApi.as_view(),
        name="api-subject-exclude",
    ),
    path(
        "incidents/<int:pk>/subjects/imports/<int:job_id>/",
        api.SubjectImportApi.as_view(),
        name="api-subjects-import",
    ),
    path("notices/<int:pk>/", api.NoticeApi.as_view(), name="api-notice"),
    path("notices/<int:pk>/file/", api.NoticeFileApi.as_view(), name="api-notice-file"),
    path("notices/<int:pk>/deliveries/", api.NoticeDeliveriesApi.as_view(), name="api-notice-deliveries"),
    path("notices/<int:pk>/<slug:action>/", api.NoticeActionApi.as_view(), name="api-notice-action"),
    path("organisations/<int:pk>/", api.OrganisationApi.as_view(), name="api-organisation"),
    path(
        "organisations/<int:pk>/establishments/", api.EstablishmentsApi.as_view(), name="api-establishments"
    ),
    path("organisations/<int:pk>/clients/", api.ClientsApi.as_view(), name="api-clients"),
    path("clients/<int:pk>/", api.ClientApi.as_view(), name="api-client"),
    path("incidents/<int:pk>/instructions/", api.InstructionsApi.as_view(), name="api-instructions"),
    path("instructions/<int:pk>/revoke/", api.InstructionRevokeApi.as_view(), name="api-instruction-revoke"),
    path(
        "organisations/<int:pk>/establishments/<str:country>/",
        api.EstablishmentApi.as_view(),
        name="api-establishment",
    ),
]
