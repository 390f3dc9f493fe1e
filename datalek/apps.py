from pathlib import Path

from django.apps import AppConfig


class DatalekConfig(AppConfig):
    """The project itself as an app: its templates, static files and the ``makemessages`` that knows the engine's
    markers. The demo data (``seed_demo``) is the ``demo`` app's."""

    name = "datalek"
    verbose_name = "Datalek"
    path = str(Path(__file__).resolve().parent)  # explicit: an editable install gives the package two paths
