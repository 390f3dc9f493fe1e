from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Hand-off e-mails and outgoing webhooks. Nothing below imports this app: it listens to the audit events
    (incidents.event_listeners) and adds its cards to the pages that let apps register them."""

    name = "alerts"
    verbose_name = _("Alerts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from alerts.cards import account_card, organisation_card
        from alerts.listener import on_event
        from datalek.page_cards import register_card
        from incidents.event_listeners import register_event_listener

        register_event_listener(on_event)
        register_card("organisation", organisation_card)
        register_card("account", account_card)
