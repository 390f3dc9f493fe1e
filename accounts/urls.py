"""Included under ``accounts/`` before ``django.contrib.auth.urls``: our login (same path and name) wins."""

from django.urls import path

from accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("two-factor/", views.two_factor, name="two_factor"),
]
