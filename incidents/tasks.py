"""Celery tasks: thin wrappers that call services and selectors."""

import logging

from datalek.celery import app
from incidents.anchor import anchor_write
from incidents.models import Incident
from incidents.verification import verify

logger = logging.getLogger(__name__)


@app.task(name="incidents.tasks.audit_verify_all")
def audit_verify_all() -> dict:
    """Periodic (beat) check of every audit chain; a broken chain is logged as an error (and so reaches
    Sentry when configured). Returns the counts so a caller can see what was checked."""
    result = verify(Incident.objects.all())
    for problem in result.problems:
        logger.error("Audit trail tampered: %s", problem)
    return {"checked": result.checked, "problems": [str(p) for p in result.problems]}


@app.task(name="incidents.tasks.audit_anchor")
def audit_anchor() -> dict:
    """Periodic (beat) anchor of every chain that changed outside the database (``incidents/anchor.py``). A chain
    that does not verify is left out and logged as an error, as is a damaged anchor file (then nothing is added)."""
    result = anchor_write()
    return {
        "run": result.run["run"],
        "anchored": result.anchored,
        "problems": [str(p) for p in result.problems],
    }
