from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from notifications.authorities import name_message
from risk.engine.messages import Message, render
from risk.explanations import message_text, reason_line

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


@register.filter
def answer(value, path: str = ""):
    """A notice answer as a person reads it (``value|answer:path`` shows choice codes as their labels)."""
    if path:
        from notifications.labels import choice_label

        value = choice_label(path, value)
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int):  # a number of people: 12,000 · 12.000 · 12 000
        return number_format(value, force_grouping=True)
    if value and isinstance(value, list) and all(isinstance(v, dict) and "label" in v for v in value):
        # the groups of people of a breach, one per line
        from notifications.labels import group_line

        return "\n".join(group_line(v) for v in value)
    if isinstance(value, list) and all(isinstance(v, dict) and "code" in v and "text" in v for v in value):
        # the engine's reasons, said in the reader's language, one per line
        return "\n".join(reason_line(v) for v in value)
    if isinstance(value, dict):  # e.g. the people by channel: "E-mail: 12, Letter: 3"
        # Translators: one count of a list, e.g. "E-mail: 12".
        pair = _("%(label)s: %(value)s")
        return ", ".join(pair % {"label": k, "value": answer(v)} for k, v in value.items())
    if isinstance(value, list):  # codes, or records with a name (the processors involved)
        return ", ".join(str(v["name"]) if isinstance(v, dict) and "name" in v else str(v) for v in value)
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
        moment = parse_datetime(value)
        if moment:
            return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    return value


@register.filter
def provenance_of(notice, path: str) -> str:
    return notice.content.get("provenance", {}).get(path, "")


@register.filter
def lookup(mapping, key):
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def answer_label(path: str) -> str:
    from notifications.labels import answer_label as label

    return label(path)


@register.filter
def section_label(section: str) -> str:
    from notifications.labels import section_label as label

    return label(section)


@register.simple_tag
def site_url() -> str:
    """The address of this Datalek installation, for links in e-mails."""
    return settings.SITE_URL


@register.simple_tag
def fix_link(notice_or_incident, path: str) -> str:
    """Where a missing answer at ``path`` is filled in (page and field), or "" where no page of ours keeps it. Given
    a notice made on a client's behalf, the client is the controller its ``controller.*`` paths describe."""
    from notifications.profile import fix_link as link

    if notice_or_incident is None or not path:
        return ""
    incident = getattr(notice_or_incident, "incident", notice_or_incident)
    controller = getattr(notice_or_incident, "on_behalf_of", None)
    return link(incident, path, controller=controller) or ""


@register.simple_tag
def dpo_contact_link(incident) -> str:
    """Where the contact point the people's notice must name (Art. 34(2)(b)) is completed, while it is not."""
    from notifications.profile import dpo_contact_link as link

    return link(incident) or ""
