from django.urls import path

from obligations import views

app_name = "obligations"
urlpatterns = [
    path("incidents/<int:pk>/obligations/", views.obligations_panel, name="panel"),
    path("incidents/<int:pk>/obligations/answers/<str:regime>/", views.answers_record, name="answers"),
    path(
        "incidents/<int:pk>/obligations/reports/<int:report_id>/<str:step>/",
        views.report_step,
        name="report_step",
    ),
    path(
        "incidents/<int:pk>/obligations/<int:obligation_id>/moments/",
        views.moment_record,
        name="moment",
    ),
    path("organisations/<int:pk>/regimes/", views.profile_save, name="profile"),
]
