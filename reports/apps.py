import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # WeasyPrint tells every step at INFO; its warnings (a refused resource, a layout problem) are enough.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

        # Imported here, not at the top: apps.py is loaded before the models are.
        from datalek.page_cards import register_card
        from incidents.event_kinds import register_event_kinds
        from reports.events import ReportEventKind
        from reports.pages import (
            documents_panel,
            nav_links,
            notice_document_card,
            obligation_report_documents,
            people_preview_links,
        )

        register_event_kinds(ReportEventKind.choices)
        register_card("incident.wide", documents_panel)

        # the approval road of a notice asks the regulator's form which required answers are missing (Art. 33(4))
        from notifications.acknowledgement import register_missing_answers
        from reports.selectors import missing_required_answers

        register_missing_answers(missing_required_answers)
        register_card("nav", nav_links)
        register_card("notice.document", notice_document_card)
        register_card("notice.people_preview", people_preview_links)
        register_card("obligation.report_documents", obligation_report_documents)
