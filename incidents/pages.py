"""What the incidents app adds to the frame of every page (datalek.page_cards): its links in the navigation and the
button that logs an incident."""

from datalek.page_cards import Card
from incidents.roles import areas, sees_team_pages


def nav_links(request) -> Card | None:
    return Card("incidents/_nav.html", order=20) if sees_team_pages(request.user) else None


def log_button(request) -> Card | None:
    return Card("incidents/_nav_log.html") if areas(request.user)["team"] else None
