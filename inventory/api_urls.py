from django.urls import path

from inventory import api

urlpatterns = [
    path("inventory/systems/", api.SystemListCreateApi.as_view(), name="api-inventory-systems"),
    path("inventory/systems/<int:pk>/", api.SystemDetailApi.as_view(), name="api-inventory-system"),
    path(
        "inventory/processing-activities/",
        api.ActivityListCreateApi.as_view(),
        name="api-inventory-activities",
    ),
    path(
        "inventory/processing-activities/<int:pk>/",
        api.ActivityDetailApi.as_view(),
        name="api-inventory-activity",
    ),
    path("inventory/processors/", api.ProcessorListCreateApi.as_view(), name="api-inventory-processors"),
    path("inventory/processors/<int:pk>/", api.ProcessorDetailApi.as_view(), name="api-inventory-processor"),
    path("inventory/export/", api.InventoryExportApi.as_view(), name="api-inventory-export"),
    path("inventory/import/", api.InventoryImportApi.as_view(), name="api-inventory-import"),
    path("incidents/<int:pk>/systems/", api.IncidentSystemsApi.as_view(), name="api-incident-systems"),
    path(
        "incidents/<int:pk>/proposed-facts/",
        api.ProposedFactsApi.as_view(),
        name="api-incident-proposed-facts",
    ),
    path(
        "incidents/<int:pk>/proposed-facts/refresh/",
        api.ProposedFactsRefreshApi.as_view(),
        name="api-incident-proposed-facts-refresh",
    ),
    path(
        "incidents/<int:pk>/proposed-facts/confirm/",
        api.ProposedFactConfirmApi.as_view(),
        name="api-incident-proposed-facts-confirm",
    ),
]
