from django.core.management.base import BaseCommand

from incidents.audit import current_key_id
from incidents.key_rotation import chains_rotate_key


class Command(BaseCommand):
    help = (
        "Move every audit chain to the current audit key (the last of AUDIT_KEYS) at once, recording the change "
        "in each chain. Without it a chain moves when its next event is written."
    )

    def handle(self, *args, **options):
        moved, unkeyed = chains_rotate_key()
        chains = "1 chain" if moved == 1 else f"{moved} chains"
        self.stdout.write(self.style.SUCCESS(f"Moved {chains} to audit key {current_key_id()!r}."))
        if unkeyed:
            self.stderr.write(
                f"Left {len(unkeyed)} chain(s) that end in an unkeyed event (incidents {unkeyed[:20]}): "
                "run manage.py verify_audit."
            )
