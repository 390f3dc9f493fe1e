from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Controller portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from datalek.page_cards import register_card
        from incidents.event_kinds import register_event_kinds
        from portal.events import PortalEventKind
        from portal.pages import client_clocks, clients_panel, nav_link
        from portal.selectors import imported_facts
        from risk.selectors import register_fact_source

        register_event_kinds(PortalEventKind.choices)
        register_fact_source(imported_facts)
        register_card("incident.clock", client_clocks)
        register_card("incident.side", clients_panel)
        register_card("nav", nav_link)
