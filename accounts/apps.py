from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    """Logging in: the password step, the authenticator-app step, enrolment, the lock-out, the account page with
    the API tokens, and the API's authentication and throttling."""

    name = "accounts"
    verbose_name = "Accounts"
    default = True

    def ready(self) -> None:
        from accounts import checks  # noqa: F401 - registers the system checks
        from accounts.pages import account_menu, second_factor_banner
        from datalek.page_cards import register_card

        register_card("nav.account", account_menu)
        register_card("banner", second_factor_banner)


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin, its site behind our two-step login (``INSTALLED_APPS`` names this instead of
    ``django.contrib.admin``)."""

    default = False  # not the accounts app's own configuration
    default_site = "accounts.admin_site.VerifiedAdminSite"
