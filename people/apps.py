from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """The affected people of a breach: the import of their list, the list, the corrections and the purge."""

    name = "people"
    verbose_name = _("Affected people")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from incidents.event_kinds import register_event_kinds
        from people.events import PeopleEventKind

        register_event_kinds(PeopleEventKind.choices)
