from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("incidents/<int:pk>/notifications/", views.panel, name="panel"),
    path("incidents/<int:pk>/notifications/authorities/", views.authorities_decide, name="authorities"),
    path("incidents/<int:pk>/notifications/draft/", views.draft, name="draft"),
    path("notices/<int:pk>/", views.notice_page, name="notice"),
    path("notices/<int:pk>/edit/", views.notice_edit, name="edit"),
    path("notices/<int:pk>/file/", views.notice_file, name="file"),
    path("notices/<int:pk>/<slug:action>/", views.notice_action, name="action"),
    path("public/notices/<slug:slug>/", views.public_notice, name="public"),
    path("organisations/<int:pk>/", views.organisation_page, name="organisation"),
    path("alerts/deadlines/", views.alert_deadlines, name="alert_deadlines"),
]
