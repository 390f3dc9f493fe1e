"""Every incident logged before the obligations existed gets its GDPR obligation, with the deadline it has today.

Rule set ``gdpr-2018``, trigger = the incident's awareness. A controller's notification to the authority is due at
aware_at + settings.AUTHORITY_DEADLINE_HOURS (as ``incidents.deadlines.authority_deadline`` computed it) and filed
when its initial authority notice is filed; a Belgian controller also owes the GBA/APD's part 2, 21 calendar days
after the notification's filing. A processor's alert to its controllers is due at aware_at + the shortest alert
term of its clients' DPAs (24 h without one), as ``processors.selectors.deadline_for`` computes it. The obligation
is not applicable when the incident is not a personal data breach, or the DPO decided not to notify.

No audit event is written: the trail's hash chain is keyed by a secret this migration does not hold; the
obligation's reason says where it came from.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations

RULE_SET = "gdpr-2018"
DEFAULT_ALERT_HOURS = 24  # processors.models.DEFAULT_ALERT_HOURS when this migration was written
MIGRATED = "Recorded by the data migration of the obligations (issue 18), with the deadline the incident had then."
BRUSSELS = ZoneInfo("Europe/Brussels")


def _country(organisation):
    return str(getattr(organisation.country, "code", organisation.country) or "")


def _part2_due(filed_at):
    """21 calendar days after part 1, wall-clock time kept in Brussels (obligations.rules.periods)."""
    local = filed_at.astimezone(BRUSSELS)
    return (local.replace(tzinfo=None) + timedelta(days=21)).replace(tzinfo=BRUSSELS)


def forwards(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    Notice = apps.get_model("notifications", "Notice")
    DpaTerms = apps.get_model("processors", "DpaTerms")
    Obligation = apps.get_model("obligations", "Obligation")
    Report = apps.get_model("obligations", "ObligationReport")

    filed = {}
    for notice in Notice.objects.filter(kind="authority", phase="initial", status="filed").order_by("filed_at"):
        filed.setdefault(notice.incident_id, notice)
    hours = {terms.client_id: terms.alert_hours for terms in DpaTerms.objects.all()}

    incidents = Incident.objects.exclude(obligations__regime="gdpr").select_related("organisation")
    for incident in incidents.prefetch_related("client_organisations").iterator(chunk_size=500):
        processor = incident.our_role == "processor"
        state, reason = "owed", MIGRATED
        if incident.is_personal_data_breach is False:
            state, reason = "not_applicable", "Not a personal data breach (GDPR Art. 4(12)). " + MIGRATED
        elif incident.notify_authority is False and not processor:
            state = "not_applicable"
            reason = "The DPO decided that the authority need not be notified (GDPR Art. 33(1)). " + MIGRATED
        country = _country(incident.organisation)
        client_hours = [hours.get(c.pk) or DEFAULT_ALERT_HOURS for c in incident.client_organisations.all()]
        obligation = Obligation.objects.create(
            incident=incident,
            regime="gdpr",
            variant="processor" if processor else "controller",
            rule_set=RULE_SET,
            country=country,
            trigger_code="awareness",
            trigger_at=incident.aware_at,
            params={"contract_hours": min(client_hours)} if processor and client_hours else {},
            state=state,
            reason=reason,
            article="GDPR Art. 33(2)" if processor else "GDPR Art. 33(1)",
        )
        if processor:
            due = incident.aware_at + timedelta(hours=min(client_hours)) if client_hours else None
            Report.objects.create(obligation=obligation, code="controller_alert", position=0, due_at=due)
            continue
        notice = filed.get(incident.pk)
        Report.objects.create(
            obligation=obligation,
            code="notification",
            position=0,
            due_at=incident.aware_at + timedelta(hours=settings.AUTHORITY_DEADLINE_HOURS),
            state="filed" if notice else "owed",
            filed_at=notice.filed_at if notice else None,
            reference=notice.reference if notice else "",
            drafted_by_id=notice.drafted_by_id if notice else None,
            approved_by_id=notice.approved_by_id if notice else None,
        )
        if country == "BE":
            Report.objects.create(
                obligation=obligation,
                code="part2",
                position=1,
                due_at=_part2_due(notice.filed_at) if notice and notice.filed_at else None,
            )
        elif notice and state == "owed":
            obligation.state = "filed"
            obligation.save(update_fields=["state"])


class Migration(migrations.Migration):
    dependencies = [
        ("obligations", "0001_initial"),
        ("incidents", "0009_organisation_sender"),
        ("notifications", "0010_models_moved_out"),
        ("processors", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
