from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObligationsConfig(AppConfig):
    """Every reporting obligation of an incident (GDPR, NIS2, DORA, eIDAS, ePrivacy, CRA), on the dated rule sets of
    ``obligations.rules``. Below delivery (whose clock reminds of its reports), above notifications: it hears of the
    incident's creation and of the authority notice's filing through the audit events (incidents.event_listeners),
    so nothing below names it."""

    name = "obligations"
    verbose_name = _("Obligations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from datalek.page_cards import register_card
        from incidents.dashboard import register_owed_provider
        from incidents.event_kinds import register_event_kinds
        from incidents.event_listeners import register_event_listener
        from obligations.events import ObligationEventKind
        from obligations.listener import on_event
        from obligations.owed import owed_obligations
        from obligations.pages import obligations_panel, regimes_card

        register_event_kinds(ObligationEventKind.choices)
        register_event_listener(on_event)
        register_owed_provider(owed_obligations)
        register_card("incident.wide", obligations_panel)
        register_card("organisation", regimes_card)
