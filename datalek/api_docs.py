"""The Swagger UI at /api/docs/ under the site's Content-Security-Policy, without any exception: the page loads
its start-up script from a second request (drf-spectacular's split view) and its few styles from a static
file, so there is no inline script or style to allow."""

from drf_spectacular.views import SpectacularSwaggerSplitView


class SwaggerView(SpectacularSwaggerSplitView):
    template_name = "datalek/swagger_ui.html"
