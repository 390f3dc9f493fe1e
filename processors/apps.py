from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessorsConfig(AppConfig):
    """The processor side: each controller client's DPA terms (alert deadline, whom to alert) and its written
    instructions to notify on its behalf."""

    name = "processors"
    verbose_name = _("Client organisations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from incidents.event_kinds import register_event_kinds
        from processors.events import ProcessorEventKind

        register_event_kinds(ProcessorEventKind.choices)
