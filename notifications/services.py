"""Every write of the notices and their approval road. Each service owns its transaction, locks the incident then
the notice (always in that order), checks the role, writes the audit event and queues side effects on commit. The
outbox (``delivery``) takes its send and retry steps through ``locked_notice`` and ``move``."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from datalek.errors import DomainError
from incidents import workflow
from incidents.models import Incident, User
from incidents.roles import Role, is_dpo, role_in
from incidents.second_factor import require_second_factor
from incidents.services import incident_get_for_update, incident_set_authority_notified
from notifications import acknowledgement, events, machine, on_behalf, people_texts
from notifications import content as build
from notifications.authorities import by_code
from notifications.editable import EDITABLE_ANSWERS, TEXT_FIELDS
from notifications.error_codes import NoticeErrorCode as Code
from notifications.models import AuthorityDecision, Establishment, Notice
from notifications.selectors import authorities_resolution, authority_codes
from processors.models import WrittenInstruction
from processors.selectors import deadline_for

WORKING_STATES = (
    Incident.Status.CONTAINMENT,
    Incident.Status.ASSESSMENT,
    Incident.Status.APPROVAL,
    Incident.Status.NOTIFICATION,
)
GBA_PART2_DAYS = 21  # GBA/APD: part 2 within 21 calendar days after part 1 (domain.md §8.4)


# --- competent authority ---------------------------------------------------------------------------------


def _resolved_record(incident: Incident) -> dict[str, Any]:
    resolution = authorities_resolution(incident)
    return {
        "codes": list(resolution.codes),
        "reasons": list(resolution.reasons),
        "messages": [message.to_dict() for message in resolution.messages],  # to say them in any language
        "cross_border": resolution.cross_border,
        "unresolved": resolution.unresolved,
    }


@transaction.atomic
def authorities_decide(
    *, actor: User, incident_id: int, codes: list[str], justification: str = ""
) -> AuthorityDecision:
    """The DPO confirms the resolver's answer or overrides it — then with a justification (Art. 55, 56)."""
    incident = incident_get_for_update(actor, incident_id)
    if not is_dpo(incident, actor):
        raise DomainError(Code.FORBIDDEN, _("Only a DPO decides which authorities to notify."), status=403)
    unknown = [c for c in codes if not _known_authority(c)]
    if unknown:
        raise ValidationError({"codes": [_("Unknown authority: %(codes)s.") % {"codes": ", ".join(unknown)}]})
    resolved = _resolved_record(incident)
    codes = list(dict.fromkeys(codes))
    overridden = sorted(codes) != sorted(resolved["codes"])
    if overridden and not (justification or "").strip():
        raise ValidationError(
            {
                "justification": [
                    _("You differ from the resolver (%(codes)s): say why.")
                    % {"codes": ", ".join(resolved["codes"]) or "—"}
                ]
            }
        )
    decision, _created = AuthorityDecision.objects.update_or_create(
        incident=incident,
        defaults={
            "resolved": resolved,
            "codes": codes,
            "overridden": overridden,
            "justification": justification.strip(),
            "decided_by": actor,
            "decided_at": timezone.now(),
        },
    )
    events.authorities_decided_event(
        incident=incident,
        actor=actor,
        data={
            "resolved": resolved,
            "codes": codes,
            "overridden": overridden,
            "justification": decision.justification,
        },
    )
    return decision


def _known_authority(code: str) -> bool:
    try:
        by_code(code)
    except ValueError:
        return False
    return True


# --- drafting -------------------------------------------------------------------------------------------


def locked_notice(actor: User, notice_id: int) -> tuple[Incident, Notice]:
    incident_id = Notice.objects.filter(pk=notice_id).values_list("incident_id", flat=True).first()
    if incident_id is None:
        raise DomainError(Code.NOT_FOUND, _("No such notice."), status=404)
    incident = incident_get_for_update(actor, incident_id)
    notice = Notice.objects.select_for_update(of=("self",)).select_related(
        "drafted_by", "approved_by", "client"
    )
    notice = notice.get(pk=notice_id)
    notice.incident = incident
    return incident, notice


def _require_working(incident: Incident) -> None:
    if incident.status not in WORKING_STATES:
        raise DomainError(
            Code.NOT_ALLOWED,
            _(
                "Notices are prepared for a confirmed breach that is not closed "
                "(the incident is in “%(status)s”)."
            )
            % {"status": incident.get_status_display()},
            status=409,
        )


def _subject_languages(incident: Incident) -> list[str]:
    languages = set(incident.affected_subjects.values_list("language", flat=True).distinct())
    return sorted(languages) or [incident.organisation.language]


def _content_for(
    incident: Incident,
    *,
    kind: str,
    authority: str,
    client,
    language: str,
    phase: str,
    actor: User,
    late_reason: str = "",
    on_behalf_of=None,
    instruction: WrittenInstruction | None = None,
) -> dict[str, Any]:
    if on_behalf_of is not None:
        return on_behalf.on_behalf_content(
            incident,
            on_behalf_of,
            instruction,
            kind=kind,
            authority=authority,
            languages=_subject_languages(incident) if kind == Notice.Kind.SUBJECTS else [language],
            phase=phase,
            actor=actor,
            late_reason=late_reason,
        )
    if kind == Notice.Kind.AUTHORITY:
        return build.authority_content(
            incident, authority, reporter=actor, phase=phase, late_reason=late_reason
        )
    if kind == Notice.Kind.CONTROLLER:
        return build.controller_alert_content(incident, client, reporter=actor, phase=phase)
    if kind == Notice.Kind.SUBJECTS:
        return build.subjects_content(incident, _subject_languages(incident))
    return build.public_content(incident, language)


@transaction.atomic
def notice_draft(
    *,
    actor: User,
    incident_id: int,
    kind: str,
    authority: str = "",
    client_id: int | None = None,
    language: str = "",
    on_behalf_of: int | None = None,
) -> Notice:
    """Start an initial notice, its content prepared from the stored facts. A controller alert gets the deadline
    of the client's DPA (our T0 + its hours, Art. 33(2)); a notice ``on_behalf_of`` a client needs its written
    instruction (``processors``; drafted by ``on_behalf``)."""
    incident = incident_get_for_update(actor, incident_id)
    _require_working(incident)
    if kind not in Notice.Kind.values:
        raise ValidationError(
            {"kind": [_("Choose one of: %(kinds)s.") % {"kinds": ", ".join(Notice.Kind.values)}]}
        )
    behalf, instruction = None, None
    if on_behalf_of is not None:
        behalf, instruction = on_behalf.on_behalf_check(incident, kind, authority, on_behalf_of)
        client = None
    else:
        client = _check_addressee(incident, kind, authority, client_id)
    if kind == Notice.Kind.AUTHORITY:
        language = by_code(authority).languages[0]
    elif kind == Notice.Kind.CONTROLLER:
        language = client.language
    language = language or (behalf or incident.organisation).language
    existing = Notice.objects.filter(
        incident=incident,
        kind=kind,
        phase=Notice.Phase.INITIAL,
        authority=authority,
        client=client,
        on_behalf_of=behalf,
    )
    if existing.exists():
        raise DomainError(
            Code.EXISTS,
            _(
                "There is already an initial notice for this addressee; add a follow-up "
                "to it instead (Art. 33(4))."
            ),
            status=409,
        )
    notice = Notice(
        incident=incident,
        kind=kind,
        authority=authority,
        client=client,
        on_behalf_of=behalf,
        instruction=instruction,
        language=language,
        drafted_by=actor,
        drafted_at=timezone.now(),
        due_at=deadline_for(incident, client) if client is not None else None,
    )
    notice.content = _content_for(
        incident,
        kind=kind,
        authority=authority,
        client=client,
        language=language,
        phase=notice.phase,
        actor=actor,
        on_behalf_of=behalf,
        instruction=instruction,
    )
    notice.save()
    events.notice_drafted_event(incident=incident, actor=actor, notice=notice)
    return notice


def _check_addressee(incident: Incident, kind: str, authority: str, client_id: int | None):
    if kind == Notice.Kind.AUTHORITY and incident.our_role == Incident.OurRole.PROCESSOR:
        raise ValidationError(
            {
                "kind": [
                    _(
                        "As processor we alert our controllers (Art. 33(2)); we notify an authority only on a "
                        "client's behalf, on its written instruction."
                    )
                ]
            }
        )
    if kind == Notice.Kind.AUTHORITY:
        codes = authority_codes(incident)
        if not authority or authority not in codes:
            raise ValidationError(
                {
                    "authority": [
                        _("Choose one of the authorities to notify for this incident: %(codes)s.")
                        % {"codes": ", ".join(codes) or "—"}
                    ]
                }
            )
    if kind == Notice.Kind.CONTROLLER:
        if incident.our_role != Incident.OurRole.PROCESSOR:
            raise ValidationError(
                {"kind": [_("Controller alerts are for incidents where we are the processor.")]}
            )
        client = incident.client_organisations.filter(pk=client_id).first()
        if client is None:
            raise ValidationError(
                {"client": [_("Choose one of the affected client organisations of this incident.")]}
            )
        return client
    if kind in (Notice.Kind.SUBJECTS, Notice.Kind.PUBLIC) and incident.our_role == Incident.OurRole.PROCESSOR:
        raise ValidationError(
            {
                "kind": [
                    _(
                        "Telling the people is the controller's duty (Art. 34); as processor "
                        "we alert the controllers."
                    )
                ]
            }
        )
    return None


def notice_follow_up(*, actor: User, notice_id: int) -> Notice:
    """The next phase of a notice already out (Art. 33(4)): the facts as they are now, drafted, approved and
    filed or sent like the first; the notice page shows what changed since the previous phase."""
    return _next_phase(actor=actor, notice_id=notice_id, phase=Notice.Phase.FOLLOW_UP)


def notice_withdraw(*, actor: User, notice_id: int, reason: str) -> Notice:
    """Withdraw a notice already out (AP *intrekken*, EDPB template field 5), with its reason."""
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say why the notice is withdrawn.")]})
    return _next_phase(actor=actor, notice_id=notice_id, phase=Notice.Phase.WITHDRAWAL, reason=reason.strip())


@transaction.atomic
def _next_phase(*, actor: User, notice_id: int, phase: str, reason: str = "") -> Notice:
    incident, notice = locked_notice(actor, notice_id)
    _require_working(incident)
    root = notice.root
    latest = root.phases.order_by("-id").first() or root
    if latest.status not in Notice.DONE:
        raise DomainError(
            Code.NOT_ALLOWED,
            _("Finish the current phase first (it is “%(status)s”).")
            % {"status": latest.get_status_display()},
            status=409,
        )
    if root.phases.filter(phase=Notice.Phase.WITHDRAWAL).exists():
        raise DomainError(Code.NOT_ALLOWED, _("This notice has been withdrawn."), status=409)
    new = Notice(
        incident=incident,
        kind=root.kind,
        phase=phase,
        parent=root,
        previous=latest,
        authority=root.authority,
        client=root.client,
        on_behalf_of=root.on_behalf_of,
        instruction=root.instruction,
        language=root.language,
        drafted_by=actor,
        drafted_at=timezone.now(),
        withdrawal_reason=reason,
    )
    new.content = (
        _deep_copy(latest.content)
        if phase == Notice.Phase.WITHDRAWAL
        else _content_for(
            incident,
            kind=root.kind,
            authority=root.authority,
            client=root.client,
            language=root.language,
            phase=phase,
            actor=actor,
            on_behalf_of=root.on_behalf_of,
            instruction=root.instruction,
        )
    )
    if latest.content.get("form_answers") and "sections" in new.content:
        # What a person wrote into the regulator's form (the reporter's function, the kind of incident …)
        # still holds for the next phase; it stays a draft answer there, to check again before approval.
        new.content["form_answers"] = _deep_copy(latest.content["form_answers"])
    new.save()
    events.notice_drafted_event(incident=incident, actor=actor, notice=new)
    return new


@transaction.atomic
def notice_edit(
    *,
    actor: User,
    notice_id: int,
    answers: Mapping[str, Any] | None = None,
    texts: Mapping[str, Mapping[str, str]] | None = None,
    late_reason: str | None = None,
    form_answers: Mapping[str, Any] | None = None,
    group_texts: Mapping[str, Mapping[str, Any]] | None = None,
) -> Notice:
    """Write or correct the texts of a draft. What a person writes is marked ``recorded``.

    ``form_answers`` are answers written straight into the regulator's form of an authority notice, by the form's
    own key (``reports.services.notice_form_record`` checks them against that form); None or empty clears one.
    ``group_texts`` are the texts of a notice to the people told by group that depend on the group (the data
    concerned, what it can mean, what to do: ``people_texts.GROUP_SECTIONS``), by language and group label; a
    plain text for a group is its data concerned."""
    incident, notice = locked_notice(actor, notice_id)
    _require_draft(notice)
    content, changes = _deep_copy(notice.content), []
    if form_answers and "sections" not in content:
        raise ValidationError({"answers": [_("This notice has no form to answer.")]})
    for key, value in (form_answers or {}).items():
        written = content.setdefault("form_answers", {})
        old = written.get(key)
        if value in (None, "", []):
            written.pop(key, None)
        else:
            written[key] = value
        if written.get(key) != old:
            changes.append({"path": f"form_answers.{key}", "old": old, "new": written.get(key)})
    for path, value in (answers or {}).items():
        if path not in EDITABLE_ANSWERS or "sections" not in content:
            raise ValidationError({"answers": [_("“%(path)s” cannot be edited here.") % {"path": path}]})
        section, key = path.split(".")
        old = content["sections"].setdefault(section, {}).get(key)
        if old != value:
            content["sections"][section][key] = value
            content["provenance"][path] = build.RECORDED if value not in (None, "") else build.MISSING
            changes.append({"path": path, "old": old, "new": value})
    for language, fields in (texts or {}).items():
        if "texts" not in content or language not in content["texts"]:
            raise ValidationError(
                {"texts": [_("This notice has no text in “%(lang)s”.") % {"lang": language}]}
            )
        for field, value in fields.items():
            if field not in TEXT_FIELDS:
                raise ValidationError({"texts": [_("Unknown text “%(field)s”.") % {"field": field}]})
            old = content["texts"][language].get(field)
            if old != value:
                content["texts"][language][field] = value
                changes.append({"path": f"texts.{language}.{field}", "old": old, "new": value})
    for language, by_group in (group_texts or {}).items():
        written = content.get("group_texts", {}).get(language)
        for label, value in by_group.items():
            if written is None or label not in written:
                raise ValidationError(
                    {
                        "group_texts": [
                            _("This notice has no text for “%(group)s” in “%(lang)s”.")
                            % {"group": label, "lang": language}
                        ]
                    }
                )
            changes += people_texts.edit_group(written, language, label, value)
    if late_reason is not None and late_reason.strip() != notice.late_reason:
        changes.append({"path": "late_reason", "old": notice.late_reason, "new": late_reason.strip()})
        notice.late_reason = late_reason.strip()
        if "sections" in content:
            content["sections"]["timeline"]["late_reason"] = notice.late_reason
            content["provenance"]["timeline.late_reason"] = (
                build.RECORDED if notice.late_reason else build.MISSING
            )
    if changes:
        notice.content = content
        notice.save(update_fields=["content", "late_reason"])
        events.notice_edited_event(incident=incident, actor=actor, notice=notice, changes=changes)
    return notice


@transaction.atomic
def notice_refresh(*, actor: User, notice_id: int) -> Notice:
    """Rebuild a draft's facts from the incident as it is now; what a person wrote for the notice is kept."""
    incident, notice = locked_notice(actor, notice_id)
    _require_draft(notice)
    if notice.phase == Notice.Phase.WITHDRAWAL:
        return notice
    fresh = _content_for(
        incident,
        kind=notice.kind,
        authority=notice.authority,
        client=notice.client,
        language=notice.language,
        phase=notice.phase,
        actor=actor,
        late_reason=notice.late_reason,
        on_behalf_of=notice.on_behalf_of,
        instruction=notice.instruction,
    )
    if notice.kind == Notice.Kind.CONTROLLER and notice.phase == Notice.Phase.INITIAL:
        notice.due_at = deadline_for(incident, notice.client)  # T0 or the client's terms may have changed
        notice.save(update_fields=["due_at"])
    old = notice.content
    if "sections" in fresh:
        if old.get("form_answers"):  # written by a person for the regulator's form: kept
            fresh["form_answers"] = _deep_copy(old["form_answers"])
        for path, provenance in old.get("provenance", {}).items():
            section, key = path.split(".")
            if path in EDITABLE_ANSWERS and provenance == build.RECORDED:
                fresh["sections"][section][key] = old["sections"][section][key]
                fresh["provenance"][path] = build.RECORDED
    else:
        _keep_written_texts(old, fresh)
    changes = build.changes_between(old, fresh)
    if changes:
        notice.content = fresh
        notice.save(update_fields=["content"])
        events.notice_edited_event(
            incident=incident,
            actor=actor,
            notice=notice,
            changes=[{"path": "(refreshed from the incident)", "old": None, "new": len(changes)}],
        )
    return notice


def _keep_written_texts(old: dict[str, Any], fresh: dict[str, Any]) -> None:
    people_texts.keep_written(old, fresh)


def _require_draft(notice: Notice) -> None:
    if notice.status != Notice.Status.DRAFT:
        raise DomainError(
            Code.NOT_ALLOWED,
            _("Only a draft can be changed; this notice is “%(status)s”. What was approved is what goes out.")
            % {"status": notice.get_status_display()},
            status=409,
        )


def _deep_copy(value: Any) -> Any:
    return copy.deepcopy(value)


# --- the approval road ---------------------------------------------------------------------------------


def move(
    actor: User | None, incident: Incident, notice: Notice, name: str, *, reason: str = "", **kwargs: Any
) -> Notice:
    """One step of the notice's machine, through the workflow driver (under the locks ``locked_notice`` took)."""
    notice.incident = incident  # the driver audits on the caller's (locked) incident
    return workflow.take(notice, name, actor, reason=reason, **kwargs)


def _allowed(actor: User | None, notice: Notice, name: str):
    """The transition ``name`` from the notice's status, if the actor may take it (else refused)."""
    found = workflow.transition_from(notice, name)
    if found is None:
        raise DomainError(Code.NOT_ALLOWED, machine.wrong_status(notice, None, name), status=409)
    if actor is not None and not found.has_perm(notice, actor):
        raise DomainError(Code.FORBIDDEN, machine.forbidden(notice, found, actor), status=403)
    return found


def _acknowledged(actor: User, notice: Notice, step: str, acknowledge_missing: bool) -> str:
    """Art. 33(4): who may take the step, with the required answers still missing acknowledged (recorded); what
    the status event then says."""
    _allowed(actor, notice, step)
    missing = acknowledgement.require_acknowledged(
        actor=actor, notice=notice, step=step, acknowledge_missing=acknowledge_missing
    )
    return acknowledgement.acknowledged_reason(missing)


def already(notice: Notice, name: str) -> str:
    return machine.wrong_status(notice, None, name)


def notice_submit(*, actor: User, notice_id: int, acknowledge_missing: bool = False) -> Notice:
    with transaction.atomic():
        incident, notice = locked_notice(actor, notice_id)
        _require_complete(notice)
        said = _acknowledged(actor, notice, "submit", acknowledge_missing)
        return move(actor, incident, notice, "submit", reason=said)


def _require_complete(notice: Notice) -> None:
    if notice.phase == Notice.Phase.WITHDRAWAL:
        return
    problems = people_texts.problems(notice)  # the people's and the public's texts (Art. 34(2))
    if problems:
        raise ValidationError({"texts": problems})


def notice_return(*, actor: User, notice_id: int, reason: str) -> Notice:
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say what must change.")]})
    with transaction.atomic():
        incident, notice = locked_notice(actor, notice_id)
        return move(actor, incident, notice, "return_to_draft", reason=reason.strip())


def notice_approve(*, actor: User, notice_id: int, acknowledge_missing: bool = False) -> Notice:
    """A DPO other than the drafter approves; the content is frozen and its hash goes into the audit trail.
    Two DPOs approving at once: the second waits for the lock and is told who was first."""
    require_second_factor(actor)
    with transaction.atomic():
        incident, notice = locked_notice(actor, notice_id)
        _require_complete(notice)
        digest = build.content_sha256(
            {
                "content": notice.content,
                "late_reason": notice.late_reason,
                "withdrawal_reason": notice.withdrawal_reason,
            }
        )
        said = _acknowledged(actor, notice, "approve", acknowledge_missing)
        move(actor, incident, notice, "approve", reason=said, content_sha256=digest)
        events.notice_approved_event(incident=incident, actor=actor, notice=notice)
        return notice


def notice_revise(*, actor: User, notice_id: int, reason: str = "") -> Notice:
    with transaction.atomic():
        incident, notice = locked_notice(actor, notice_id)
        return move(actor, incident, notice, "revise", reason=reason)


def notice_file(
    *, actor: User, notice_id: int, filed_at: datetime, reference: str, acknowledge_missing: bool = False
) -> Notice:
    """Record that the DPO filed the approved notice on the authority's portal, and the reference it gave.
    The first filing of an initial notice stops the incident's 72-hour clock."""
    reference = (reference or "").strip()
    errors = {}
    if not reference:
        errors["reference"] = [_("Give the reference the authority's portal returned.")]
    if filed_at is None or filed_at > timezone.now():
        errors["filed_at"] = [_("Give the moment you filed it; it cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    require_second_factor(actor)
    with transaction.atomic():
        incident, notice = locked_notice(actor, notice_id)
        if notice.kind != Notice.Kind.AUTHORITY:
            raise DomainError(Code.NOT_ALLOWED, _("Only notices to an authority are filed."), status=409)
        # Forms give minutes: a filing in the minute of the approval is after it.
        if notice.approved_at and filed_at < notice.approved_at.replace(second=0, microsecond=0):
            raise ValidationError({"filed_at": [_("It cannot have been filed before it was approved.")]})
        said = _acknowledged(actor, notice, "file", acknowledge_missing)
        notice.filed_at = filed_at  # the late-reason condition looks at the moment of filing
        move(actor, incident, notice, "file", reason=said, filed_at=filed_at, reference=reference)
        if notice.phase == Notice.Phase.INITIAL:
            if incident.authority_notified_at is None or filed_at < incident.authority_notified_at:
                incident_set_authority_notified(incident=incident, at=filed_at)
            if by_code(notice.authority).form == "gba":
                notice.due_at = filed_at + timedelta(days=GBA_PART2_DAYS)
                notice.save(update_fields=["due_at"])
        events.notice_filed_event(incident=incident, actor=actor, notice=notice)
        return notice


def notice_publish(*, actor: User, notice_id: int) -> Notice:
    """Put an approved public communication on its public page — or, for an approved withdrawal, take the page
    down (it then says the notice was withdrawn, and why)."""
    with transaction.atomic():
        incident, notice = locked_notice(actor, notice_id)
        if notice.kind != Notice.Kind.PUBLIC:
            raise DomainError(Code.NOT_ALLOWED, _("Only a public communication is published."), status=409)
        move(actor, incident, notice, "publish")
        if notice.phase == Notice.Phase.WITHDRAWAL:
            Notice.objects.filter(pk=notice.parent_id).update(unpublished_at=notice.completed_at)
        return notice


# --- establishments (Art. 4(16), 55, 56) -----------------------------------------------------------------------


def _require_dpo_of(actor: User, organisation_id: int) -> None:
    if role_in(actor, organisation_id) != Role.DPO:
        raise DomainError(
            Code.FORBIDDEN, _("Only the DPO of this organisation may change its establishments."), status=403
        )


@transaction.atomic
def establishment_save(
    *, actor: User, organisation_id: int, country: str, is_main: bool = False, address: str = ""
) -> Establishment:
    """Add or change an establishment; marking one as the main establishment unmarks the others."""
    _require_dpo_of(actor, organisation_id)
    country = (country or "").strip().upper()
    if country not in countries:
        raise ValidationError({"country": [_("Not a country code: %(code)s.") % {"code": country or "—"}]})
    if is_main:
        Establishment.objects.filter(organisation_id=organisation_id, is_main=True).exclude(
            country=country
        ).update(is_main=False)
    establishment, _created = Establishment.objects.update_or_create(
        organisation_id=organisation_id,
        country=country,
        defaults={"is_main": is_main, "address": address.strip()},
    )
    return establishment


@transaction.atomic
def establishment_remove(*, actor: User, organisation_id: int, country: str) -> None:
    _require_dpo_of(actor, organisation_id)
    Establishment.objects.filter(organisation_id=organisation_id, country=country.upper()).delete()
