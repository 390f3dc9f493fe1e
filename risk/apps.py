from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "risk"
    default_auto_field = "django.db.models.BigAutoField"
