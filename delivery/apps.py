from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    """The outbox of the notices' messages, the deadline clock and its reminders. It sits above the notices: what it
    adds to them (the send and retry steps, the outbox's progress on the notice page, the count of people told in a
    notice's content, the detaching of the outbox when a list is purged) it registers here."""

    name = "delivery"
    verbose_name = _("Notice delivery")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from datalek.page_cards import register_card
        from delivery import services
        from delivery.events import DeliveryEventKind
        from delivery.pages import queue_banner
        from delivery.purge import detach_purged
        from delivery.selectors import people_told_by_channel
        from delivery.views import notice_page_part
        from incidents.event_kinds import register_event_kinds
        from notifications import contributors
        from people.services import register_before_purge

        register_event_kinds(DeliveryEventKind.choices)
        contributors.register_step("send", services.notice_send, _("Sending started."))
        contributors.register_step(
            "retry", services.notice_retry, _("The failed deliveries are tried again.")
        )
        contributors.register_page_part(notice_page_part)
        contributors.register_told_counter(people_told_by_channel)
        register_before_purge(detach_purged)
        register_card("banner", queue_banner)
