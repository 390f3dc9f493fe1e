from django.urls import path

from inbox import api

urlpatterns = [path("inbox/", api.InboxApi.as_view(), name="api-inbox")]
