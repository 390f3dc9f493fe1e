from django.urls import path

from reports import api

urlpatterns = [
    path("incidents/<int:pk>/documents/", api.IncidentDocumentsApi.as_view(), name="api-incident-documents"),
    path("documents/notices/<int:pk>/form/", api.NoticeFormApi.as_view(), name="api-notice-form"),
    path("notices/<int:pk>/export/edpb/", api.NoticeEdpbExportApi.as_view(), name="api-notice-export-edpb"),
    path(
        "incidents/<int:pk>/import/edpb/",
        api.IncidentEdpbImportApi.as_view(),
        name="api-incident-import-edpb",
    ),
    path("documents/<int:pk>/", api.DocumentApi.as_view(), name="api-document"),
    path("documents/<int:pk>/download/", api.DocumentDownloadApi.as_view(), name="api-document-download"),
    path("documents/<int:pk>/posted/", api.LettersPostedApi.as_view(), name="api-document-posted"),
    path("register/csv/", api.RegisterCsvApi.as_view(), name="api-register-csv"),
    path("register/pdf/", api.RegisterPdfApi.as_view(), name="api-register-pdf"),
    path("insights/", api.InsightsApi.as_view(), name="api-insights"),
]
