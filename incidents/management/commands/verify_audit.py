from django.core.management.base import BaseCommand, CommandError

from incidents.audit import audit_keys
from incidents.models import Incident
from incidents.verification import verify


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class Command(BaseCommand):
    help = (
        "Verify the keyed, hash-chained audit trail of every incident against the latest anchor; report altered "
        "or removed events and say which audit keys the events were hashed with."
    )

    def add_arguments(self, parser):
        parser.add_argument("--incident", type=int, help="Only this incident id.")

    def handle(self, *args, incident=None, **options):
        incidents = Incident.objects.all()
        if incident is not None:
            incidents = incidents.filter(pk=incident)
        result = verify(incidents)
        self.stdout.write(self._keys_line(result.keys))
        self.stdout.write(self._anchor_line(result.anchor_run))
        for problem in result.problems:
            self.stderr.write(f"TAMPERED {problem}")
        if result.problems:
            raise CommandError(
                f"{len(result.problems)} problem(s) in the audit trail of {result.checked} incident(s)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact for {result.checked} incident(s)."))

    @staticmethod
    def _keys_line(keys) -> str:
        """Configured keys oldest first, then any unknown id, then the events from before the key."""
        order = {key_id: position for position, key_id in enumerate(audit_keys())}
        met = sorted(keys, key=lambda key_id: (key_id is None, order.get(key_id, len(order)), key_id or ""))
        if not met:
            return "Keys met: none (no events)."
        names = [
            f"{'unkeyed (before the audit key)' if key_id is None else key_id}: {_plural(keys[key_id], 'event')}"
            for key_id in met
        ]
        return f"Keys met: {', '.join(names)}."

    @staticmethod
    def _anchor_line(run) -> str:
        if run is None:
            return "There is no anchor yet: manage.py audit_anchor (or beat) writes one."
        return f"Checked against anchor run {run['run']} of {run['at']} ({_plural(run['chains'], 'chain')})."
