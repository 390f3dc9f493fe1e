from django.urls import path

from delivery import views

app_name = "delivery"
urlpatterns = [
    path("notices/<int:pk>/progress/", views.notice_progress, name="progress"),
]
