from django.urls import path

from alerts import views

app_name = "alerts"
urlpatterns = [
    path("organisations/<int:pk>/webhooks/", views.webhook_create, name="webhook_create"),
    path("webhooks/<int:pk>/toggle/", views.webhook_action, {"action": "toggle"}, name="webhook_toggle"),
    path("webhooks/<int:pk>/delete/", views.webhook_action, {"action": "delete"}, name="webhook_delete"),
    path("accounts/alerts/", views.preferences_save, name="preferences"),
]
