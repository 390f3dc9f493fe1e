"""Leaving the data as a suite found it (issue 19). A suite measures on the world (built once, shared, kept) and
whatever it adds on top of it is removed when it ends, also when it fails half-way: left behind, it changed what
the next suite and the next run measured (a sweep after the import purged its million people in its own beat) and
filled the disk.

The suites remove their rows by the ids they recorded, or above the last id there was before they began when the
rows are made by the code being measured (the clock's reminders) — never by emptying a table the world shares.
Here are the helpers every suite needs: a signed-in client that takes its traces with it, and the folders a suite's
files made. What cannot be removed by design (audit events: the trail is append-only) is said in bench/README.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from axes.models import AccessLog
from django.contrib.sessions.models import Session
from django.db.models import Max, Model
from django.test import Client

from incidents.models import User


def last_id(model: type[Model]) -> int:
    """The highest id of ``model`` now (0: none): what the suite then makes lies above it."""
    return model.objects.aggregate(last=Max("pk"))["last"] or 0


@contextmanager
def signed_in(user: User) -> Iterator[Client]:
    """A test client signed in as ``user``. Signing in writes a session, a line of the lock-out log (django-axes)
    and the user's last login; when the client is done, the session and that line are deleted and the last login is
    put back."""
    last_login = User.objects.filter(pk=user.pk).values_list("last_login", flat=True).get()
    client = Client()
    client.force_login(user)
    key = client.session.session_key
    try:
        yield client
    finally:
        Session.objects.filter(session_key=key).delete()
        AccessLog.objects.filter(session_hash=hashlib.sha256(key.encode()).hexdigest()).delete()
        User.objects.filter(pk=user.pk).update(last_login=last_login)


@contextmanager
def new_folders_removed(root: Path) -> Iterator[None]:
    """Storing a file makes its folders (``MEDIA_ROOT`` itself, ``imports/``) when they are missing; those that did
    not exist before and are empty again at the end are removed, the deepest first. Folders that existed stay."""
    existed = _folders(root)
    try:
        yield
    finally:
        for folder in sorted(_folders(root) - existed, key=lambda path: len(path.parts), reverse=True):
            if not any(folder.iterdir()):
                folder.rmdir()


def _folders(root: Path) -> set[Path]:
    if not root.is_dir():
        return set()
    return {root} | {path for path in root.rglob("*") if path.is_dir()}
