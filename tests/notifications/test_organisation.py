"""Our organisation's details and establishments: kept by the DPO, read by the security team, decisive for the
competent authority."""

import pytest
from django.core.exceptions import ValidationError

from datalek.errors import DomainError
from incidents import services as incident_services
from notifications import services
from notifications.models import Establishment


def test_the_dpo_keeps_the_contact_point_and_the_security_team_cannot(org, dpo, owner):
    updated = incident_services.organisation_update(
        actor=dpo,
        organisation_id=org.pk,
        changes={
            "dpo_name": "Daan Jansen",
            "dpo_email": "fg@fietsenbaas.nl",
            "dpo_registration_number": "FG001234",
        },
    )
    assert updated.dpo_email == "fg@fietsenbaas.nl"
    with pytest.raises(DomainError):
        incident_services.organisation_update(actor=owner, organisation_id=org.pk, changes={"dpo_name": "x"})
    with pytest.raises(ValidationError) as refused:
        incident_services.organisation_update(actor=dpo, organisation_id=org.pk, changes={"dpo_email": "no"})
    assert "dpo_email" in refused.value.message_dict
    org.refresh_from_db()
    assert org.dpo_email == "fg@fietsenbaas.nl"


def test_one_main_establishment_and_it_decides_the_lead_authority(org, dpo, notifiable):
    services.establishment_save(actor=dpo, organisation_id=org.pk, country="NL", is_main=True)
    services.establishment_save(actor=dpo, organisation_id=org.pk, country="be", is_main=True)
    assert list(Establishment.objects.filter(is_main=True).values_list("country", flat=True)) == ["BE"]
    with pytest.raises(ValidationError):
        services.establishment_save(actor=dpo, organisation_id=org.pk, country="XX")
    assert services.authorities_resolution(notifiable).codes == ("GBA",)  # cross-border: NL + BE, main in BE
    services.establishment_remove(actor=dpo, organisation_id=org.pk, country="BE")
    assert services.authorities_resolution(notifiable).codes == ("AP",)


def test_the_organisation_page(client, org, dpo, owner, outsider):
    client.force_login(dpo)
    assert client.get(f"/organisations/{org.pk}/").status_code == 200
    response = client.post(
        f"/organisations/{org.pk}/",
        {"org-name": org.name, "org-country": "NL", "org-language": "nl", "org-dpo_email": "fg@example.nl"},
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.dpo_email == "fg@example.nl"
    client.post(f"/organisations/{org.pk}/", {"est-country": "FR", "est-is_main": "on"})
    assert Establishment.objects.get().country.code == "FR"
    client.force_login(owner)
    page = client.get(f"/organisations/{org.pk}/").content.decode()
    assert "disabled" in page and "Only the DPO changes them" in page
    client.force_login(outsider)
    assert client.get(f"/organisations/{org.pk}/").status_code == 404


def test_the_organisation_api(org, dpo, owner, outsider):
    from tests.incidents.test_api import assert_error, client_for

    dpo_client = client_for(dpo)
    assert (
        dpo_client.patch(
            f"/api/organisations/{org.pk}/", {"dpo_phone": "+31 20 123 4567"}, format="json"
        ).json()["dpo_phone"]
        == "+31 20 123 4567"
    )
    assert_error(
        dpo_client.patch(f"/api/organisations/{org.pk}/", {"dpo_email": "nope"}, format="json"),
        400,
        "invalid",
        "dpo_email",
    )
    saved = dpo_client.post(
        f"/api/organisations/{org.pk}/establishments/", {"country": "NL", "is_main": True}, format="json"
    )
    assert saved.json()["establishments"] == [{"country": "NL", "is_main": True, "address": ""}]
    assert_error(
        client_for(owner).post(
            f"/api/organisations/{org.pk}/establishments/", {"country": "BE"}, format="json"
        ),
        403,
        "permission_denied",
    )
    assert client_for(owner).get(f"/api/organisations/{org.pk}/").status_code == 200
    assert_error(client_for(outsider).get(f"/api/organisations/{org.pk}/"), 404, "not_found")
    assert dpo_client.delete(f"/api/organisations/{org.pk}/establishments/NL/").json()["establishments"] == []
