"""Issue 14 in the browser: a DPO puts the people of a two-group breach in their groups on the list, and the notice
to the people says whom it tells and goes to the group at high risk only. Arranged through the services; the DPO's
steps are clicked in Chromium (Playwright, as tests/e2e), with screenshots in test-artifacts/screenshots/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from delivery.models import Delivery
from notifications import services
from notifications.models import Notice
from people.subjects import subjects_import_csv
from tests.e2e.conftest import browser, live_server, log_in, page, shot  # noqa: F401 - fixtures
from tests.notifications.conftest import TWO_GROUPS, decided

pytestmark = pytest.mark.e2e

LIST = (
    "name;email;postal_address;language;group\n"
    "Anna de Vries;anna@example.nl;;nl;customers\n"
    "Bram Jansen;bram@example.nl;;nl;customers\n"
    "Chloé Martin;chloe@example.fr;;fr;\n"
    "Mila Medisch;mila@example.nl;;nl;medical note\n"
)


def test_a_dpo_groups_the_list_and_the_notice_tells_the_group_at_high_risk_only(
    page,  # noqa: F811 - the e2e fixture imported above
    owner,
    dpo,
    dpo2,
    django_capture_on_commit_callbacks,
):
    incident = decided(owner, dpo, facts=TWO_GROUPS, title="Customer export read by an attacker")
    subjects_import_csv(actor=owner, incident_id=incident.pk, data=LIST.encode())
    notice = services.notice_draft(actor=owner, incident_id=incident.pk, kind="subjects")
    services.notice_submit(actor=owner, notice_id=notice.pk)
    services.notice_approve(actor=dpo2, notice_id=notice.pk)

    log_in(page, "dpo")
    page.goto(f"/incidents/{incident.pk}/subjects/")
    problems = page.locator("#problems")
    expect(problems).to_contain_text("Chloé Martin")
    expect(problems).to_contain_text("group: not given, and this breach has several groups")
    shot(page, "people-by-group-problem")

    problems.get_by_label("Put everyone on the list without a group into:").select_option("customers")
    problems.get_by_role("button", name="Set the group").click()
    expect(page.get_by_text("1 person without a group is now in “customers”.")).to_be_visible()
    expect(page.locator("#problems")).to_have_count(0)
    expect(page.locator("tr", has_text="Chloé Martin")).to_contain_text("customers")
    shot(page, "people-by-group")

    page.locator("#group-filter").get_by_role("link", name="medical note").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text("Mila Medisch")
    shot(page, "people-by-group-filtered")

    page.goto(f"/notices/{notice.pk}/")
    audience = page.locator("#audience")
    expect(audience).to_contain_text("1 person on the list will be told")
    expect(audience.locator("tr", has_text="customers")).to_contain_text("not a high risk to them")
    expect(audience.locator("tr", has_text="medical note")).to_contain_text("told: high risk")
    shot(page, "notice-by-group", element=audience)
    shot(page, "notice-by-group-page")

    with django_capture_on_commit_callbacks(execute=True):
        page.get_by_role("button", name="Send").click()
        expect(page.locator("#notice-status")).to_have_text("Sent")
    assert list(Delivery.objects.filter(notice=notice).values_list("recipient", flat=True)) == [
        "mila@example.nl"
    ]
    assert Notice.objects.get(pk=notice.pk).status == Notice.Status.SENT
    shot(page, "notice-by-group-sent")
