"""Writes of the alerts app: an organisation's webhooks (its DPOs manage them) and a person's e-mail choices."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alerts.error_codes import AlertErrorCode as Code
from alerts.models import LANGUAGES, AlertPreference, Handoff, Webhook, WebhookEvent
from alerts.webhooks import check_url
from datalek.errors import DomainError
from incidents.models import User
from incidents.roles import Role, role_in


def _require_dpo(actor: User, organisation_id: int) -> None:
    role = role_in(actor, organisation_id)
    if role is None:
        raise DomainError(Code.NOT_FOUND, _("Not found."), status=404)
    if role != Role.DPO:
        raise DomainError(
            Code.FORBIDDEN, _("Only a DPO of the organisation manages its webhooks."), status=403
        )


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """The given fields checked; every problem named by its field, nothing saved when one is wrong."""
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    if "url" in values:
        try:
            clean["url"] = check_url(values["url"])
        except ValidationError as exc:
            errors |= exc.message_dict
    if "events" in values:
        events = list(dict.fromkeys(values["events"] or []))
        if not events:
            errors["events"] = [_("Choose at least one event.")]
        elif set(events) - set(WebhookEvent.values):
            errors["events"] = [
                _("Unknown event: %(events)s.")
                % {"events": ", ".join(set(events) - set(WebhookEvent.values))}
            ]
        clean["events"] = events
    if "payload_format" in values:
        if values["payload_format"] not in Webhook.Format.values:
            errors["payload_format"] = [_("Choose JSON, Slack or Teams.")]
        clean["payload_format"] = values["payload_format"]
    if "active" in values:
        clean["active"] = bool(values["active"])
    if errors:
        raise ValidationError(errors)
    return clean


def webhook_create(
    *, actor: User, organisation_id: int, url: str, events: list[str], payload_format: str = "json"
) -> Webhook:
    _require_dpo(actor, organisation_id)
    values = _clean({"url": url, "events": events, "payload_format": payload_format})
    return Webhook.objects.create(organisation_id=organisation_id, created_by=actor, **values)


def _locked(actor: User, webhook_id: int) -> Webhook:
    hook = Webhook.objects.select_for_update().filter(pk=webhook_id).first()
    if hook is None or role_in(actor, hook.organisation_id) is None:
        raise DomainError(Code.NOT_FOUND, _("Not found."), status=404)
    _require_dpo(actor, hook.organisation_id)
    return hook


def webhook_update(*, actor: User, webhook_id: int, changes: dict[str, Any]) -> Webhook:
    """Change the URL, the events, the payload or switch it on or off."""
    with transaction.atomic():
        hook = _locked(actor, webhook_id)
        values = _clean(
            {key: changes[key] for key in ("url", "events", "payload_format", "active") if key in changes}
        )
        for field, value in values.items():
            setattr(hook, field, value)
        if values:
            hook.save(update_fields=list(values))
        return hook


def webhook_delete(*, actor: User, webhook_id: int) -> None:
    """Deleting a webhook deletes its delivery log with it."""
    with transaction.atomic():
        _locked(actor, webhook_id).delete()


def preference_save(*, actor: User, language: str, muted: list[str]) -> AlertPreference:
    errors = {}
    if language not in {"", *dict(LANGUAGES)}:
        errors["language"] = [_("Choose Dutch, French or English.")]
    if set(muted) - set(Handoff.values):
        errors["muted"] = [_("Unknown kind of e-mail.")]
    if errors:
        raise ValidationError(errors)
    preference, _created = AlertPreference.objects.update_or_create(
        user=actor, defaults={"language": language, "muted": sorted(set(muted))}
    )
    return preference
