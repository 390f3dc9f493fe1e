"""Under ``oidc/``, included by datalek/urls.py only when ``OIDC_ENABLED`` is on. The provider is told the callback's
address: ``<SITE_URL>/oidc/callback/``. (The library's own logout view is not used: logging out is Datalek's.)"""

from django.urls import path

from accounts.oidc import views

urlpatterns = [
    path("authenticate/", views.AuthenticateView.as_view(), name="oidc_authentication_init"),
    path("callback/", views.CallbackView.as_view(), name="oidc_authentication_callback"),
    path("no-access/", views.no_access, name="oidc_no_access"),
]
