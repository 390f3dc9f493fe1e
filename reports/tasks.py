"""Celery tasks: thin wrappers that take ids and call the services."""

from __future__ import annotations

from datalek.celery import app
from reports import services


@app.task(name=services.DOCUMENT_RENDER, acks_late=True)
def document_render(*, document_id: int) -> str:
    """Render one document. Long documents never block a request; the page shows the status meanwhile."""
    return services.document_render(document_id)
