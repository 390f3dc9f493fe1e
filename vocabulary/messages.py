"""Sentences as templates with parameters, so that each can be said in any language: the message type the risk
engine (risk/engine) and the inventory's derived facts (inventory/proposals.py) both write.

Pure Python — no Django — because the risk engine may import nothing from Django; it sits in ``incidents``, the
lowest app, so that every app may use it without importing upwards.

A text is a `Message`: a %-format template with named placeholders, marked with `N_` (a singular/plural pair with
`Nn_`) so that `manage.py makemessages` extracts it (datalek/management/commands/makemessages.py), and parameters
that are never pre-rendered English:

- numbers (`int`, `float`), formatted by the reader's locale;
- codes of a vocabulary, one (`Code`) or a list (`Codes`), said with that vocabulary's labels;
- nested messages (a phrase such as "213 people", with its plural), alone or several joined (`Join`);
- free text a person wrote (a name, the assessor's reason), shown as written.

`render(message)` says a message in English — the text stored beside it, and what the CLI and the API show;
`incidents/saying.py` says the same stored message in Dutch or French through Django's catalogues. Messages are
stored (`to_dict`/`message_from_dict`), so a text written today can be read in another language tomorrow.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, Union


def N_(template: str) -> str:
    """Mark a template for translation (xgettext ``--keyword=N_``); returned unchanged."""
    return template


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular/plural pair for translation (xgettext ``--keyword=Nn_:1,2``)."""
    return singular, plural


@dataclass(frozen=True)
class Code:
    """One code of a vocabulary (``data_category``, ``cause``, ``risk`` …), said with its label."""

    vocab: str
    code: str


@dataclass(frozen=True)
class Codes:
    """Several codes of one vocabulary, said as a list ("a, b and c", or "a, b" for rule and exemption codes)."""

    vocab: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Join:
    """Several messages said one after the other with a separator (", " or "; ")."""

    items: tuple[Message, ...]
    separator: str


Param = Union[int, float, str, Code, Codes, Join, "Message"]


@dataclass(frozen=True)
class Message:
    """A template with its parameters. With `plural`, `template`/`plural` are the singular/plural forms chosen by
    `n` (and ``%(n)s`` is `n` itself unless a parameter of that name is given)."""

    template: str
    params: Mapping[str, Param] = field(default_factory=dict)
    plural: str | None = None
    n: int | float | None = None

    def templates(self) -> Iterable[Message]:
        """This message and every message nested in its parameters."""
        yield self
        for value in self.params.values():
            if isinstance(value, Message):
                yield from value.templates()
            elif isinstance(value, Join):
                for item in value.items:
                    yield from item.templates()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "template": self.template,
            "params": {k: _param_to_json(v) for k, v in self.params.items()},
        }
        if self.plural is not None:
            data["plural"], data["n"] = self.plural, self.n
        return data


def msg(template: str, **params: Param) -> Message:
    return Message(template, params)


def plural(forms: tuple[str, str], n: int | float, **params: Param) -> Message:
    return Message(forms[0], params, plural=forms[1], n=n)


def _param_to_json(value: Param) -> Any:
    if isinstance(value, Message):
        return value.to_dict()
    if isinstance(value, Code):
        return {"vocab": value.vocab, "code": value.code}
    if isinstance(value, Codes):
        return {"vocab": value.vocab, "codes": list(value.codes)}
    if isinstance(value, Join):
        return {"join": [item.to_dict() for item in value.items], "separator": value.separator}
    return value


def message_from_dict(data: Mapping[str, Any]) -> Message:
    """The inverse of `Message.to_dict`; raises ValueError on anything else (e.g. an older stored format)."""
    if not isinstance(data, Mapping) or not isinstance(data.get("template"), str):
        raise ValueError("not a stored message")
    params = data.get("params") or {}
    if not isinstance(params, Mapping):
        raise ValueError("message params must be an object")
    return Message(
        data["template"],
        {str(k): _param_from_json(v) for k, v in params.items()},
        plural=data.get("plural"),
        n=data.get("n"),
    )


def _param_from_json(value: Any) -> Param:
    if isinstance(value, Mapping):
        if "template" in value:
            return message_from_dict(value)
        if isinstance(value.get("code"), str):
            return Code(str(value["vocab"]), value["code"])
        if isinstance(value.get("codes"), list):
            return Codes(str(value["vocab"]), tuple(str(c) for c in value["codes"]))
        if isinstance(value.get("join"), list):
            return Join(
                tuple(message_from_dict(item) for item in value["join"]), str(value.get("separator", ", "))
            )
        raise ValueError("unknown message parameter")
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("unknown message parameter")
    return value


# --- saying a message -------------------------------------------------------------------------------------------


class Speaker(Protocol):
    """How one language says templates, numbers and codes."""

    def template(self, message: Message) -> str: ...

    def number(self, value: int | float) -> str: ...

    def code(self, vocab: str, code: str) -> str: ...

    def codes(self, vocab: str, codes: tuple[str, ...]) -> str: ...


def render(message: Message, speaker: Speaker | None = None) -> str:
    """The message with every parameter said by `speaker` (English by default)."""
    speaker = speaker or ENGLISH
    values = {name: _say(value, speaker) for name, value in message.params.items()}
    if message.n is not None:
        values.setdefault("n", speaker.number(message.n))
    return speaker.template(message) % values


def _say(value: Param, speaker: Speaker) -> str:
    if isinstance(value, Message):
        return render(value, speaker)
    if isinstance(value, Code):
        return speaker.code(value.vocab, value.code)
    if isinstance(value, Codes):
        return speaker.codes(value.vocab, value.codes)
    if isinstance(value, Join):
        return value.separator.join(render(item, speaker) for item in value.items)
    if isinstance(value, int | float):
        return speaker.number(value)
    return value  # free text, as its author wrote it


def capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def join_words(names: list[str], last_separator: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])}{last_separator}{names[-1]}"


class English:
    """The source language: a code is said as itself with spaces ("external malicious") unless `names` has an
    English name for it; codes of a vocabulary in `identifiers` are shown as they are; lists of a vocabulary in
    `comma_lists` are joined with commas only ("a, b"), others as words ("a, b and c")."""

    def __init__(
        self,
        *,
        names: Mapping[str, Mapping[str, str]] | None = None,
        identifiers: frozenset[str] = frozenset(),
        comma_lists: frozenset[str] = frozenset(),
    ) -> None:
        self.names = names or {}
        self.identifiers = identifiers
        self.comma_lists = comma_lists

    def template(self, message: Message) -> str:
        if message.plural is not None and message.n != 1:
            return message.plural
        return message.template

    def number(self, value: int | float) -> str:
        if isinstance(value, float):
            return f"{value:g}"
        return f"{value:,}"

    def code(self, vocab: str, code: str) -> str:
        named = self.names.get(vocab, {}).get(code)
        if named is not None:
            return named
        return code if vocab in self.identifiers else code.replace("_", " ")

    def codes(self, vocab: str, codes: tuple[str, ...]) -> str:
        names = [self.code(vocab, code) for code in codes]
        return ", ".join(names) if vocab in self.comma_lists else join_words(names, " and ")


ENGLISH = English()
