from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from datalek.page_cards import register_card
        from incidents.closing import register_close_check
        from incidents.dashboard import register_owed_provider
        from incidents.event_kinds import register_event_kinds
        from incidents.workflow import register
        from notifications.events import NoticeEventKind
        from notifications.machine import MACHINE
        from notifications.owed import owed_notices
        from notifications.pages import alert_deadlines_card, nav_link, notifications_panel, organisation_back
        from notifications.profile import dashboard_panel
        from notifications.selectors import unfinished_notices

        register_event_kinds(NoticeEventKind.choices)
        register_close_check(unfinished_notices)
        register_card("dashboard.top", dashboard_panel)
        register_card("dashboard.clients", alert_deadlines_card)
        register_card("incident.wide", notifications_panel)
        register(MACHINE)
        register_owed_provider(owed_notices)
        register_card("nav", nav_link)
        register_card("organisation.back", organisation_back)
