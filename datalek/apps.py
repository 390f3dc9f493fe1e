from pathlib import Path

from django.apps import AppConfig


class DatalekConfig(AppConfig):
    """The project itself as an app: its templates, static files and the commands that span every app
    (``seed_demo``)."""

    name = "datalek"
    verbose_name = "Datalek"
    path = str(Path(__file__).resolve().parent)  # explicit: an editable install gives the package two paths
