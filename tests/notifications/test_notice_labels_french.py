"""French says the states of a notice in the feminine — « une notification approuvée, déposée, envoyée,
publiée » — while the same English word keeps the masculine where it qualifies a masculine noun (« un envoi
envoyé », « un incident approuvé »): the notice's labels have a context of their own where they are shared."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from delivery.models import Delivery
from notifications.models import Notice

ROOT = Path(settings.BASE_DIR)


pytestmark = pytest.mark.usefixtures("compiled_catalogues")


def french(label) -> str:
    with translation.override("fr"):
        return str(label)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Notice.Status.APPROVED, "Approuvée"),
        (Notice.Status.FILED, "Déposée auprès de l'autorité"),
        (Notice.Status.SENT, "Envoyée"),
        (Notice.Status.PUBLISHED, "Publiée"),
    ],
)
def test_the_states_of_a_notice_are_feminine(status, expected):
    assert french(status.label) == expected


def test_no_state_of_a_notice_is_a_masculine_participle():
    masculine = re.compile(
        r"\b(?:approuvé|déposé|envoyé|publié|retiré|rédigé|annulé|transmis)\b", re.IGNORECASE
    )
    assert not [label for label in Notice.Status.labels if masculine.search(french(label))]


def test_a_delivery_sent_stays_masculine():
    assert french(Delivery.Status.SENT.label) == "Envoyé"  # un envoi


def test_the_notice_page_says_who_approved_it_in_the_feminine():
    page = (ROOT / "notifications" / "templates" / "notifications" / "notice.html").read_text(
        encoding="utf-8"
    )
    assert '{% translate "Approved by" context "a notice" %}' in page
    template = (
        '{% load i18n %}{% translate "Approved by" context "a notice" %} | {% translate "Approved by" %}'
    )
    with translation.override("fr"):
        notice, incident = Template(template).render(Context()).split(" | ")
    assert (notice, incident) == ("Approuvée par", "Approuvé par")
