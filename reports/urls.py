from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("incidents/<int:pk>/documents/", views.documents_panel, name="panel"),
    path("incidents/<int:pk>/documents/request/", views.document_request, name="request"),
    path(
        "incidents/<int:pk>/documents/letters/<int:notice_id>/", views.letters_request, name="letters_request"
    ),
    path("incidents/<int:pk>/documents/report/", views.report_preview, name="report_preview"),
    path(
        "incidents/<int:pk>/documents/obligations/<int:report_id>/",
        views.obligation_report_preview,
        name="obligation_report_preview",
    ),
    path("documents/notices/<int:pk>/", views.notice_preview, name="notice_preview"),
    path("documents/notices/<int:pk>/block/", views.notice_block, name="notice_block"),
    path("documents/notices/<int:pk>/answers/", views.notice_form_answer, name="notice_form_answer"),
    path("documents/notices/<int:pk>/edpb.json", views.notice_edpb_json, name="notice_edpb_json"),
    path("documents/notices/<int:pk>/letters/", views.letters_preview, name="letters_preview"),
    path("documents/notices/<int:pk>/people/", views.people_preview, name="people_preview"),
    path("documents/<int:pk>/download/", views.document_download, name="download"),
    path("documents/<int:pk>/posted/", views.letters_posted, name="letters_posted"),
    path("register/", views.register_page, name="register"),
    path("register/csv/", views.register_csv, name="register_csv"),
    path("register/pdf/", views.register_pdf, name="register_pdf"),
    path("register/preview/", views.register_preview, name="register_preview"),
    path("insights/", views.insights_page, name="insights"),
]
