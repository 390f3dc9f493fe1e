"""The competent-authority resolver's reasons in the reader's language: the pure resolver words each reason as a
message (template + parameters), keeps its English text for the API and the stored record, and the pages say it
through the catalogue — or in English, whole, where the catalogue cannot."""

from __future__ import annotations

import pytest
from django.utils import translation

from notifications.authorities import Establishment, authority_for, resolve
from notifications.models import Establishment as EstablishmentRow
from notifications.templatetags.notice_tags import authority_name, said
from risk.engine.messages import Message

CASES = {
    "one state": ("controller", [Establishment("NL", True)], ["NL"]),
    "no country given": ("controller", [Establishment("FR")], []),
    "lead authority": ("controller", [Establishment("BE", True), Establishment("NL")], ["NL", "DE"]),
    "no main establishment": ("controller", [Establishment("NL"), Establishment("BE")], ["NL"]),
    "outside the EEA": ("controller", [Establishment("US", True)], ["NL", "DE"]),
    "outside the EEA, no country": ("controller", [Establishment("US")], []),
    "processor": ("processor", [Establishment("NL", True)], ["NL"]),
}


def _resolution(case: str):
    role, establishments, countries = CASES[case]
    return resolve(role=role, establishments=establishments, affected_countries=countries)


def test_the_english_reasons_are_the_messages_said_in_english():
    result = _resolution("one state")
    assert result.reasons == (
        "Art. 55(1): established only in NL and the affected people live there: Autoriteit Persoonsgegevens "
        "is competent.",
    )
    result = _resolution("outside the EEA")
    assert result.reasons[0].endswith(
        "notify every authority of a member state where affected people live: DE, NL."
    )
    assert authority_for("DE").name == "Supervisory authority of DE"


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_reason_is_said_in_the_readers_language(case, language):
    result = _resolution(case)
    with translation.override(language):
        texts = [said(message) for message in result.messages]
    assert len(texts) == len(result.reasons)
    for text, english in zip(texts, result.reasons, strict=True):
        assert text and text != english
        for code in ("NL", "DE", "BE"):  # the countries named stay named
            assert (code in english) == (code in text)


def test_the_name_of_an_authority_without_its_own_form_is_said_too():
    with translation.override("fr"):
        assert authority_name(authority_for("DE")) != "Supervisory authority of DE"
        assert "DE" in authority_name(authority_for("DE"))
        assert authority_name(authority_for("NL")) == "Autoriteit Persoonsgegevens"


def test_a_reason_the_catalogue_does_not_hold_is_english_whole():
    message = Message("Art. 99(9): a reason of a later version in %(country)s.", {"country": "NL"})
    with translation.override("nl"):
        assert said(message) == "Art. 99(9): a reason of a later version in NL."


def test_the_notifications_panel_gives_the_resolvers_reasons_in_french(client, owner, dpo):
    from tests.notifications.conftest import decided

    incident = decided(owner, dpo, affected_countries=["NL"])
    EstablishmentRow.objects.create(organisation=incident.organisation, country="NL", is_main=True)
    client.force_login(owner)
    client.cookies["django_language"] = "fr"
    page = client.get(f"/incidents/{incident.pk}/notifications/").content.decode()
    english = _resolution("one state").reasons[0]
    with translation.override("fr"):
        french = said(_resolution("one state").messages[0])
    assert french.replace("'", "&#x27;") in page and english not in page
