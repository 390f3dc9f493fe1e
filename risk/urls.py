from django.urls import path

from risk import views

app_name = "risk"
urlpatterns = [
    path("incidents/<int:pk>/risk/", views.assessment_panel, name="panel"),
    path("incidents/<int:pk>/risk/run/", views.assessment_run, name="run"),
    path("incidents/<int:pk>/risk/finalise/", views.assessment_finalise, name="finalise"),
    path("incidents/<int:pk>/risk/decision/", views.assessment_decide, name="decide"),
]
