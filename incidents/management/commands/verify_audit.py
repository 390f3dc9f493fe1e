from django.core.management.base import BaseCommand, CommandError

from incidents.audit import verify_all
from incidents.models import Incident


class Command(BaseCommand):
    help = "Verify the hash-chained audit trail of every incident; report altered or removed events."

    def add_arguments(self, parser):
        parser.add_argument("--incident", type=int, help="Only this incident id.")

    def handle(self, *args, incident=None, **options):
        incidents = Incident.objects.all()
        if incident is not None:
            incidents = incidents.filter(pk=incident)
        checked, problems = verify_all(incidents)
        for problem in problems:
            self.stderr.write(f"TAMPERED {problem}")
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the audit trail of {checked} incident(s).")
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact for {checked} incident(s)."))
