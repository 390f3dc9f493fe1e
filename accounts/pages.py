"""What the accounts app adds to the frame of every page (datalek.page_cards): the account menu's items, and the
banner shown while the second factor is relaxed (``OTP_REQUIRED_FOR_DPO`` / ``_STAFF`` off)."""

from datalek.page_cards import Card
from incidents.second_factor import relaxed


def account_menu(request) -> Card:
    return Card("accounts/_nav_account.html")


def second_factor_banner(request) -> Card | None:
    """Shown to everyone, logged in or not: a demo should look like one."""
    who = relaxed()
    if not who:
        return None
    return Card(
        "accounts/_second_factor_banner.html", {"dpo": "dpo" in who, "staff": "staff" in who}, order=10
    )
