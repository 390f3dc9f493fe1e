"""Writes of the obligations: which obligations an incident has (evaluated on the record), the steps of each report
(draft → approve by a second person, a DPO → file with the recipient's reference), the organisation's regimes profile
and the incident's answers to each regime's test. Each public service owns its transaction, takes the incident's lock
and writes the audit event; ``evaluate`` and ``gdpr_notice_filed`` run inside a transaction that holds it already
(the audit-event listener)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, TypedDict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django_countries import countries as country_names

from datalek.errors import DomainError
from incidents.lock_objects import organisation_lock, row_lock
from incidents.models import Incident, Organisation, User
from incidents.roles import TEAM_ROLES, Role, is_dpo, role_in
from incidents.services import incident_get_for_update
from notifications.models import Notice
from obligations import events
from obligations import rules as R
from obligations.error_codes import ObligationErrorCode as Code
from obligations.models import FILED_AGAIN, Obligation, ObligationReport, RegimeAnswers, RegimeProfile
from processors.selectors import alert_hours

ZONES = {"NL": "Europe/Amsterdam", "BE": "Europe/Brussels", "FR": "Europe/Paris"}

# The questions of each regime's own test on the incident (the keyword arguments of its applicability function),
# and DORA's classification moment, the trigger of its obligation.
QUESTIONS: dict[str, tuple[str, ...]] = {
    "nis2": ("severe_operational_disruption", "financial_loss", "considerable_damage_to_others"),
    "dora": ("classified_major", "classified_at"),
    "eidas": ("significant_impact",),
    "cra": ("actively_exploited_vulnerability", "severe_incident"),
}


def zone_of(country: str) -> ZoneInfo:
    """The organisation's zone, in which calendar days and months are counted (obligations.rules.periods)."""
    return ZoneInfo(ZONES.get(country, settings.TIME_ZONE))


@dataclass(frozen=True)
class Outcome:
    """One regime's (and variant's) verdict on the incident, before it is written."""

    regime: str
    variant: str
    applies: bool | None
    reason: str
    article: str
    trigger_code: str
    trigger_at: datetime
    trigger_reason: str = ""
    params: dict[str, int] = field(default_factory=dict)
    # The member state whose law and recipient it is ("" only when the organisation has none).
    country: str = ""


# --- which obligations apply ------------------------------------------------------------------------------------


@transaction.atomic
def obligations_evaluate(*, actor: User, incident_id: int) -> list[Obligation]:
    """Create the obligations that apply and rule out, on the record, those that do not (a team member)."""
    incident = incident_get_for_update(actor, incident_id)
    evaluate(incident=incident, actor=actor)
    return list(incident.obligations.all())


def evaluate(*, incident: Incident, actor: User | None, on_creation: bool = False) -> list[dict[str, Any]]:
    """The evaluation itself, inside a transaction holding the incident's lock: each outcome written (an obligation
    created with its reports and the deadlines known now, or its owed / not applicable state changed while none
    of its reports is under way), and one audit event listing the changes. A stored rule set, trigger or deadline
    is never changed here.

    ``on_creation``: the incident was just logged. The GDPR obligation every incident gets then follows from the
    "created" event alone (its awareness moment and role, and the rule set in force at that moment), so it writes no
    event of its own — the chain of a new incident stays as it was; any other obligation created then does."""
    profile = profile_of(incident.organisation)
    answers = {a.regime: a.answers for a in RegimeAnswers.objects.filter(incident=incident)}
    existing = {(o.regime, o.variant, o.country): o for o in Obligation.objects.filter(incident=incident)}
    changes = []
    for outcome in by_country(incident, profile, outcomes(incident, profile, answers)):
        change = _write(incident, outcome, existing.get((outcome.regime, outcome.variant, outcome.country)))
        if change:
            changes.append(change)
    routine = on_creation and all(c["regime"] == "gdpr" and c["what"] == "created" for c in changes)
    if changes and not routine:
        events.evaluated_event(incident=incident, actor=actor, changes=changes)
    return changes


def outcomes(incident: Incident, profile: RegimeProfile, answers: Mapping[str, dict]) -> list[Outcome]:
    """Every regime's verdict: the GDPR's always, the others' when the profile puts the organisation in scope."""
    found = [_gdpr(incident)]
    aware = incident.aware_at
    if profile.nis2_entity != RegimeProfile.Nis2Entity.NONE:
        variant = "trust_service_provider" if profile.trust_service_provider else "entity"
        test = R.nis2_significant(**_answers(answers, "nis2", QUESTIONS["nis2"]))
        found.append(_outcome("nis2", variant, test, "awareness", aware))
    if profile.dora_financial_entity:
        found.append(_dora(incident, answers.get("dora", {})))
    if profile.trust_service_provider:
        test = R.eidas_significant(**_answers(answers, "eidas", QUESTIONS["eidas"]))
        found.append(_outcome("eidas", "", test, "awareness", aware))
    if profile.public_ecs_provider:
        test = R.eprivacy_breach(
            public_ecs_provider=True, personal_data_breach=incident.is_personal_data_breach
        )
        why = _("Reg. 611/2013 Art. 2(2): counted from the detection of the breach.")
        found.append(_outcome("eprivacy", "", test, "detection", incident.detected_at, why))
    if profile.digital_products_manufacturer:
        given = _answers(answers, "cra", QUESTIONS["cra"])
        # CRA Art. 14(1) and 14(3) are two obligations: each variant is tested on its own answer.
        vulnerability = R.cra_reportable(
            actively_exploited_vulnerability=given["actively_exploited_vulnerability"], severe_incident=False
        )
        severe = R.cra_reportable(
            actively_exploited_vulnerability=False, severe_incident=given["severe_incident"]
        )
        found.append(_outcome("cra", "vulnerability", vulnerability, "awareness", aware))
        found.append(_outcome("cra", "incident", severe, "awareness", aware))
    return found


def by_country(incident: Incident, profile: RegimeProfile, found: list[Outcome]) -> list[Outcome]:
    """Each outcome for the country whose law it is. A regime in force country by country (NIS2, a directive:
    ``RuleSet.per_country``) is owed to each member state the profile's ``countries`` name — an entity established
    in the Netherlands and Belgium reports to both CSIRTs —, the organisation's own country when none is named.
    Every other regime is owed once, in the organisation's country: the GDPR to its lead authority, DORA to the
    financial entity's competent authority, the CRA through ENISA's single platform to the CSIRT of the main
    establishment, eIDAS to the supervisory body, ePrivacy to the national authority."""
    own = incident.organisation.country.code or ""
    named = list(profile.countries or []) or [own]
    result = []
    for outcome in found:
        if R.per_country(outcome.regime):
            result.extend(replace(outcome, country=country) for country in named)
        else:
            result.append(replace(outcome, country=own))
    return result


def _answers(answers: Mapping[str, dict], regime: str, names: tuple[str, ...]) -> dict[str, Any]:
    given = answers.get(regime, {})
    return {name: given.get(name) for name in names}


def _outcome(
    regime: str, variant: str, test: R.Applicability, trigger: str, at: datetime, why: str = ""
) -> Outcome:
    return Outcome(regime, variant, test.applies, str(test.reason), test.article, trigger, at, why)


def _gdpr(incident: Incident) -> Outcome:
    """GDPR Art. 33(1) for a controller, 33(2) for a processor. The obligation is owed from the start, as the
    72-hour clock runs, until the facts or the DPO's decision rule it out."""
    aware = incident.aware_at
    if incident.our_role == Incident.OurRole.PROCESSOR:
        test = R.gdpr_processor_alert(personal_data_breach=incident.is_personal_data_breach)
        hours = [alert_hours(client) for client in incident.client_organisations.all()]
        params = {"contract_hours": min(hours)} if hours else {}
        applies = test.applies is not False
        return Outcome(
            "gdpr", "processor", applies, str(test.reason), test.article, "awareness", aware, "", params
        )
    rule_set = R.rule_set_for("gdpr", aware, incident.organisation.country.code or None) or R.rule_set(
        "gdpr-2018"
    )
    risk = incident.risk_level or None
    test = R.gdpr_authority(rule_set, personal_data_breach=incident.is_personal_data_breach, risk=risk)
    applies, reason = test.applies is not False, str(test.reason)
    if incident.notify_authority is False and test.applies is not False:
        applies, reason = (
            False,
            _("The DPO decided that the authority need not be notified (GDPR Art. 33(1))."),
        )
    return Outcome("gdpr", "controller", applies, reason, test.article, "awareness", aware)


def _dora(incident: Incident, given: Mapping[str, Any]) -> Outcome:
    """DORA's clock runs from the classification (Art. 19(4)(a)); without its moment, from awareness — the
    earliest it can be, so no deadline is later than the law's."""
    test = R.dora_major(classified_major=given.get("classified_major"))
    classified = parse_datetime(given.get("classified_at") or "")
    if classified is not None:
        return _outcome(
            "dora", "", test, "classification", classified, _("The moment of the classification.")
        )
    why = _("Classification moment not recorded: counted from awareness, the earliest it can be.")
    return _outcome("dora", "", test, "classification", incident.aware_at, why)


def _write(incident: Incident, outcome: Outcome, obligation: Obligation | None) -> dict[str, Any] | None:
    if obligation is None:
        if outcome.applies is None:
            return None  # not known yet: the question stays open on the incident
        return _create(incident, outcome)
    open_states = (Obligation.State.OWED, Obligation.State.NOT_APPLICABLE)
    if outcome.applies is None or obligation.state not in open_states or not obligation.rule_set:
        return None
    state = Obligation.State.OWED if outcome.applies else Obligation.State.NOT_APPLICABLE
    if state == obligation.state:
        if (obligation.reason, obligation.article) != (outcome.reason, outcome.article):
            # the same verdict on better knowledge ("not known yet" → "high risk"): the reason says why it holds
            # now; what changed it (the facts, the DPO's decision) is on the audit trail already
            obligation.reason, obligation.article = outcome.reason, outcome.article
            obligation.save(update_fields=["reason", "article", "updated_at"])
        return None
    before = obligation.state
    obligation.state, obligation.reason, obligation.article = state, outcome.reason, outcome.article
    obligation.save(update_fields=["state", "reason", "article", "updated_at"])
    stored = store_deadlines(obligation) if state == Obligation.State.OWED else {}
    return _change(obligation, "changed", before=before, stored=stored)


def _create(incident: Incident, outcome: Outcome) -> dict[str, Any]:
    country = outcome.country
    rule_set = R.rule_set_for(outcome.regime, outcome.trigger_at, country or None)
    state, reason = (
        (Obligation.State.OWED, outcome.reason)
        if outcome.applies
        else (Obligation.State.NOT_APPLICABLE, outcome.reason)
    )
    if rule_set is None and outcome.applies:
        state = Obligation.State.NOT_APPLICABLE
        reason = _not_in_force(outcome)
    obligation = Obligation.objects.create(
        incident=incident,
        regime=outcome.regime,
        variant=outcome.variant,
        rule_set=rule_set.id if rule_set else "",
        country=country,
        trigger_code=outcome.trigger_code,
        trigger_at=outcome.trigger_at,
        trigger_reason=outcome.trigger_reason,
        params=outcome.params,
        state=state,
        reason=reason,
        article=outcome.article,
    )
    stored: dict[str, str] = {}
    if rule_set is not None:
        chain = rule_set.chain(country=country or None, variant=outcome.variant or None)
        ObligationReport.objects.bulk_create(
            ObligationReport(obligation=obligation, code=report.code, position=position)
            for position, report in enumerate(chain)
        )
        if state == Obligation.State.OWED:
            stored = store_deadlines(obligation)
    return _change(obligation, "created", stored=stored)


def _not_in_force(outcome: Outcome) -> str:
    """Why an obligation that would apply does not: no rule set in force in its country at the trigger moment."""
    country = country_names.name(outcome.country)
    if R.per_country(outcome.regime) and outcome.country:
        regime = R.REGIMES[outcome.regime].label
        if outcome.trigger_code == "awareness":
            return _("%(regime)s not transposed in %(country)s at the awareness moment.") % {
                "regime": regime,
                "country": country,
            }
        return _("%(regime)s not transposed in %(country)s at the trigger moment.") % {
            "regime": regime,
            "country": country,
        }
    return _("No rule set of this regime was in force in %(country)s at the trigger moment.") % {
        "country": outcome.country or "?"
    }


def _change(obligation: Obligation, what: str, *, before: str = "", stored: dict[str, str]) -> dict[str, Any]:
    """One change in the evaluated event, in the shape the trail has kept since the first evaluation: the obligation
    named by its regime, variant and country, without the id ``events.obligation_keys`` adds — adding it would give
    this event kind two shapes on the hash-chained trail (rows already written stay as they are)."""
    return {
        "what": what,
        "regime": obligation.regime,
        "variant": obligation.variant,
        "country": obligation.country,
        "rule_set": obligation.rule_set,
        "trigger": obligation.trigger_code,
        "trigger_at": obligation.trigger_at.isoformat(),
        "trigger_reason": obligation.trigger_reason,
        "from": before,
        "state": obligation.state,
        "reason": obligation.reason,
        "article": obligation.article,
        "deadlines_stored": stored,
    }


# --- deadlines ---------------------------------------------------------------------------------------------------


class ChainInputs(TypedDict):
    """What an obligation's chain counts from, as ``obligations.rules`` takes it (``chain_state``, ``term_start``)."""

    trigger: datetime
    filed: dict[str, datetime | list[datetime]]
    zone: ZoneInfo
    moments: dict[str, datetime]
    params: dict[str, int] | None


def chain_inputs(
    obligation: Obligation, filed_at: Mapping[str, datetime | None], *, aware_at: datetime
) -> ChainInputs:
    """What the obligation's chain counts from, for its deadlines and for their reminders alike (delivery.clock):
    its trigger moment; each report's filing (``filed_at``: code → its filing, None when not filed) with the later
    filings the team recorded (DORA's intermediate report filed again); the moments recorded on it and the
    incident's awareness (``aware_at``: DORA's 24-hour backstop); its zone and the figures of its contract.
    No query of its own: the reminders' sweep reads the filings and awareness of many obligations at once."""
    again = obligation.filed_again()
    filed: dict[str, datetime | list[datetime]] = {
        code: [at, *again[code]] if again.get(code) else at for code, at in filed_at.items() if at
    }
    return ChainInputs(
        trigger=obligation.trigger_at,
        filed=filed,
        zone=zone_of(obligation.country),
        moments={**obligation.recorded_moments(), "awareness": aware_at},
        params=obligation.params or None,
    )


def chain_of(
    obligation: Obligation, reports: list[ObligationReport] | None = None
) -> tuple[R.ReportState, ...]:
    """Where the obligation's chain stands under its own stored rule set, from its reports' filings."""
    reports = list(obligation.reports.all()) if reports is None else reports
    return R.chain_state(
        obligation.rules(),
        country=obligation.country or None,
        variant=obligation.variant or None,
        **chain_inputs(
            obligation, {r.code: r.filed_at for r in reports}, aware_at=obligation.incident.aware_at
        ),
    )


def store_deadlines(obligation: Obligation) -> dict[str, str]:
    """Store the deadlines that became known (never re-dating one already stored, except where the law moves it)."""
    reports = list(obligation.reports.all())
    stored = {r.code: r.due_at for r in reports if r.due_at}
    new = R.deadlines_to_store(
        chain_of(obligation, reports), stored, recorded=tuple(obligation.recorded_moments())
    )
    for report in reports:
        if report.code in new:
            report.due_at = new[report.code]
            report.save(update_fields=["due_at"])
    return {code: when.isoformat() for code, when in new.items()}


# --- the steps of a report ---------------------------------------------------------------------------------------


def _report_for_update(actor: User, report_id: int) -> tuple[Incident, ObligationReport]:
    found = (
        ObligationReport.objects.filter(pk=report_id)
        .values_list("obligation__incident_id", flat=True)
        .first()
    )
    if found is None:
        raise DomainError(Code.NOT_FOUND, _("No such report."), status=404)
    incident = incident_get_for_update(actor, found)
    report = row_lock(ObligationReport, report_id)
    obligation = report.obligation
    if obligation.regime == "gdpr":
        raise DomainError(
            Code.FOLLOWS_NOTICE,
            _("The GDPR's reports follow the notices: draft, approve and file the notice to the authority."),
            status=409,
        )
    if obligation.state == Obligation.State.NOT_APPLICABLE:
        raise DomainError(Code.NOT_ALLOWED, _("This obligation does not apply."), status=409)
    return incident, report


def _require_state(report: ObligationReport, state: str) -> None:
    if report.state != state:
        raise DomainError(
            Code.NOT_ALLOWED,
            _("This step is not possible now: the report is %(state)s.")
            % {"state": report.get_state_display()},
            status=409,
        )


@transaction.atomic
def obligation_report_draft(*, actor: User, report_id: int, notes: str = "") -> ObligationReport:
    """A team member drafts the report."""
    incident, report = _report_for_update(actor, report_id)
    _require_state(report, ObligationReport.State.OWED)
    report.state, report.drafted_by, report.drafted_at = ObligationReport.State.DRAFTED, actor, timezone.now()
    report.notes = notes or report.notes
    report.save(update_fields=["state", "drafted_by", "drafted_at", "notes"])
    return _after_step(incident, actor, report, "drafted")


@transaction.atomic
def obligation_report_approve(*, actor: User, report_id: int) -> ObligationReport:
    """A DPO other than the drafter approves it: four eyes, as for the GDPR notices."""
    incident, report = _report_for_update(actor, report_id)
    _require_state(report, ObligationReport.State.DRAFTED)
    if not is_dpo(incident, actor):
        raise DomainError(Code.FORBIDDEN, _("Only the DPO approves a report."), status=403)
    if report.drafted_by_id == actor.pk:
        raise DomainError(
            Code.FORBIDDEN,
            _("Four eyes: a DPO other than the one who drafted it approves the report."),
            status=403,
        )
    report.state, report.approved_by, report.approved_at = (
        ObligationReport.State.APPROVED,
        actor,
        timezone.now(),
    )
    report.save(update_fields=["state", "approved_by", "approved_at"])
    return _after_step(incident, actor, report, "approved")


@transaction.atomic
def obligation_report_file(
    *, actor: User, report_id: int, reference: str, filed_at: datetime | None = None
) -> ObligationReport:
    """Record that the approved report was filed, with the recipient's reference; the deadlines it makes known
    (e.g. NIS2's final report, one month after the notification was filed) are stored now."""
    incident, report = _report_for_update(actor, report_id)
    _require_state(report, ObligationReport.State.APPROVED)
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError({"reference": [_("Give the recipient's reference.")]})
    now = timezone.now()
    filed_at = filed_at or now
    if filed_at > now:
        raise ValidationError({"filed_at": [_("A report cannot be filed in the future.")]})
    report.state, report.filed_at, report.reference = ObligationReport.State.FILED, filed_at, reference
    report.save(update_fields=["state", "filed_at", "reference"])
    return _after_step(incident, actor, report, "filed")


def _after_step(
    incident: Incident, actor: User | None, report: ObligationReport, step: str
) -> ObligationReport:
    obligation = report.obligation
    stored = store_deadlines(obligation) if step == "filed" else {}
    _update_state(obligation)
    report.refresh_from_db()
    events.report_event(incident=incident, actor=actor, report=report, step=step, stored=stored)
    return report


def _update_state(obligation: Obligation) -> None:
    """The obligation's state from its reports': filed once every report always owed is filed (supplemented once
    one more is); otherwise the state of the first such report still open."""
    rules = {
        r.code: r
        for r in obligation.rules().chain(
            country=obligation.country or None, variant=obligation.variant or None
        )
    }
    reports = list(obligation.reports.all())
    required = [r for r in reports if not rules[r.code].on_request and rules[r.code].condition is None]
    open_ = [r for r in required if r.state != ObligationReport.State.FILED]
    if open_:
        state = open_[0].state
    elif any(r.state == ObligationReport.State.FILED for r in reports if r not in required):
        state = Obligation.State.SUPPLEMENTED
    else:
        state = Obligation.State.FILED
    if state != obligation.state:
        obligation.state = state
        obligation.save(update_fields=["state", "updated_at"])


# --- the moments some reports count from -----------------------------------------------------------------------


def recordable_moments(obligation: Obligation) -> tuple[str, ...]:
    """What the team can record on the obligation for its chain's deadlines: the moments its rule set counts from
    (NIS2's ``handled``, the CRA's ``corrective_measure``) and the later filings of a report counted from its latest
    filing (``filed_again:intermediate``, DORA)."""
    rule_set = obligation.rules()
    if rule_set is None or obligation.state == Obligation.State.NOT_APPLICABLE:
        return ()
    where = {"country": obligation.country or None, "variant": obligation.variant or None}
    return rule_set.moments(**where) + tuple(FILED_AGAIN + code for code in rule_set.filed_again(**where))


@transaction.atomic
def obligation_moment_record(
    *, actor: User, obligation_id: int, name: str, at: datetime | None
) -> Obligation:
    """A team member (the DPO or the security team) records a moment a report counts from — the incident handled,
    a corrective measure available, an intermediate report filed again —, with who and when; the deadline that
    waited for it is stored now (``deadlines_to_store``), and a correction moves it. Not in the future, not before
    the obligation's trigger moment; a later filing not before the report's first."""
    found = Obligation.objects.filter(pk=obligation_id).values_list("incident_id", flat=True).first()
    if found is None:
        raise DomainError(Code.NOT_FOUND, _("No such obligation."), status=404)
    incident = incident_get_for_update(actor, found)
    obligation = row_lock(Obligation, obligation_id)
    if obligation.state == Obligation.State.NOT_APPLICABLE or not obligation.rule_set:
        raise DomainError(Code.NOT_ALLOWED, _("This obligation does not apply."), status=409)
    if name not in recordable_moments(obligation):
        raise ValidationError({"name": [_("No report of this obligation counts from this moment.")]})
    if at is None or timezone.is_naive(at):
        raise ValidationError({"at": [_("Give a moment with its time zone.")]})
    now = timezone.now()
    if at > now:
        raise ValidationError({"at": [_("The moment cannot be in the future.")]})
    if at < obligation.trigger_at:
        raise ValidationError(
            {
                "at": [
                    _("The moment cannot be before the obligation's trigger moment (%(trigger)s).")
                    % {"trigger": timezone.localtime(obligation.trigger_at).strftime("%Y-%m-%d %H:%M")}
                ]
            }
        )
    if name.startswith(FILED_AGAIN):
        first = obligation.reports.filter(code=name.removeprefix(FILED_AGAIN)).values_list(
            "filed_at", flat=True
        )
        filed_at = first.first()
        if filed_at is None:
            raise ValidationError({"name": [_("Record a later filing once the report has been filed.")]})
        if at < filed_at:
            raise ValidationError({"at": [_("A later filing cannot be before the report's first filing.")]})
    entry = {"at": at.isoformat(), "by": actor.pk, "recorded_at": now.isoformat()}
    obligation.moments = {
        **(obligation.moments or {}),
        name: [*(obligation.moments or {}).get(name, []), entry],
    }
    obligation.save(update_fields=["moments", "updated_at"])
    stored = store_deadlines(obligation)
    events.moment_event(
        incident=incident, actor=actor, obligation=obligation, name=name, at=at, stored=stored
    )
    return obligation


# --- the GDPR's reports follow the notices ---------------------------------------------------------------------


def gdpr_notice_filed(*, incident: Incident, actor: User | None, data: Mapping[str, Any]) -> None:
    """The authority notice was filed (notifications): the GDPR obligation's matching report is filed with it —
    the initial notice is the notification, a follow-up the GBA/APD's part 2 where the chain has one."""
    obligation = Obligation.objects.filter(incident=incident, regime="gdpr", variant="controller").first()
    if obligation is None or not obligation.rule_set:
        return
    code = "notification" if data.get("phase") == "initial" else "part2"
    report = obligation.reports.filter(code=code).exclude(state=ObligationReport.State.FILED).first()
    if report is None:
        return
    notice = _notice_people(data.get("notice"))
    report.state = ObligationReport.State.FILED
    report.filed_at = parse_datetime(data.get("filed_at") or "") or timezone.now()
    report.reference = data.get("reference") or ""
    report.drafted_by_id, report.approved_by_id = notice
    report.notes = _("Filed with the notice to the authority.")
    report.save(update_fields=["state", "filed_at", "reference", "drafted_by", "approved_by", "notes"])
    if (
        code == "notification"
    ):  # whatever was not known when the obligation arose, the authority is notified now
        obligation.reason = _("The notice to the authority was filed (GDPR Art. 33(1)).")
        obligation.save(update_fields=["reason", "updated_at"])
    _after_step(incident, actor, report, "filed")


def gdpr_alert_released(
    *, incident: Incident, actor: User | None, data: Mapping[str, Any], at: datetime
) -> None:
    """A processor's initial alert to one client was released (notifications: the notice starts sending): once
    every client of the incident has had its alert, the GDPR obligation's alert to the controllers is filed, at the
    release of the last one (Art. 33(2))."""
    obligation = Obligation.objects.filter(incident=incident, regime="gdpr", variant="processor").first()
    if obligation is None or not obligation.rule_set:
        return
    report = (
        obligation.reports.filter(code="controller_alert").exclude(state=ObligationReport.State.FILED).first()
    )
    if report is None:
        return
    clients = set(incident.client_organisations.values_list("pk", flat=True))
    released = set(
        Notice.objects.filter(
            incident=incident, kind="controller", phase="initial", released_at__isnull=False
        ).values_list("client_id", flat=True)
    ) | {data.get("client")}
    if not clients or not clients <= released:
        return
    report.state, report.filed_at = ObligationReport.State.FILED, at
    report.notes = _("Filed when the last client was alerted.")
    report.save(update_fields=["state", "filed_at", "notes"])
    _after_step(incident, actor, report, "filed")


def _notice_people(notice_id: int | None) -> tuple[int | None, int | None]:
    row = Notice.objects.filter(pk=notice_id).values_list("drafted_by_id", "approved_by_id").first()
    return row or (None, None)


# --- the profile and the answers ---------------------------------------------------------------------------------


def profile_of(organisation: Organisation) -> RegimeProfile:
    """The organisation's regimes profile, unsaved and empty (no regime beside the GDPR) when none was recorded."""
    try:
        return organisation.regime_profile
    except RegimeProfile.DoesNotExist:
        return RegimeProfile(organisation=organisation)


PROFILE_FIELDS = (
    "nis2_entity",
    "nis2_sector",
    "dora_financial_entity",
    "trust_service_provider",
    "public_ecs_provider",
    "digital_products_manufacturer",
    "countries",
)


@transaction.atomic
def regime_profile_update(*, actor: User, organisation_id: int, values: Mapping[str, Any]) -> RegimeProfile:
    """The DPO records what the organisation is for each regime; every open incident is evaluated again."""
    role = role_in(actor, organisation_id)
    if role not in TEAM_ROLES:
        raise DomainError(Code.NOT_FOUND, _("No such organisation."), status=404)
    if role != Role.DPO:
        raise DomainError(Code.FORBIDDEN, _("Only the DPO keeps the organisation's regimes."), status=403)
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    organisation = organisation_lock(organisation_id)
    profile, _created = RegimeProfile.objects.get_or_create(organisation=organisation)
    for name, value in values.items():
        setattr(profile, name, value)
    profile.countries = sorted({str(c).strip().upper() for c in profile.countries or []})
    if any(not (len(code) == 2 and code.isalpha() and code in country_names) for code in profile.countries):
        raise ValidationError({"countries": [_("Give each country as its two-letter ISO code, e.g. NL.")]})
    profile.updated_by = actor
    profile.full_clean(exclude=["organisation", "updated_by"])
    profile.save()
    for incident_id in Incident.objects.open().filter(organisation=organisation).values_list("pk", flat=True):
        incident = incident_get_for_update(actor, incident_id)
        evaluate(incident=incident, actor=actor)
    return profile


@transaction.atomic
def regime_answers_record(
    *, actor: User, incident_id: int, regime: str, answers: Mapping[str, Any]
) -> RegimeAnswers:
    """A team member answers the regime's own test on the incident; the obligations are evaluated again."""
    incident = incident_get_for_update(actor, incident_id)
    if regime not in QUESTIONS:
        raise ValidationError({"regime": [_("This regime has no questions of its own.")]})
    unknown = set(answers) - set(QUESTIONS[regime])
    if unknown:
        raise ValidationError({name: [_("Unknown question.")] for name in sorted(unknown)})
    clean = {name: _answer(name, answers[name]) for name in answers}
    record, _created = RegimeAnswers.objects.update_or_create(
        incident=incident,
        regime=regime,
        defaults={"answers": clean, "answered_by": actor, "answered_at": timezone.now()},
    )
    events.answers_event(incident=incident, actor=actor, regime=regime, answers=clean)
    evaluate(incident=incident, actor=actor)
    return record


def _answer(name: str, value: Any) -> Any:
    if name == "classified_at":
        moment = value if isinstance(value, datetime) else parse_datetime(str(value or ""))
        if value and (moment is None or timezone.is_naive(moment)):
            raise ValidationError({name: [_("Give a moment with its time zone.")]})
        return moment.isoformat() if moment else None
    if value is not None and not isinstance(value, bool):
        raise ValidationError({name: [_("Answer yes, no or not known yet.")]})
    return value
