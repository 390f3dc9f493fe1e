"""``manage.py inventory_export ORG_SLUG > inventory.json``: an organisation's inventory as one JSON document
(``--csv systems|processing_activities|processors`` for one table as CSV)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from incidents.models import Organisation
from inventory import exchange


class Command(BaseCommand):
    help = "Print an organisation's inventory (systems, processing activities, processors) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="The organisation's short name (slug).")
        parser.add_argument("--csv", choices=list(exchange.SECTIONS), help="One table as CSV instead.")

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(
            slug=options["organisation"], kind=Organisation.Kind.OWN
        ).first()
        if organisation is None:
            raise CommandError(f"No organisation of ours called “{options['organisation']}”.")
        if options["csv"]:
            self.stdout.write(exchange.export_csv(organisation, options["csv"]), ending="")
            return
        document = exchange.export_document(organisation, exported_at=timezone.now())
        self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False))
