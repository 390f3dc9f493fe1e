"""Letters to the people without an e-mail address (Art. 34): one per person, in the person's language, with the
approved texts of the notice (Art. 34(2)), made in batches of the notice's postal deliveries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from delivery.models import Delivery
from notifications.models import Notice
from people.groups import texts_for
from reports.selectors import document_meta, notice_version, postal_deliveries

LETTER_BATCH_SIZE = 500  # letters per PDF: a print run, and a file a printer takes


@dataclass(frozen=True)
class Batch:
    number: int
    first_id: int
    last_id: int
    count: int

    def as_params(self) -> dict[str, int]:
        return {"batch": self.number, "first_id": self.first_id, "last_id": self.last_id, "count": self.count}


def batches(notice: Notice) -> list[Batch]:
    """The notice's letters still to print, in batches of ``LETTER_BATCH_SIZE`` by delivery id (ids only: constant
    memory)."""
    size = LETTER_BATCH_SIZE
    ids = postal_deliveries(notice).filter(status=Delivery.Status.TO_PRINT).values_list("id", flat=True)
    found: list[Batch] = []
    chunk: list[int] = []
    for delivery_id in ids.iterator(chunk_size=2000):
        chunk.append(delivery_id)
        if len(chunk) == size:
            found.append(Batch(len(found) + 1, chunk[0], chunk[-1], len(chunk)))
            chunk = []
    if chunk:
        found.append(Batch(len(found) + 1, chunk[0], chunk[-1], len(chunk)))
    return found


def batch_deliveries(notice: Notice, params: dict[str, int]):
    return postal_deliveries(notice).filter(id__gte=params["first_id"], id__lte=params["last_id"])


def preview_context(notice: Notice, language: str, group: str = "") -> dict[str, Any]:
    """One letter exactly as a person of ``group`` reading ``language`` gets it, without a name or an address
    (the preview on the notice page): the same template and texts as the letters printed."""
    context = _context(notice, [])
    context["letters"] = [
        {
            "number": 1,
            "name": "",
            "address": _("(the person's postal address)"),
            "language": language,
            "texts": texts_for(notice.content, language, group),
        }
    ]
    context["params"] = {"batch": 0}
    return context


def letters_context(notice: Notice, params: dict[str, int], *, limit: int | None = None) -> dict[str, Any]:
    texts = notice.content.get("texts", {})
    fallback = next(iter(sorted(texts)), None)
    deliveries = batch_deliveries(notice, params)
    if limit is not None:
        deliveries = deliveries[:limit]
    letters = [
        {
            "number": index,
            "name": d.recipient_name,
            "address": d.recipient,
            "language": d.language if d.language in texts else fallback,
            # the data of the person's own group, when the notice is told by group (``people.groups``)
            "texts": texts_for(notice.content, d.language if d.language in texts else fallback, d.group),
        }
        for index, d in enumerate(deliveries, start=1)
    ]
    return _context(notice, letters) | {"params": params}


def _context(notice: Notice, letters: list[dict[str, Any]]) -> dict[str, Any]:
    organisation = notice.on_behalf_of or notice.incident.organisation
    return {
        "doc": document_meta(
            kind="letters",
            reference=notice.incident.reference,
            language=notice.language,
            version=notice_version(notice),
            created=notice.approved_at or notice.drafted_at,
            author=organisation.name,
        ),
        "notice": notice,
        "organisation": organisation,
        "dated": notice.released_at or notice.approved_at or notice.drafted_at,
        "letters": letters,
        "approved": bool(notice.content_sha256),
    }
