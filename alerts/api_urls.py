from django.urls import path

from alerts import api

urlpatterns = [
    path("organisations/<int:pk>/webhooks/", api.WebhookListCreateApi.as_view(), name="api-webhooks"),
    path(
        "organisations/<int:pk>/webhooks/deliveries/",
        api.DeliveryLogApi.as_view(),
        name="api-webhook-deliveries",
    ),
    path("webhooks/<int:pk>/", api.WebhookDetailApi.as_view(), name="api-webhook"),
]
