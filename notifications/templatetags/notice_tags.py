from django import template
from django.conf import settings

from notifications import labels, profile
from notifications.authorities import name_message
from notifications.labels import answer
from risk.engine.messages import Message, render
from risk.explanations import message_text

register = template.Library()


@register.filter
def said(message) -> str:
    """A message of the authority resolver (notifications/authorities.py) in the reader's language; its English
    text where the catalogue cannot say it."""
    if not isinstance(message, Message):
        return "" if message is None else str(message)
    return message_text(message.to_dict(), render(message))


@register.filter
def authority_name(authority) -> str:
    """An authority's name in the reader's language ("Supervisory authority of DE" is said; AP's is its own)."""
    return said(name_message(authority))


register.filter("answer", answer)  # a notice answer as a person reads it (``value|answer:path``)


@register.filter
def provenance_of(notice, path: str) -> str:
    return notice.content.get("provenance", {}).get(path, "")


@register.filter
def lookup(mapping, key):
    return mapping.get(key) if isinstance(mapping, dict) else None


register.filter("answer_label", labels.answer_label)
register.filter("section_label", labels.section_label)


@register.simple_tag
def site_url() -> str:
    """The address of this Datalek installation, for links in e-mails."""
    return settings.SITE_URL


@register.simple_tag
def fix_link(notice_or_incident, path: str) -> str:
    """Where a missing answer at ``path`` is filled in (page and field), or "" where no page of ours keeps it. Given
    a notice made on a client's behalf, the client is the controller its ``controller.*`` paths describe."""
    if notice_or_incident is None or not path:
        return ""
    incident = getattr(notice_or_incident, "incident", notice_or_incident)
    controller = getattr(notice_or_incident, "on_behalf_of", None)
    return profile.fix_link(incident, path, controller=controller) or ""


@register.simple_tag
def dpo_contact_link(incident) -> str:
    """Where the contact point the people's notice must name (Art. 34(2)(b)) is completed, while it is not."""
    return profile.dpo_contact_link(incident) or ""
