from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Logging in: the password step, the authenticator-app step, enrolment and the lock-out page."""

    name = "accounts"
    verbose_name = "Accounts"
