from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Incidents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from datalek.page_cards import register_card
        from incidents.event_kinds import register_event_kinds
        from incidents.models import IncidentEvent
        from incidents.pages import log_button, nav_links
        from incidents.transitions import MACHINE
        from incidents.workflow import register

        register_event_kinds(IncidentEvent.Kind.choices)
        register(MACHINE)
        register_card("nav", nav_links)
        register_card("nav.actions", log_button)
