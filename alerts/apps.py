from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Hand-off e-mails and outgoing webhooks. Nothing below imports this app: it listens to the audit events
    (incidents.event_listeners) and adds its cards to the pages that let apps register them."""

    name = "alerts"
    verbose_name = _("Alerts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alerts.listener import on_event
        from incidents.event_listeners import register_event_listener

        register_event_listener(on_event)
