from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("incidents/<int:pk>/notifications/", views.panel, name="panel"),
    path("incidents/<int:pk>/notifications/authorities/", views.authorities_decide, name="authorities"),
    path("incidents/<int:pk>/notifications/draft/", views.draft, name="draft"),
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
    path("notices/<int:pk>/", views.notice_page, name="notice"),
    path("notices/<int:pk>/progress/", views.notice_progress, name="progress"),
    path("notices/<int:pk>/edit/", views.notice_edit, name="edit"),
    path("notices/<int:pk>/file/", views.notice_file, name="file"),
    path("notices/<int:pk>/<slug:action>/", views.notice_action, name="action"),
    path("public/notices/<slug:slug>/", views.public_notice, name="public"),
    path("organisations/<int:pk>/", views.organisation_page, name="organisation"),
    path("organisations/<int:pk>/clients/", views.clients_page, name="clients"),
    path("clients/<int:pk>/", views.client_page, name="client"),
    path("alerts/deadlines/", views.alert_deadlines, name="alert_deadlines"),
    path("incidents/<int:pk>/instructions/", views.instructions_page, name="instructions"),
    path("instructions/<int:pk>/revoke/", views.instruction_revoke, name="instruction_revoke"),
]
