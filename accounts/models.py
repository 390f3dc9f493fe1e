"""The API token: django-rest-knox's (a digest of the token, never the token; an expiry), with what Datalek adds.

Swapped in through ``KNOX_TOKEN_MODEL``; knox's own migrations are switched off (``MIGRATION_MODULES``), as they
would create a table for its swapped-out model. DRF's tokens (``rest_framework.authtoken``, kept in plain text) are
not accepted any more and their table is dropped (migration 0002): their holders ask for a new token at
``POST /api/auth/token/``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken


class ApiToken(AbstractAuthToken):
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("What the token is for."))
    verified = models.BooleanField(
        _("issued with the code"),
        default=False,
        help_text=_(
            "Issued with the code of an authenticator app: the DPO may approve, file and decide with it."
        ),
    )
    # An HMAC of the user's password hash when the token was issued (``password_stamp``). A token is refused once
    # it differs, as Django refuses a session: every way of changing a password revokes the tokens.
    password_stamp = models.CharField(max_length=128, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.token_key[:8]}… {self.name}".strip()

    @property
    def expired(self) -> bool:
        return self.expiry is not None and self.expiry <= timezone.now()

    def alive_for(self, user) -> bool:
        """Not expired, and issued under the user's present password."""
        return not self.expired and any(
            constant_time_compare(self.password_stamp, stamp) for stamp in _stamps(user)
        )


_STAMP_SALT = "accounts.ApiToken.password_stamp"


def password_stamp(user, secret: str | None = None) -> str:
    """An HMAC of the user's password hash (under SECRET_KEY, like Django's session-auth hash, salted apart)."""
    return salted_hmac(_STAMP_SALT, user.password, secret=secret, algorithm="sha256").hexdigest()


def _stamps(user):
    """The stamp under SECRET_KEY, then under each of SECRET_KEY_FALLBACKS: rotating the key ends no token."""
    yield password_stamp(user)
    for secret in settings.SECRET_KEY_FALLBACKS:
        yield password_stamp(user, secret)
