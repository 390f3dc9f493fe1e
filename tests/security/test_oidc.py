"""Sign-in with the organisation's identity provider (OpenID Connect): the whole code flow through Django's test
client against the small provider of tests/oidc_provider.py, on 127.0.0.1 — discovery, the button, the provider's
page, the callback with the code exchanged for a signed ID token, userinfo.

Who gets in (a known address whatever its case; someone unknown only when users are created; never an address the
provider calls unverified), what they may do (the roles claim, never staff), what is refused without a 500 (a
forged signature, a wrong nonce, a token for someone else, a state this browser did not start, a replay), the
lock-out on this road too, the second factor, and logs without personal data.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.oidc.config import oidc_settings
from datalek.errors import DomainError
from incidents.models import Membership, User
from incidents.roles import Role
from incidents.second_factor import ENROLMENT_REQUIRED, require_second_factor
from tests.oidc_provider import (
    Provider,
    oidc_enabled,
    oidc_provider,  # noqa: F401 - fixture
    provider_environment,
)
from tests.personas import PASSWORD, UserFactory
from tests.security.test_second_factor import code_for
from tests.smtp_sink import free_port

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/accounts/login/"


@pytest.fixture
def oidc(oidc_provider, monkeypatch) -> Provider:  # noqa: F811 - the fixture of the same name
    """Datalek with OIDC_ENABLED and this provider, as the README's example sets it up."""
    with oidc_enabled(oidc_provider, monkeypatch):
        yield oidc_provider


def person(email: str, **claims) -> dict:
    return {"sub": f"sub-{email.lower()}", "email": email, "email_verified": True, **claims}


def _local(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def start(client: Client, provider: Provider, next_url: str | None = None) -> str:
    """The button: the provider's authorize URL it sends the browser to."""
    response = client.get("/oidc/authenticate/", {"next": next_url} if next_url else {})
    assert response.status_code == 302
    assert response.url.startswith(f"{provider.url}/authorize?")
    return response.url


def sign_in(client: Client, provider: Provider, next_url: str | None = None):
    """The whole road: the button, the person signs in at the provider, the callback. Its answer."""
    return client.get(_local(provider.sign_in(start(client, provider, next_url))))


def signed_in_user(client: Client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def refusal(client: Client, response) -> str:
    """A refusal ends on the login page with a message: the page's text."""
    assert response.status_code == 302 and response.url == LOGIN, response
    assert signed_in_user(client) is None
    return client.get(LOGIN).content.decode()


# --- switched on by the environment only -------------------------------------------------------------------


def test_without_oidc_the_login_page_is_the_password_form_alone(client):
    page = client.get(LOGIN).content.decode()
    assert "Sign in with" not in page and "oidc" not in page
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404


def _started(**environment: str) -> str:
    base = {k: v for k, v in os.environ.items() if not k.startswith("OIDC_")}
    code = (
        "import sys, django; django.setup(); from django.conf import settings; import datalek.urls; "
        "from django.urls import reverse; "
        "print('library loaded' if 'mozilla_django_oidc' in sys.modules else 'library not loaded'); "
        "print(settings.AUTHENTICATION_BACKENDS[-1]); "
        "print(reverse('oidc_authentication_callback') if settings.OIDC_ENABLED else '-')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_oidc_is_loaded_only_when_switched_on_and_starts_without_asking_the_provider():
    assert _started().split() == [
        "library",
        "not",
        "loaded",
        "django.contrib.auth.backends.ModelBackend",
        "-",
    ]
    # A provider that does not answer (nothing listens on the port) does not stop the start: it is asked on the
    # first sign-in only.
    nobody = Provider(url=f"http://127.0.0.1:{free_port()}")
    output = _started(**provider_environment(nobody)).split()
    assert output == ["library", "loaded", "accounts.oidc.backend.OIDCBackend", "/oidc/callback/"]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"OIDC_RP_CLIENT_ID": None}, "OIDC_RP_CLIENT_ID"),
        (
            {"OIDC_OP_DISCOVERY_URL": "http://idp.example.org/.well-known/openid-configuration"},
            "OIDC_OP_DISCOVERY_URL",
        ),
        ({"OIDC_OP_DISCOVERY_URL": None}, "OIDC_OP_DISCOVERY_URL"),
        ({"OIDC_OP_TOKEN_ENDPOINT": "https://idp.example.org/token"}, "not both"),
        ({"OIDC_RP_SCOPES": "openid profile"}, "OIDC_RP_SCOPES"),
        ({"OIDC_RP_SIGN_ALGO": "none"}, "OIDC_RP_SIGN_ALGO"),
        ({"OIDC_CREATE_USERS": "perhaps"}, "OIDC_CREATE_USERS"),
    ],
)
def test_a_bad_oidc_setting_stops_the_start_with_the_variable_named(monkeypatch, change, named):
    environment = {**provider_environment(Provider(url="https://idp.example.org")), **change}
    for name, value in environment.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=named):
        oidc_settings(backends=[], middleware=["django_otp.middleware.OTPMiddleware"])


def test_explicit_endpoints_instead_of_discovery_are_used(client, oidc_provider, monkeypatch, owner):  # noqa: F811
    url = oidc_provider.url
    explicit = {
        "OIDC_OP_DISCOVERY_URL": "",
        "OIDC_OP_ISSUER": url,
        "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{url}/authorize",
        "OIDC_OP_TOKEN_ENDPOINT": f"{url}/token",
        "OIDC_OP_USER_ENDPOINT": f"{url}/userinfo",
        "OIDC_OP_JWKS_ENDPOINT": f"{url}/jwks",
    }
    with oidc_enabled(oidc_provider, monkeypatch, **explicit):
        oidc_provider.person = person(owner.email)
        assert sign_in(client, oidc_provider).url == "/"
    assert signed_in_user(client) == owner


# --- the button and who gets in ---------------------------------------------------------------------------------


def test_the_login_page_offers_the_provider_by_its_name_beside_the_password(client, oidc):
    page = client.get(LOGIN, {"next": "/incidents/"}).content.decode()
    assert "Sign in with Test IdP" in page
    assert 'href="/oidc/authenticate/?next=%2Fincidents%2F"' in page
    assert 'name="password"' in page  # the local login stays


def test_a_known_person_signs_in_by_e_mail_address_whatever_its_case(client, oidc, owner):
    oidc.person = person(owner.email.upper())
    response = sign_in(client, oidc, next_url="/incidents/")
    assert response.status_code == 302 and response.url == "/incidents/"
    assert signed_in_user(client) == owner
    assert client.session["_auth_user_backend"] == "accounts.oidc.backend.OIDCBackend"
    assert client.get("/").status_code == 200


def test_someone_unknown_is_refused_unless_users_are_created(client, oidc, owner):
    oidc.person = person("newcomer@example.nl")
    page = refusal(client, sign_in(client, oidc))
    assert "There is no Datalek account for your e-mail address" in page
    assert not User.objects.filter(email__iexact="newcomer@example.nl").exists()


def test_someone_unknown_gets_an_account_of_their_own_when_allowed_and_is_told_to_ask_for_access(
    client,
    oidc_provider,  # noqa: F811
    monkeypatch,
    owner,
):
    with oidc_enabled(oidc_provider, monkeypatch, OIDC_CREATE_USERS="true"):
        # The same local part as the persona "owner", and claims that would make an administrator of anyone who
        # believed them.
        oidc_provider.person = person(
            "Owner@Elders.example",
            given_name="Olga",
            family_name="Örtegren",
            is_staff=True,
            is_superuser=True,
            groups=["admin"],
        )
        response = sign_in(client, oidc_provider)
        assert response.url == "/oidc/no-access/"
        page = client.get(response.url).content.decode()
    user = signed_in_user(client)
    assert user.username == "owner-2" and user != owner
    assert (user.email, user.first_name, user.last_name) == ("Owner@elders.example", "Olga", "Örtegren")
    assert not user.has_usable_password()
    assert not user.is_staff and not user.is_superuser and not user.memberships.exists()
    assert "Ask your administrator for access" in page and "Olga Örtegren" in page


def test_the_roles_claim_gives_the_memberships_at_every_sign_in_and_nothing_else(
    client,
    oidc_provider,  # noqa: F811
    monkeypatch,
    org,
    other_org,
    client_org,
    caplog,
):
    kept = Membership.objects.create(user=UserFactory(), organisation=client_org, role=Role.CONTROLLER).user
    kept.email = "rolf@example.nl"
    kept.save()
    claim = [f"{org.slug}:dpo", "nowhere:security", f"{other_org.slug}:admin", f"{client_org.slug}:security"]
    with oidc_enabled(oidc_provider, monkeypatch, OIDC_ROLES_CLAIM="datalek_roles"):
        oidc_provider.person = person("rolf@example.nl", datalek_roles=claim)
        with caplog.at_level(logging.INFO, logger="accounts.oidc"):
            assert sign_in(client, oidc_provider).url == "/"
        roles = dict(kept.memberships.values_list("organisation__slug", "role"))
        assert roles == {org.slug: Role.DPO, client_org.slug: Role.CONTROLLER}
        logged = caplog.text
        assert (
            "'nowhere'" in logged
            and f"'{other_org.slug}:admin'" in logged
            and f"'{client_org.slug}'" in logged
        )
        # Moved to the security team at the provider, then out of every group: so here, at the next sign-ins.
        for claim, expected in (
            (f"{org.slug}:security", {org.slug: Role.SECURITY}),
            ([], {}),
        ):
            client.logout()
            oidc_provider.person = person("rolf@example.nl", datalek_roles=claim)
            sign_in(client, oidc_provider)
            team = kept.memberships.exclude(role=Role.CONTROLLER).values_list("organisation__slug", "role")
            assert dict(team) == expected
    kept.refresh_from_db()
    assert not kept.is_staff and not kept.is_superuser


def test_an_address_the_provider_calls_unverified_is_refused(client, oidc, owner):
    for unverified in (False, "false"):
        oidc.person = person(owner.email, email_verified=unverified)
        page = refusal(client, sign_in(client, oidc))
        assert "says your e-mail address is not verified" in page


def test_a_switched_off_account_is_refused_and_its_session_ends(client, oidc, owner):
    oidc.person = person(owner.email)
    sign_in(client, oidc)
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    assert client.get("/").status_code == 302  # to the login page: the session's user is no more
    client.logout()
    assert "Your Datalek account is switched off" in refusal(client, sign_in(client, oidc))


def test_two_accounts_with_the_same_address_are_not_guessed_between(client, oidc, owner):
    UserFactory(username="twin", email=owner.email.upper()).save()
    oidc.person = person(owner.email)
    assert "More than one Datalek account" in refusal(client, sign_in(client, oidc))


# --- what is refused, without an error page ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "tampering",
    [
        {"sign_with_other_key": True},  # a signature the provider's keys do not verify
        {"nonce": "not-the-nonce-we-sent"},  # an ID token minted for another sign-in
        {"audience": "another-client"},  # a token for another application at the same provider
        {"issuer": "https://impostor.example.org"},
        {"expires_in": -600},  # expired (beyond the minute of leeway)
    ],
)
def test_an_id_token_that_is_not_right_is_refused(client, oidc, owner, tampering):
    oidc.person = person(owner.email)
    for name, value in tampering.items():
        setattr(oidc, name, value)
    page = refusal(client, sign_in(client, oidc))
    assert "could not be verified" in page


def test_a_callback_this_browser_did_not_start_or_already_used_is_refused(client, oidc, owner):
    oidc.person = person(owner.email)
    callback = _local(oidc.sign_in(start(client, oidc)))
    # Someone else's browser with this code and state (a link sent to a victim, a stolen redirect):
    stranger = Client()
    assert "was not started in this browser" in refusal(stranger, stranger.get(callback))
    assert oidc.token_requests == 0
    # The browser that started it: in; the same answer a second time: refused, the provider not even asked.
    assert client.get(callback).url == "/"
    client.logout()
    assert "was not started in this browser" in refusal(client, client.get(callback))
    assert oidc.token_requests == 1


def test_cancelling_at_the_provider_is_said_so(client, oidc):
    authorize = start(client, oidc)
    state = dict(part.split("=", 1) for part in urlsplit(authorize).query.split("&"))["state"]
    response = client.get("/oidc/callback/", {"error": "access_denied", "state": state})
    assert "was cancelled or refused there" in refusal(client, response)


def test_a_provider_that_cannot_be_reached_is_a_message_not_an_error(client, oidc_provider, monkeypatch):  # noqa: F811
    gone = f"http://127.0.0.1:{free_port()}/.well-known/openid-configuration"
    with oidc_enabled(oidc_provider, monkeypatch, OIDC_OP_DISCOVERY_URL=gone):
        response = client.get("/oidc/authenticate/")
        assert "could not be reached" in refusal(client, response)
    # A provider that refuses the code exchange (here: the client secret is wrong).
    with oidc_enabled(oidc_provider, monkeypatch, OIDC_RP_CLIENT_SECRET="not-the-secret"):
        oidc_provider.person = person("anyone@example.nl")
        assert "did not accept the request" in refusal(client, sign_in(client, oidc_provider))


def test_a_discovery_document_naming_another_issuer_is_not_followed(client, oidc):
    oidc.discovery = lambda: {**Provider.discovery(oidc), "issuer": "https://impostor.example.org"}
    assert "could not be reached" in refusal(client, client.get("/oidc/authenticate/"))


def test_a_password_login_never_reaches_the_provider(client, oidc, owner):
    client.post(f"{LOGIN}?code=abc&state=def", {"username": "owner", "password": "wrong"})
    assert oidc.token_requests == 0


# --- the lock-out holds on this road too -------------------------------------------------------------------------


def _wrong_passwords(client: Client, usernames: list[str]) -> None:
    for username in usernames:
        client.post(LOGIN, {"username": username, "password": "not the password"})


def test_a_locked_out_address_cannot_sign_in_through_the_provider(client, oidc, owner, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 3
    _wrong_passwords(client, ["anna", "bert", "carla"])  # spraying from this address
    oidc.person = person(owner.email)
    response = sign_in(client, oidc)
    assert response.status_code == 429 and "Too many failed logins" in response.content.decode()
    assert signed_in_user(client) is None
    assert oidc.token_requests == 0  # refused before the provider is asked


def test_a_username_locked_from_this_address_cannot_sign_in_through_the_provider(
    client, oidc, owner, colleague
):
    _wrong_passwords(client, ["owner"] * 5)
    oidc.person = person(owner.email)
    response = sign_in(client, oidc)
    assert response.status_code == 429 and signed_in_user(client) is None
    # Someone else from the same address is not locked out.
    oidc.person = person(colleague.email)
    assert sign_in(client, oidc).url == "/"
    assert signed_in_user(client) == colleague


def test_failed_sign_ins_through_the_provider_count_towards_the_lock_out(client, oidc, owner):
    for _attempt in range(4):
        assert client.get("/oidc/callback/?code=guess&state=guess").status_code == 302
    assert client.get("/oidc/callback/?code=guess&state=guess").status_code == 429
    assert AccessAttempt.objects.get(username=None).failures_since_start == 5
    oidc.person = person(owner.email)
    assert sign_in(client, oidc).status_code == 429
    assert oidc.token_requests == 0


# --- the second factor ------------------------------------------------------------------------------------------


def test_with_an_authenticator_app_its_code_follows_the_provider_whatever_the_provider_says(
    client, oidc, dpo, settings
):
    settings.OTP_REQUIRED_FOR_DPO = True
    device = TOTPDevice.objects.create(user=dpo, name="phone", confirmed=True)
    oidc.person = person(dpo.email, amr=["pwd", "mfa"])
    response = sign_in(client, oidc, next_url="/incidents/")
    assert response.url == "/accounts/login/code/"
    assert signed_in_user(client) is None  # not before the code
    response = client.post("/accounts/login/code/", {"code": code_for(device)})
    assert response.url == "/incidents/"
    user = client.get("/accounts/").wsgi_request.user
    assert user == dpo and user.otp_device == device
    require_second_factor(user)


def test_a_second_factor_at_the_provider_lets_a_dpo_without_an_app_do_the_binding_acts(
    client, oidc, dpo, settings
):
    settings.OTP_REQUIRED_FOR_DPO = True
    oidc.person = person(dpo.email, amr=["pwd", "otp"])
    assert sign_in(client, oidc).url == "/"
    response = client.get("/accounts/")
    assert "which checked a second factor" in response.content.decode()
    require_second_factor(response.wsgi_request.user)  # approve, file, decide: allowed


def test_without_a_second_factor_at_the_provider_a_dpo_must_set_up_an_app(client, oidc, dpo, settings):
    settings.OTP_REQUIRED_FOR_DPO = True
    oidc.person = person(dpo.email, amr=["pwd"], acr="urn:example:password")
    assert sign_in(client, oidc).url == "/accounts/two-factor/"
    with pytest.raises(DomainError) as refused:
        require_second_factor(client.get("/accounts/").wsgi_request.user)
    assert refused.value.code == ENROLMENT_REQUIRED


def test_which_claims_count_as_a_second_factor_is_configurable(
    client,
    oidc_provider,  # noqa: F811
    monkeypatch,
    dpo,
    settings,
):
    settings.OTP_REQUIRED_FOR_DPO = True
    with oidc_enabled(
        oidc_provider, monkeypatch, OIDC_MFA_AMR_VALUES="", OIDC_MFA_ACR_VALUES="urn:example:mfa"
    ):
        oidc_provider.person = person(dpo.email, amr=["mfa"])  # no longer enough
        assert sign_in(client, oidc_provider).url == "/accounts/two-factor/"
        client.logout()
        oidc_provider.person = person(dpo.email, acr="urn:example:mfa")
        assert sign_in(client, oidc_provider).url == "/"


def test_a_second_factor_at_the_provider_does_not_open_the_admin(client, oidc, settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    staff = UserFactory(username="operator", is_staff=True, is_superuser=True)
    staff.save()
    oidc.person = person(staff.email, amr=["mfa"])
    assert sign_in(client, oidc).url == "/accounts/two-factor/"  # set up the app, as after a password
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1] == ("/accounts/two-factor/", 302)


# --- logs -------------------------------------------------------------------------------------------------------


def test_refusals_are_logged_with_their_reason_and_without_personal_data(client, oidc, owner, caplog):
    caplog.set_level(logging.INFO)
    for claims in (
        person(owner.email, email_verified=False),
        person("stranger@example.nl"),
        person(owner.email, given_name="Owen"),
    ):
        oidc.person = claims
        oidc.sign_with_other_key = claims.get("given_name") == "Owen"
        sign_in(client, oidc)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for reason in ("unverified_email", "unknown_user", "InvalidSignatureError"):
        assert reason in logged
    for personal in (owner.email.lower(), "stranger", "Owen", f"sub-{owner.email.lower()}"):
        assert personal not in logged.lower()
    assert PASSWORD not in logged
