from django import template

from incidents.roles import TEAM_ROLES, Role, roles_by_organisation

register = template.Library()


@register.simple_tag
def user_areas(user) -> dict[str, bool]:
    """Which parts of Datalek the navigation offers: the team's pages, the controller portal, or both."""
    roles = set(roles_by_organisation(user).values())
    return {"team": bool(roles & set(TEAM_ROLES)), "portal": Role.CONTROLLER in roles}
