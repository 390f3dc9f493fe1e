"""The inventory speaks the breach-facts vocabulary: its copy of the codes must not drift from the engine's."""

from typing import get_args

from inventory import vocabulary
from risk import forms as risk_forms
from risk.engine import facts as engine


def test_data_categories_are_the_engines_in_its_order():
    assert get_args(engine.DataCategory) == vocabulary.DATA_CATEGORY_CODES


def test_protection_and_backup_levels_are_the_engines():
    assert set(vocabulary.Protection.values) == set(get_args(engine.Encryption))
    assert set(vocabulary.Hashing.values) == set(get_args(engine.Encryption))
    assert set(vocabulary.Backup.values) == set(get_args(engine.Backup))
    assert set(vocabulary.PROTECTION_ORDER) == set(get_args(engine.Encryption))
    assert set(vocabulary.BACKUP_ORDER) == set(get_args(engine.Backup))


def test_subject_categories_are_the_ones_the_assessment_form_knows():
    assert tuple(code for code, _label in risk_forms.SUBJECT_CATEGORIES) == vocabulary.SUBJECT_CATEGORY_CODES


def test_countries_are_iso_codes_and_the_eea_is_among_them():
    assert {"NL", "IE", "US", "BE", "FR"} <= vocabulary.COUNTRY_CODES
    assert vocabulary.EEA_COUNTRY_CODES <= vocabulary.COUNTRY_CODES
    assert "US" not in vocabulary.EEA_COUNTRY_CODES and "NO" in vocabulary.EEA_COUNTRY_CODES
