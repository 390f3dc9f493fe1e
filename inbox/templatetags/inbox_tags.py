from django import template

from inbox.selectors import inbox_count as count_for

register = template.Library()


@register.simple_tag
def inbox_count(user) -> int:
    """The number in the navigation: read only where the navigation is drawn (for a signed-in user)."""
    return count_for(user)
