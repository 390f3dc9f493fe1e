from django.urls import path

from inbox import views

app_name = "inbox"
urlpatterns = [path("inbox/", views.inbox_page, name="page")]
