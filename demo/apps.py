from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data of ``make run`` (``manage.py seed_demo``). At the top of the house: it uses every app's
    services, and nothing imports it."""

    name = "demo"
    verbose_name = "Demo"
