from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "inventory"
    verbose_name = _("Inventory")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from datalek.page_cards import register_card
        from incidents.event_kinds import register_event_kinds
        from inventory.events import InventoryEventKind
        from inventory.pages import nav_link, systems_panel

        register_event_kinds(InventoryEventKind.choices)
        register_card("incident.main", systems_panel)
        register_card("nav", nav_link)
