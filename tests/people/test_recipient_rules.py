"""The rule of who can be told (``people.recipients.problem``) asks all its checks at once for the rows that pass —
nearly every row of an import — and rule by rule only for a row that fails one. The two must agree on every
input: a row the quick way lets through is a row the careful way finds nothing wrong with, and a refused row gets
the careful way's first reason."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from people import recipients
from people.recipients import EMAIL_MAX, GROUP_MAX, NAME_MAX, POSTAL_ADDRESS_MAX

# Cells near every limit and with every character a rule looks for.
_chars = st.sampled_from(["a", "é", " ", "@", ".", "\n", "\r", "\x00", "-", "x"])


def _text(most: int):
    return st.one_of(
        st.text(_chars, max_size=12),
        st.builds(lambda n, c: c * n, st.integers(most - 2, most + 2), st.sampled_from(["a", "\n"])),
    )


_emails = st.one_of(
    st.just(""),
    st.builds(
        lambda u, d: f"{u}@{d}",
        st.sampled_from(["jan", "j.an", "", "a b", "x" * 64]),
        st.sampled_from(["example.nl", "example", "exa mple.nl", "x" * (EMAIL_MAX - 8) + ".nl"]),
    ),
    _text(EMAIL_MAX),
)


FINE = {
    "name": "Jan Jansen",
    "email": "jan@example.nl",
    "postal_address": "Straat 1\n1000 AB Plaats",
    "language": "nl",
    "external_id": "P1",
    "group": "klanten",
}
SPOILED = {
    "name": _text(NAME_MAX),
    "email": _emails,
    "postal_address": st.one_of(
        _text(POSTAL_ADDRESS_MAX), st.just("Straat 1\n" * 7 + "1000 AB"), st.just("a\n" * 8)
    ),
    "language": st.sampled_from(["fr", "en", "de", "", "NL"]),
    "external_id": _text(recipients.EXTERNAL_ID_MAX),
    "group": _text(GROUP_MAX),
}


@st.composite
def _rows(draw):
    """A fine row with one to three of its cells spoiled: most inputs then fail one rule alone, which is where the
    quick way could let through what the careful way refuses."""
    row = dict(FINE)
    for field in draw(st.lists(st.sampled_from(sorted(SPOILED)), min_size=1, max_size=3, unique=True)):
        row[field] = draw(SPOILED[field])
    return row


@settings(max_examples=1500, deadline=None)
@given(row=_rows())
def test_the_quick_way_and_the_careful_way_agree(row):
    assert recipients.problem(**row) == recipients._first_problem(*(row[field] for field in FINE))


def test_both_ways_are_asked():
    """Not vacuous: the inputs above reach both answers."""
    fine = {"name": "Jan", "email": "jan@example.nl", "postal_address": "", "language": "nl"}
    assert recipients.problem(**fine) is None
    assert recipients.problem(**(fine | {"name": "Jan\nJansen"}))[0] == "name"
    assert recipients.problem(**(fine | {"email": "", "postal_address": "a\n" * 8}))[0] == "postal_address"
