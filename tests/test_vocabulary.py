"""One breach vocabulary (vocabulary/codes.py) that the engine, the inventory, the forms, the notices and the
documents all speak: its codes are the engine's, and it stands at the bottom of the house (no app of ours below it;
the engine imports no Django app)."""

import ast
from pathlib import Path
from typing import get_args

import pytest

from inventory import vocabulary as inventory_vocabulary
from risk.engine import facts as engine
from vocabulary import codes

ROOT = Path(__file__).resolve().parents[1]
APPS = {
    "accounts",
    "datalek",
    "inbox",
    "incidents",
    "inventory",
    "notifications",
    "people",
    "processors",
    "delivery",
    "portal",
    "reports",
    "risk",
}


@pytest.mark.parametrize(
    ("vocabulary", "literal"),
    [
        (codes.SECTORS, engine.Sector),
        (codes.NATURES, engine.Nature),
        (codes.CONFIDENTIALITY, engine.Confidentiality),
        (codes.CAUSES, engine.Cause),
        (codes.RECIPIENTS, engine.Recipients),
        (codes.DATA_CATEGORIES, engine.DataCategory),
        (codes.DATA_ELEMENTS, engine.DataElement),
        (codes.IDENTIFIABILITY, engine.Identifiability),
        (codes.PROTECTION_LEVELS, engine.Encryption),
        (codes.HASHING_LEVELS, engine.Hashing),
        (codes.BACKUP, engine.Backup),
        (codes.AVAILABILITY_LOSS, engine.AvailabilityLoss),
        (codes.AVAILABILITY_IMPACT, engine.AvailabilityImpact),
        (codes.INTEGRITY_LOSS, engine.IntegrityLoss),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_every_vocabulary_has_the_engines_codes_in_its_order(vocabulary, literal):
    assert codes.codes(vocabulary) == get_args(literal)


def test_the_inventory_speaks_the_same_vocabulary_not_a_copy():
    assert inventory_vocabulary.DATA_CATEGORIES is codes.DATA_CATEGORIES
    assert inventory_vocabulary.SUBJECT_CATEGORIES is codes.SUBJECT_CATEGORIES


def test_protection_and_backup_levels_of_the_inventory_are_the_engines():
    # A system always has its hashing and backup regime: "not applicable" is said of a breach (no passwords, no
    # data lost), never of a system, so the inventory has every level of the engine but that one.
    applicable = {"not_applicable"}
    assert set(inventory_vocabulary.Protection.values) == set(get_args(engine.Encryption))
    assert set(inventory_vocabulary.Hashing.values) == set(get_args(engine.Hashing)) - applicable
    assert set(inventory_vocabulary.Backup.values) == set(get_args(engine.Backup)) - applicable
    assert set(inventory_vocabulary.PROTECTION_ORDER) == set(get_args(engine.Encryption))
    assert set(inventory_vocabulary.BACKUP_ORDER) == set(get_args(engine.Backup)) - applicable


def test_countries_are_iso_codes_and_the_eea_is_among_them():
    assert {"NL", "IE", "US", "BE", "FR"} <= inventory_vocabulary.COUNTRY_CODES
    assert inventory_vocabulary.EEA_COUNTRY_CODES <= inventory_vocabulary.COUNTRY_CODES
    assert (
        "US" not in inventory_vocabulary.EEA_COUNTRY_CODES and "NO" in inventory_vocabulary.EEA_COUNTRY_CODES
    )


def imported(paths) -> set[str]:
    names = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
    return names


def test_the_vocabulary_imports_no_app_of_ours():
    assert not imported((ROOT / "vocabulary").rglob("*.py")) & APPS


def test_the_engine_imports_no_django_app():
    assert not imported((ROOT / "risk" / "engine").rglob("*.py")) & (APPS - {"risk"})
