from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "risk"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from datalek.page_cards import register_card
        from incidents.event_kinds import register_event_kinds
        from risk.events import RiskEventKind
        from risk.pages import risk_panel

        register_event_kinds(RiskEventKind.choices)
        register_card("incident.wide", risk_panel)
