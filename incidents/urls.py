from django.urls import path

from incidents import views

app_name = "incidents"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("incidents/", views.incident_list, name="list"),
    path("incidents/new/", views.incident_create, name="create"),
    path("incidents/<int:pk>/", views.incident_detail, name="detail"),
    path("incidents/<int:pk>/edit/", views.incident_edit, name="edit"),
    path("incidents/<int:pk>/timeline/", views.incident_timeline, name="timeline"),
    path("incidents/<int:pk>/containment/", views.incident_containment, name="containment"),
    path("incidents/<int:pk>/transition/", views.incident_transition, name="transition"),
    path("incidents/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("incidents/<int:pk>/evidence/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
]
