"""The competent-authority resolver (Arts. 55, 56, 3(2); EDPB 9/2022 para. 73)."""

import pytest

from notifications.authorities import Establishment, authority_for, by_code, resolve


def test_a_dutch_controller_with_only_dutch_people_notifies_the_ap():
    result = resolve(role="controller", establishments=[Establishment("NL", True)], affected_countries=["NL"])
    assert result.codes == ("AP",)
    assert not result.cross_border
    assert "Art. 55(1)" in result.reasons[0]


def test_no_countries_given_means_the_establishment_state():
    result = resolve(role="controller", establishments=[Establishment("FR")], affected_countries=[])
    assert result.codes == ("CNIL",)


def test_cross_border_goes_to_the_lead_authority_of_the_main_establishment():
    result = resolve(
        role="controller",
        establishments=[Establishment("BE", True), Establishment("NL")],
        affected_countries=["NL", "BE", "DE"],
    )
    assert result.codes == ("GBA",)
    assert result.cross_border
    assert any("Art. 56(1)" in r for r in result.reasons)


def test_people_in_another_member_state_make_it_cross_border_too():
    result = resolve(
        role="controller", establishments=[Establishment("NL", True)], affected_countries=["NL", "FR"]
    )
    assert (result.codes, result.cross_border) == (("AP",), True)


def test_a_non_eea_controller_notifies_every_authority_where_people_live():
    result = resolve(
        role="controller",
        establishments=[Establishment("US", True)],
        affected_countries=["NL", "FR", "US", "DE"],
    )
    assert result.codes == ("SA-DE", "CNIL", "AP")
    assert "para. 73" in result.reasons[0]


def test_a_non_eea_controller_without_known_countries_is_unresolved():
    result = resolve(role="controller", establishments=[Establishment("US")], affected_countries=[])
    assert result.unresolved and result.codes == ()


def test_several_establishments_without_a_main_one_are_unresolved_with_advice():
    result = resolve(
        role="controller",
        establishments=[Establishment("NL"), Establishment("BE")],
        affected_countries=["NL"],
    )
    assert result.unresolved and "main establishment" in result.reasons[-1]


def test_a_processor_notifies_its_controllers_not_an_authority():
    result = resolve(role="processor", establishments=[Establishment("NL", True)], affected_countries=["NL"])
    assert result.codes == () and "Art. 33(2)" in result.reasons[0]


def test_authorities_by_country_and_code():
    assert authority_for("nl").code == "AP" and by_code("CNIL").country == "FR"
    assert authority_for("AT").code == "SA-AT" and by_code("SA-AT").form == "edpb"
    with pytest.raises(ValueError):
        authority_for("US")
    with pytest.raises(ValueError):
        by_code("FBI")
