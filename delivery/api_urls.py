from django.urls import path

from delivery import api

urlpatterns = [
    path("notices/<int:pk>/deliveries/", api.NoticeDeliveriesApi.as_view(), name="api-notice-deliveries"),
]
