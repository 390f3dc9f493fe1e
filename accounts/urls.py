"""Included under ``accounts/`` before ``django.contrib.auth.urls``: our login and password change (same paths and
names) win."""

from django.urls import path

from accounts import views

urlpatterns = [
    path("", views.account, name="account"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("password_change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("tokens/revoke/", views.token_revoke, name="token_revoke"),
    path("tokens/revoke-all/", views.tokens_revoke_all, name="tokens_revoke_all"),
]
