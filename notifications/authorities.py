"""Which supervisory authority must be notified (Arts. 55, 56, 3(2) GDPR; EDPB Guidelines 9/2022 para. 73).

Pure: establishments and countries in, authorities with the reasons out. The DPO sees the result and may
override it with a justification (``services.authorities_decide``).

Each reason is a message (risk/engine/messages.py): a template marked ``N_`` for ``makemessages`` and its
parameters (country codes, an authority's name). ``Resolution.reasons`` is the English text (the API and the
stored record give it); the pages say ``Resolution.messages`` in the reader's language
(``risk.explanations.message_text``), falling back to the English text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from risk.engine.messages import N_, Message, render

# The EEA: the 27 EU member states plus Iceland, Liechtenstein and Norway (GDPR applies through the EEA Agreement).
EEA = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
        "IS",
        "LI",
        "NO",
    ]
)


@dataclass(frozen=True)
class Authority:
    code: str
    country: str
    name: str
    portal: str = ""
    languages: tuple[str, ...] = ("en",)
    form: str = "edpb"  # which document structure the reports use: "ap", "cnil", "gba" or the EDPB template

    @property
    def has_own_form(self) -> bool:
        return self.form != "edpb"


KNOWN = {
    "NL": Authority(
        "AP",
        "NL",
        "Autoriteit Persoonsgegevens",
        "https://datalekken.autoriteitpersoonsgegevens.nl",
        ("nl",),
        "ap",
    ),
    "FR": Authority(
        "CNIL",
        "FR",
        "Commission nationale de l'informatique et des libertés",
        "https://notifications.cnil.fr/notifications/violation",
        ("fr",),
        "cnil",
    ),
    "BE": Authority(
        "GBA",
        "BE",
        "Gegevensbeschermingsautoriteit / Autorité de protection des données",
        "https://www.gegevensbeschermingsautoriteit.be/burger/acties/melding-van-een-datalek",
        ("nl", "fr"),
        "gba",
    ),
}


def authority_for(country: str) -> Authority:
    """The supervisory authority of an EEA country (Art. 51). AP, CNIL and GBA/APD have their own forms;
    the others are addressed with the EDPB common template."""
    country = country.upper()
    if country in KNOWN:
        return KNOWN[country]
    if country not in EEA:
        raise ValueError(f"{country} is not in the EEA: it has no GDPR supervisory authority.")
    return Authority(f"SA-{country}", country, render(_other_authority_name(country)))


def _other_authority_name(country: str) -> Message:
    return Message(N_("Supervisory authority of %(country)s"), {"country": country})


def name_message(authority: Authority) -> Message | str:
    """An authority's name as a message; the names of AP, CNIL and GBA/APD are their own in every language."""
    if authority.code == f"SA-{authority.country}":
        return _other_authority_name(authority.country)
    return authority.name


def by_code(code: str) -> Authority:
    for authority in KNOWN.values():
        if authority.code == code:
            return authority
    if code.startswith("SA-"):
        return authority_for(code[3:])
    raise ValueError(f"Unknown supervisory authority {code!r}.")


@dataclass(frozen=True)
class Establishment:
    country: str
    is_main: bool = False


@dataclass(frozen=True)
class Resolution:
    authorities: tuple[Authority, ...]
    messages: tuple[Message, ...]
    cross_border: bool = False
    unresolved: bool = False  # facts are missing: the reasons say which
    codes: tuple[str, ...] = field(init=False)
    reasons: tuple[str, ...] = field(init=False)  # the messages in English

    def __post_init__(self) -> None:
        object.__setattr__(self, "codes", tuple(a.code for a in self.authorities))
        object.__setattr__(self, "reasons", tuple(render(m) for m in self.messages))


def _countries(codes: list[str]) -> str:
    return ", ".join(codes)


def resolve(*, role: str, establishments: list[Establishment], affected_countries: list[str]) -> Resolution:
    """The competent authority or authorities for a breach, with the reasons citing the law."""
    if role == "processor":
        return Resolution(
            (),
            (
                Message(
                    N_(
                        "Art. 33(2): as processor we notify our controllers, not an authority; each "
                        "controller notifies its own competent authority (WP250 §II.A.4)."
                    )
                ),
            ),
        )
    affected = sorted({c.upper() for c in affected_countries})
    affected_eea = [c for c in affected if c in EEA]
    in_eea = [e for e in establishments if e.country.upper() in EEA]
    if not in_eea:
        return _non_eea_controller(affected, affected_eea)
    states = sorted({e.country.upper() for e in in_eea} | set(affected_eea))
    if len(states) == 1:
        only = authority_for(states[0])
        template = (
            N_(
                "Art. 55(1): established only in %(country)s and the affected people live there: %(name)s is competent."
            )
            if affected
            else N_(
                "Art. 55(1): established only in %(country)s and the affected people live there (no other country "
                "given): %(name)s is competent."
            )
        )
        return Resolution((only,), (Message(template, {"country": states[0], "name": name_message(only)}),))
    return _lead_authority(in_eea, states)


def _non_eea_controller(affected: list[str], affected_eea: list[str]) -> Resolution:
    if not affected_eea:
        return Resolution(
            (),
            (
                Message(
                    N_(
                        "Art. 3(2): we have no establishment in the EEA. Give the countries where the "
                        "affected people live: each of their authorities must be notified."
                    )
                ),
            ),
            unresolved=True,
        )
    authorities = tuple(authority_for(c) for c in affected_eea)
    return Resolution(
        authorities,
        (
            Message(
                N_(
                    "Art. 3(2) and EDPB Guidelines 9/2022 para. 73: without an establishment in the EEA there is no "
                    "one-stop shop (an Art. 27 representative does not create one); notify every authority of a "
                    "member state where affected people live: %(countries)s."
                ),
                {"countries": _countries(affected_eea)},
            ),
        ),
        cross_border=len(affected_eea) > 1,
    )


def _lead_authority(in_eea: list[Establishment], states: list[str]) -> Resolution:
    mains = [e for e in in_eea if e.is_main]
    cross = Message(
        N_("Art. 4(23): cross-border processing (member states involved: %(countries)s)."),
        {"countries": _countries(states)},
    )
    if len(mains) == 1 or len(in_eea) == 1:
        main = (mains or in_eea)[0].country.upper()
        lead = authority_for(main)
        return Resolution(
            (lead,),
            (
                cross,
                Message(
                    N_(
                        "Art. 56(1): the lead authority is the authority of the main establishment (%(country)s): %(name)s."
                    ),
                    {"country": main, "name": name_message(lead)},
                ),
            ),
            cross_border=True,
        )
    return Resolution(
        (),
        (
            cross,
            Message(
                N_(
                    "Art. 56(1): mark one establishment as the main establishment (the place of "
                    "central administration, Art. 4(16)) to find the lead authority. Until then, "
                    "notify at least the authority where the breach took place (WP250 §II.C)."
                )
            ),
        ),
        cross_border=True,
        unresolved=True,
    )
