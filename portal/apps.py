from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Controller portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from incidents.event_kinds import register_event_kinds
        from portal.events import PortalEventKind
        from portal.selectors import imported_facts
        from risk.selectors import register_fact_source

        register_event_kinds(PortalEventKind.choices)
        register_fact_source(imported_facts)
