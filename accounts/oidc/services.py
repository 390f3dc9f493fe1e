"""The writes of a sign-in through the provider: a new user (``OIDC_CREATE_USERS``), and the memberships the roles
claim gives (``OIDC_ROLES_CLAIM``).

Logged with ids and organisation slugs only — never the e-mail address or the provider's subject (personal data).
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from accounts.oidc.claims import username_base
from incidents.models import Membership, Organisation, User
from incidents.roles import TEAM_ROLES

log = logging.getLogger("accounts.oidc")
NAME_LENGTH = 150  # AbstractUser's first_name and last_name


def _unique_username(base: str) -> str:
    users = get_user_model().objects
    if not users.filter(username__iexact=base).exists():
        return base
    number = 2
    while users.filter(username__iexact=f"{base}-{number}").exists():
        number += 1
    return f"{base}-{number}"


def oidc_user_create(*, email: str, first_name: str = "", last_name: str = "") -> User:
    """A user for someone the provider vouches for: a username of their own (``claims.username_base``, made unique),
    no usable password (they sign in through the provider, or an administrator sets one), never staff or superuser,
    no membership (the roles claim or an administrator gives those)."""
    base = username_base(email)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                user = get_user_model().objects.create_user(
                    _unique_username(base),
                    email=email,
                    password=None,
                    first_name=first_name[:NAME_LENGTH],
                    last_name=last_name[:NAME_LENGTH],
                )
        except IntegrityError:  # someone took the username meanwhile: the next number
            continue
        log.info("OIDC: created user %s", user.pk)
        return user
    raise IntegrityError("no free username")


@transaction.atomic
def memberships_from_provider(*, user: User, grants: dict[str, str]) -> None:
    """The security-team and DPO memberships of ``user`` in our own organisations become those of the roles claim:
    each one named is created or given that role, each one not named is removed. The claim is the source of truth
    once ``OIDC_ROLES_CLAIM`` is set — someone who leaves the DPO group at the provider is no DPO here from their next
    sign-in. Client organisations and unknown slugs are ignored and logged; controller memberships are untouched."""
    organisations = {
        organisation.slug: organisation
        for organisation in Organisation.objects.filter(slug__in=grants, kind=Organisation.Kind.OWN)
    }
    for slug in sorted(set(grants) - set(organisations)):
        log.warning(
            "OIDC: roles claim of user %s names %r, not an organisation of ours: ignored", user.pk, slug
        )
    current = {
        membership.organisation_id: membership
        for membership in Membership.objects.select_for_update().filter(user=user, role__in=TEAM_ROLES)
    }
    for slug, organisation in organisations.items():
        membership, created = Membership.objects.select_for_update().get_or_create(
            user=user, organisation=organisation, defaults={"role": grants[slug]}
        )
        current.pop(organisation.pk, None)
        if created:
            log.info("OIDC: user %s is %s of %s (roles claim)", user.pk, grants[slug], slug)
        elif membership.role != grants[slug]:
            log.info("OIDC: user %s is now %s of %s (roles claim)", user.pk, grants[slug], slug)
            membership.role = grants[slug]
            membership.save(update_fields=["role"])
    for membership in current.values():
        log.info(
            "OIDC: user %s is no longer %s of organisation %s",
            user.pk,
            membership.role,
            membership.organisation_id,
        )
        membership.delete()
