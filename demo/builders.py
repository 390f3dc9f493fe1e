"""Rows from the demo's data (``demo.data``): organisations, people, inventories and the processor's contract
terms. Each builder can run again: organisations and users are matched by slug and username, an inventory import
matches by name, and saving the same terms again changes nothing."""

from __future__ import annotations

from demo import data, notices
from incidents.models import Membership, Organisation, User
from incidents.roles import Role
from inventory import services as inventory_services
from inventory.models import ProcessingActivity


def organisations() -> dict[str, Organisation]:
    """The demo's organisations by slug, in the order of ``data.ORGANISATIONS`` (a processor before its clients)."""
    orgs: dict[str, Organisation] = {}
    for slug, fields in data.ORGANISATIONS.items():
        fields = dict(fields)
        if "processor" in fields:
            fields["processor"] = orgs[fields["processor"]]
        orgs[slug], _ = Organisation.objects.update_or_create(slug=slug, defaults=fields)
    return orgs


def people(orgs: dict[str, Organisation]) -> dict[str, User]:
    """The demo's logins by username, each a member of its organisation, and the admin; all with the demo
    password."""
    users = {}
    for person in data.PEOPLE:
        username = person["username"]
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": person["first_name"],
                "last_name": person["last_name"],
                "email": f"{username}@example.nl",
            },
        )
        user.set_password(data.DEMO_PASSWORD)
        user.save()
        Membership.objects.update_or_create(
            user=user, organisation=orgs[person["organisation"]], defaults={"role": Role(person["role"])}
        )
        users[username] = user
    admin, _ = User.objects.update_or_create(
        username=data.ADMIN["username"],
        defaults={"is_staff": True, "is_superuser": True, "email": data.ADMIN["email"]},
    )
    admin.set_password(data.DEMO_PASSWORD)
    admin.save()
    return users


def inventories(orgs: dict[str, Organisation], users: dict[str, User]) -> int:
    """Import each organisation's inventory; returns the number of records created now (0 on a second run)."""
    created = 0
    for inventory in data.INVENTORIES:
        result = inventory_services.inventory_import(
            actor=users[inventory["imported_by"]],
            organisation=orgs[inventory["organisation"]],
            document=inventory["document"],
        )
        created += result.created
    return created


def retired_activities(orgs: dict[str, Organisation], users: dict[str, User]) -> None:
    """Archive the activities of an earlier demo that are no longer part of it, if still there."""
    for retired in data.RETIRED_ACTIVITIES:
        old = ProcessingActivity.objects.filter(
            organisation=orgs[retired["organisation"]], name=retired["name"], archived_at__isnull=True
        ).first()
        if old is not None:
            inventory_services.record_archive(
                actor=users[retired["archived_by"]], model=ProcessingActivity, record_id=old.pk
            )


def dpa_terms(orgs: dict[str, Organisation], users: dict[str, User]) -> None:
    """The breach clauses of the processor's data processing agreements with its clients."""
    for terms in data.DPA_TERMS:
        notices.dpa_terms_save(
            actor=users[terms["saved_by"]], client=orgs[terms["client"]], terms=terms["terms"]
        )
