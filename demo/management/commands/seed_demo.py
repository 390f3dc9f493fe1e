"""``manage.py seed_demo``: the demo data of ``make run`` (demo/seeding.py), and the logins to try it with."""

from django.core.management.base import BaseCommand

from demo import data
from demo.seeding import seed
from incidents.roles import Role


class Command(BaseCommand):
    help = "Load demo organisations, users and incidents (safe to run more than once)."

    def handle(self, *args, **options):
        seeded = seed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({seeded.incidents_created} new incidents, "
                f"{seeded.records_imported} new inventory records)."
            )
        )
        self.stdout.write(
            f"Log in at http://127.0.0.1:8000/ with any of these (password: {data.DEMO_PASSWORD}):"
        )
        for person in data.PEOPLE:
            name = f"{person['first_name']} {person['last_name']}"
            role = Role(person["role"]).label
            organisation = seeded.orgs[person["organisation"]].name
            self.stdout.write(f"  {person['username']:<8} {name:<18} {role:<26} {organisation}")
        self.stdout.write(f"  {data.ADMIN['username']:<8} the Django admin at /admin/ (same password)")
