from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "risk"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from incidents.event_kinds import register_event_kinds
        from risk.events import RiskEventKind

        register_event_kinds(RiskEventKind.choices)
