"""The banner of every page while the second factor is relaxed (``OTP_REQUIRED_FOR_DPO`` / ``_STAFF`` off)."""

from django import template

from incidents.second_factor import relaxed

register = template.Library()


@register.inclusion_tag("accounts/_second_factor_banner.html")
def second_factor_banner() -> dict:
    """Shown to everyone, logged in or not: a demo should look like one."""
    who = relaxed()
    return {"dpo": "dpo" in who, "staff": "staff" in who}
