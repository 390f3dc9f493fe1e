"""``manage.py inventory_import ORG_SLUG inventory.json``: load a document into an organisation's inventory.

The whole file is checked first; on any problem nothing changes, each problem is printed with its place
(``systems[2].encryption``) and the command exits 2. Importing the same file again changes nothing."""

from __future__ import annotations

import json
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from incidents.models import Organisation
from inventory import services


class Command(BaseCommand):
    help = "Import an inventory document (as written by inventory_export), matching records by name."

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="The organisation's short name (slug).")
        parser.add_argument("file", help="The JSON document; - reads standard input.")

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(
            slug=options["organisation"], kind=Organisation.Kind.OWN
        ).first()
        if organisation is None:
            raise CommandError(f"No organisation of ours called “{options['organisation']}”.", returncode=2)
        document = self._read(options["file"])
        try:
            result = services.inventory_import_as_operator(organisation=organisation, document=document)
        except ValidationError as exc:
            for place, messages in exc.message_dict.items():
                for message in messages:
                    self.stderr.write(f"{place}: {message}")
            raise CommandError("Nothing was imported.", returncode=2) from exc
        self.stdout.write(
            self.style.SUCCESS(
                "Imported into {org}: {created} new, {updated} changed, {unchanged} unchanged.".format(
                    org=organisation.name, **result.as_dict()
                )
            )
        )

    def _read(self, path: str):
        try:
            if path == "-":
                return json.load(sys.stdin)
            with open(path, encoding="utf-8") as handle:
                return json.load(handle)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}", returncode=2) from exc
        except ValueError as exc:
            raise CommandError(f"{path} is not JSON: {exc}", returncode=2) from exc
