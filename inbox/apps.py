from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    """ "Waiting for you": the acts each user may take now. At the top of the house: it reads every app below it and
    nothing imports it."""

    name = "inbox"
    verbose_name = _("Inbox")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from datalek.page_cards import register_card
        from inbox.pages import nav_link

        register_card("nav", nav_link)
