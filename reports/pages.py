"""What the documents add to the pages of the apps below them (datalek.page_cards)."""

from django.utils.translation import gettext_lazy as _

from datalek.page_cards import Card, panel
from incidents.roles import is_team_member, sees_team_pages
from reports.documents.obligation_report import recipient_language


def documents_panel(request, *, incident) -> Card:
    return panel(
        "documents", _("Documents"), "reports:panel", incident.pk, link_text=_("Open the documents"), order=30
    )


def nav_links(request) -> Card | None:
    return Card("reports/_nav.html", order=50) if sees_team_pages(request.user) else None


def notice_document_card(request, *, notice) -> Card:
    """The notice page's card of its document: the answers on the regulator's form, or the document's preview."""
    return Card("reports/_notice_document_card.html")


def people_preview_links(request, *, notice) -> Card | None:
    """On the notice to the people, beside each language's text: the e-mail and the letter as the people get them."""
    return Card("reports/_people_preview_links.html") if notice.kind == "subjects" else None


def obligation_report_documents(request, *, incident, report, team: bool | None = None) -> Card | None:
    """On the obligations panel, beside each report of a regime other than the GDPR (whose reports are the notices'
    documents): its document's preview and PDF, in the recipient's language unless the team picks another.
    ``team``: whether the user is of the incident's team, when the page already knows (else asked here)."""
    obligation = report.obligation
    if obligation.regime == "gdpr" or not obligation.rule_set:
        return None
    if not (is_team_member(incident, request.user) if team is None else team):
        return None
    return Card(
        "reports/_obligation_report_links.html",
        {
            "incident": incident,
            "report": report,
            "language": recipient_language(obligation, incident.organisation.language),
        },
    )
