"""What the inbox adds to the frame of every page (datalek.page_cards): its link with the number waiting."""

from datalek.page_cards import Card
from inbox.selectors import inbox_count


def nav_link(request) -> Card:
    return Card("inbox/_nav.html", {"waiting": inbox_count(request.user)}, order=10)
