from django.core.management.base import BaseCommand, CommandError

from incidents.anchor import AnchorFileDamaged, anchor_path, anchor_write


class Command(BaseCommand):
    help = (
        "Append the count and head hash of every audit chain that changed since the last run to the anchor file "
        "outside the database (AUDIT_ANCHOR_DIR), as beat does every AUDIT_ANCHOR_INTERVAL_SECONDS."
    )

    def handle(self, *args, **options):
        try:
            result = anchor_write()
        except AnchorFileDamaged as exc:
            raise CommandError(str(exc)) from exc
        for problem in result.problems:
            self.stderr.write(f"NOT ANCHORED {problem}")
        chains = "1 chain" if result.anchored == 1 else f"{result.anchored} chains"
        self.stdout.write(
            f"Anchor run {result.run['run']}: {chains} anchored in {anchor_path()} "
            f"({result.run['chains']} in all, {result.run['events']} events)."
        )
        if result.problems:
            raise CommandError(f"{len(result.problems)} problem(s): those chains were not anchored.")
