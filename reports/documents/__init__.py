"""The documents Datalek makes, one module per kind, registered by kind: each says which template it is rendered
with, in which language, and builds its context from the stored data only (``reports.rendering`` renders them).

A kind module has:
- ``KIND``: the ``Document.Kind`` it makes;
- ``language(document) -> str``: the document's language (the context is built and rendered in it);
- ``page(document) -> (template, context)``: what a stored document shows, called in that language.

It may have more (a notice's document is also rendered straight from a notice; the previews build the same
context for what is not stored yet), but the stored documents go only through ``kind_of``.
"""

from __future__ import annotations

from types import ModuleType

from reports.documents import incident_report, letters, notice, obligation_report, register

KINDS: dict[str, ModuleType] = {
    module.KIND: module for module in (notice, letters, incident_report, register, obligation_report)
}


def kind_of(kind: str) -> ModuleType:
    """The module that makes documents of this kind."""
    try:
        return KINDS[kind]
    except KeyError:
        raise LookupError(f"No document module is registered for the kind {kind!r}.") from None
