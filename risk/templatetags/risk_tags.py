"""The engine's reasons and ENISA bases in the reader's language, wherever they are shown (risk/explanations.py).

``{% load risk_tags %}`` then ``{{ reason|reason_text }}``, ``{{ reason|reason_line }}`` ("Art. …: text"),
``{{ reason.article|article_text }}``, ``{% with basis=severity|severity_basis %}`` and ``{{ level|severity_level }}``.
"""

from __future__ import annotations

from typing import Any

from django import template

from risk import explanations

register = template.Library()


@register.filter
def reason_text(reason: Any) -> str:
    return explanations.reason_text(reason)


@register.filter
def reason_line(reason: Any) -> str:
    return explanations.reason_line(reason)


@register.filter
def article_text(article: Any) -> str:
    return explanations.article_text("" if article is None else str(article))


@register.filter
def severity_basis(severity: Any) -> dict[str, Any]:
    return explanations.severity_basis(severity)


@register.filter
def severity_level(level: Any) -> str | None:
    return explanations.severity_level(level)


@register.filter
def exemption_label(code: Any) -> str:
    return explanations.exemption_label(code)


@register.filter
def verdict_labels(names: Any) -> str:
    return explanations.verdict_labels(names)


@register.filter
def risk_label(risk: Any) -> str:
    return explanations.risk_label(risk)
