"""API token authentication (``Authorization: Token <token>``): django-rest-knox's, with two additions.

- A token issued before the user's password changed is refused (and deleted), as Django refuses such a session.
- The request's user carries whether the token was issued with the code of an authenticator app
  (``token_verified``): ``incidents.second_factor.is_verified`` reads it for the binding acts of a DPO.

knox also reads all the user's other tokens on every request to delete the expired ones; here only the token
presented is looked at (one query), and the others are cleared when the user's next token is issued.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions


class TokenAuthentication(KnoxTokenAuthentication):
    def _cleanup_token(self, auth_token) -> bool:
        """Delete the token if it has expired (True: skip it)."""
        if auth_token.expired:
            auth_token.delete()
            return True
        return False

    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        if not token.alive_for(user):
            token.delete()
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user.token_verified = token.verified
        return user, token


class TokenScheme(OpenApiAuthenticationExtension):
    """The scheme in the OpenAPI schema: ``Authorization: Token <token>`` (named as DRF's token scheme was)."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        prefix = self.target.authenticate_header(None)  # "Token"
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix=prefix)
