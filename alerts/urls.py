from django.urls import path

from alerts import views

app_name = "alerts"
urlpatterns = [
    path("organisations/<int:pk>/webhooks/", views.webhook_create, name="webhook_create"),
    path("webhooks/<int:pk>/<slug:action>/", views.webhook_action, name="webhook_action"),
    path("accounts/alerts/", views.preferences_save, name="preferences"),
]
