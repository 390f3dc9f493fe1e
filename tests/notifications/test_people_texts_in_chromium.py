"""Issue 15 in the browser: a DPO reads the draft notice to the people of a two-group breach — the texts composed
for them, the group's own sections, the readability flags on what a person wrote — and opens the e-mail and the
letter exactly as the group at high risk gets them. Clicked in Chromium (Playwright, as tests/e2e), with
screenshots in test-artifacts/screenshots/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from notifications import services
from people.subjects import subjects_import_csv
from tests.e2e.conftest import browser, live_server, log_in, page, shot  # noqa: F401 - fixtures
from tests.notifications.conftest import TWO_GROUPS, decided

pytestmark = pytest.mark.e2e

LIST = (
    "name;email;postal_address;language;group\n"
    "Anna de Vries;anna@example.nl;;en;customers\n"
    "Mila Medisch;;Kerkstraat 2, 1234 AB Dorp;en;medical note\n"
)


def test_a_dpo_reads_the_groups_texts_with_their_flags_and_previews_the_letter(
    page,  # noqa: F811 - the e2e fixture imported above
    owner,
    dpo,
):
    incident = decided(owner, dpo, facts=TWO_GROUPS, description="Ransomware versleutelde de orderserver.")
    subjects_import_csv(actor=owner, incident_id=incident.pk, data=LIST.encode())
    notice = services.notice_draft(actor=owner, incident_id=incident.pk, kind="subjects")
    services.notice_edit(
        actor=owner,
        notice_id=notice.pk,
        texts={"en": {"measures": "Forensisch onderzoek door Fox-IT; de server is geïsoleerd."}},
    )

    log_in(page, "dpo")
    page.goto(f"/notices/{notice.pk}/")
    texts = page.locator("#texts-en")
    expect(texts.locator('[data-group-text="medical note"]')).to_contain_text("information about your health")
    expect(texts.locator('[data-group-text="customers"]')).to_have_count(0)
    expect(texts).not_to_contain_text("orderserver")
    measures = texts.locator('[data-section="measures"]')
    expect(measures.locator("[data-readability]")).to_contain_text("Words of another language (Dutch)")
    shot(page, "people-texts", element=texts)

    with page.expect_popup() as opened:
        texts.locator('[data-preview="letter"]').click()
    letter = opened.value
    expect(letter.locator(".letter")).to_contain_text("information about your health")
    expect(letter.locator(".letter")).to_contain_text("Dear Sir or Madam")
    expect(letter.locator(".letter")).not_to_contain_text("orderserver")
    shot(letter, "people-letter-preview")
