from django.urls import path

from inventory import views

app_name = "inventory"
urlpatterns = [
    path("inventory/", views.inventory_index, name="index"),
    path("inventory/<slug:org>/", views.organisation_home, name="organisation"),
    path("inventory/<slug:org>/export.json", views.inventory_export, {"fmt": "json"}, name="export"),
    path(
        "inventory/<slug:org>/export/<str:kind>.csv",
        views.inventory_export,
        {"fmt": "csv"},
        name="export_csv",
    ),
    path("inventory/<slug:org>/import/", views.inventory_import, name="import"),
    path("inventory/<slug:org>/<str:kind>/", views.record_list, name="list"),
    path("inventory/<slug:org>/<str:kind>/new/", views.record_edit, name="create"),
    path("inventory/<slug:org>/<str:kind>/<int:pk>/edit/", views.record_edit, name="edit"),
    path(
        "inventory/<slug:org>/<str:kind>/<int:pk>/<str:action>/",
        views.record_action,
        name="action",
    ),
    path("incidents/<int:pk>/systems/", views.incident_systems, name="incident_systems"),
    path("incidents/<int:pk>/systems/propose/", views.incident_propose, name="incident_propose"),
    path("incidents/<int:pk>/facts/confirm/", views.fact_confirm, name="fact_confirm"),
]
