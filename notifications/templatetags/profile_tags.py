from django import template

from notifications.profile import editable_organisations

register = template.Library()


@register.simple_tag
def profile_organisations(user) -> list:
    """The organisations whose details this user keeps (a DPO's): the navigation links to each one's page."""
    return editable_organisations(user)
