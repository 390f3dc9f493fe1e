from django.urls import path

from people import views

app_name = "people"
urlpatterns = [
    path("incidents/<int:pk>/subjects/", views.subjects, name="subjects"),
    path("incidents/<int:pk>/subjects/imports/", views.subjects_imports, name="subjects_imports"),
    path(
        "incidents/<int:pk>/subjects/imports/<int:job_id>/errors.csv",
        views.subjects_import_errors,
        name="subjects_import_errors",
    ),
    path("incidents/<int:pk>/subjects/purge/", views.subjects_purge, name="subjects_purge"),
    path(
        "incidents/<int:pk>/subjects/<int:subject_id>/correct/", views.subject_correct, name="subject_correct"
    ),
    path(
        "incidents/<int:pk>/subjects/<int:subject_id>/exclude/", views.subject_exclude, name="subject_exclude"
    ),
    path("incidents/<int:pk>/subjects/<int:subject_id>/group/", views.subject_group, name="subject_group"),
    path("incidents/<int:pk>/subjects/group/", views.subjects_group_blank, name="subjects_group"),
]
