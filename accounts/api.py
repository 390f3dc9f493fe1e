"""The API's own door: a token for a username and password (and code), and logging a token out."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.authentication import TokenAuthentication
from accounts.throttling import TokenEndpointThrottle
from incidents.api import ERRORS, ErrorSerializer


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})
    otp = serializers.CharField(
        max_length=12,
        required=False,
        allow_blank=True,
        help_text="The current code of your authenticator app; required when you have one.",
    )
    name = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="What the token is for (shown on your account page, where you can revoke it).",
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(
        help_text="Send it as `Authorization: Token <token>`. Shown only this once."
    )
    expiry = serializers.DateTimeField()
    name = serializers.CharField()


class TokenApi(APIView):
    """Exchange a username and password for a new API token (send it as ``Authorization: Token <key>``), valid
    until ``expiry``. Every request issues another one; a user holds at most a few at once.

    A user with an authenticator app also gives its current code as ``otp``: the token then stands for a verified
    login, and the DPO may approve, file and decide with it. Tokens end at their expiry, on logout, on a password
    change, when revoked on the account page or by an administrator, and when an app is enrolled. Failed attempts
    count towards the login lock-out (429 ``locked_out``)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [TokenEndpointThrottle]

    @extend_schema(
        operation_id="auth_token_create",
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: ERRORS[400],
            409: OpenApiResponse(ErrorSerializer, description="Too many valid tokens (`too_many_tokens`)."),
            429: OpenApiResponse(
                ErrorSerializer, description="Locked out after too many failed logins, or throttled."
            ),
        },
    )
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, key = services.token_issue(
            request=request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
            code=data.validated_data.get("otp", "").replace(" ", ""),
            name=data.validated_data.get("name", ""),
        )
        return Response(
            TokenResponseSerializer({"token": key, "expiry": token.expiry, "name": token.name}).data
        )


class _TokenLogout(APIView):
    """Only for a caller who came with a token: a browser session logs out at /accounts/logout/."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]


class LogoutApi(_TokenLogout):
    @extend_schema(
        operation_id="auth_logout",
        request=None,
        responses={204: None, 401: ERRORS[401]},
        description="Revoke the token this request came with.",
    )
    def post(self, request: Request) -> Response:
        services.token_revoke(user=request.user, digest=request.auth.digest)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllApi(_TokenLogout):
    @extend_schema(
        operation_id="auth_logout_all",
        request=None,
        responses={204: None, 401: ERRORS[401]},
        description="Revoke every token of the caller, this one included.",
    )
    def post(self, request: Request) -> Response:
        services.tokens_revoke_all(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
