"""The engine's reasons and ENISA bases in the reader's language, wherever they are shown (risk/explanations.py).

``{% load risk_tags %}`` then ``{{ reason|reason_text }}``, ``{{ reason|reason_line }}`` ("Art. …: text"),
``{{ reason.article|article_text }}``, ``{% with basis=severity|severity_basis %}``, ``{{ level|severity_level }}``
and ``{% with result=assessment|outcome %}`` (risk/outcome.py: the result per group, more information needed).
"""

from __future__ import annotations

from typing import Any

from django import template

from risk import explanations, outcome

register = template.Library()

register.filter("reason_text", explanations.reason_text)
register.filter("reason_line", explanations.reason_line)
register.filter("severity_basis", explanations.severity_basis)
register.filter("severity_level", explanations.severity_level)
register.filter("exemption_label", explanations.exemption_label)
register.filter("verdict_labels", explanations.verdict_labels)
register.filter("risk_label", explanations.risk_label)
register.filter("rule_label", explanations.rule_label)
register.filter("outcome", outcome.outcome)


@register.filter
def article_text(article: Any) -> str:
    return explanations.article_text("" if article is None else str(article))
