"""System checks: a relaxed second factor is said out loud at every start (``manage.py check``, runserver, migrate)."""

from __future__ import annotations

from django.core.checks import Tags, Warning, register

from incidents.second_factor import relaxed

_WARNINGS = {
    "dpo": Warning(
        "OTP_REQUIRED_FOR_DPO is off: a DPO without an authenticator app approves, files and decides with a "
        "password alone.",
        hint="Fine for a demo or development (make run, DEBUG=true). In production leave OTP_REQUIRED_FOR_DPO unset, or true.",
        id="accounts.W001",
    ),
    "staff": Warning(
        "OTP_REQUIRED_FOR_STAFF is off: staff without an authenticator app enter the admin with a password alone.",
        hint="Fine for a demo or development (make run, DEBUG=true). In production leave OTP_REQUIRED_FOR_STAFF unset, or true.",
        id="accounts.W002",
    ),
}


@register(Tags.security)
def second_factor_relaxed(app_configs, **kwargs) -> list[Warning]:
    return [_WARNINGS[who] for who in relaxed()]
