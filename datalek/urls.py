from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from datalek import health, language
from datalek.api_docs import SwaggerView

urlpatterns = [
    path("", include("incidents.urls")),
    path("", include("inventory.urls")),
    path("", include("risk.urls")),
    path("", include("delivery.urls")),  # before the notices' own: "notices/<pk>/progress/" is not a step
    path("", include("notifications.urls")),
    path("", include("people.urls")),
    path("", include("processors.urls")),
    path("", include("obligations.urls")),
    path("", include("reports.urls")),
    path("portal/", include("portal.urls")),
    path("", include("inbox.urls")),
    path("", include("alerts.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("api/", include("accounts.api_urls")),
    path("api/", include("incidents.api_urls")),
    path("api/", include("inventory.api_urls")),
    path("api/", include("risk.api_urls")),
    path("api/", include("delivery.api_urls")),  # before the notices' own, as above
    path("api/", include("notifications.api_urls")),
    path("api/", include("people.api_urls")),
    path("api/", include("processors.api_urls")),
    path("api/", include("obligations.api_urls")),
    path("api/", include("reports.api_urls")),
    path("api/portal/", include("portal.api_urls")),
    path("api/", include("inbox.api_urls")),
    path("api/", include("alerts.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
if settings.OIDC_ENABLED:  # sign-in with the organisation's identity provider (accounts/oidc/)
    urlpatterns.append(path("oidc/", include("accounts.oidc.urls")))

handler404 = "datalek.views.not_found"
handler500 = "datalek.views.server_error"
