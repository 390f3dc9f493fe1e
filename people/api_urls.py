from django.urls import path

from people import api

urlpatterns = [
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
]
