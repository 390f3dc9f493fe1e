"""Fixtures of the trust tests that need the world of two organisations (tests/trust/world.py); nothing here is
autouse, so the other modules of this folder are untouched."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

from tests.trust.world import World, build_world


@pytest.fixture(scope="module")
def trust_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture
def world_media(_test_settings, settings, trust_media):
    """Replaces the suite's per-test media folder (set by ``_test_settings``): the world's files live as long as
    the world. Use it (autouse) in the modules that use ``trust_world``."""
    settings.MEDIA_ROOT = trust_media


@pytest.fixture(scope="module")
def trust_world(django_db_setup, django_db_blocker, trust_media) -> World:
    """Made once per module in a transaction that is rolled back afterwards; each test runs in a savepoint."""
    fast_hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=trust_media, PASSWORD_HASHERS=fast_hasher),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)
