"""Every stored assessment's facts in breach facts v2 (engine 2.0.0): a v1 object becomes one group labelled "all"
holding v1's people fields — what the engine has read a v1 object as since 2.0.0, so the meaning is the same
(``parse_facts(v1).to_v2_dict()``; docs/breach-facts.md). The decision is kept as it was made: the engine's advice
of that day, which the DPO decided on. A decision made before engine 2 has no ``groups``; the pages read it as
one group.

The transform is copied here, not imported from risk.engine, so that this migration keeps doing what it did when
the engine changes. The audit events of an assessment hash its facts as they were (``facts_sha256``); for a
converted object that is still the hash of ``breach_view(facts)``, which gives the v1 object back key for key.

Backwards, a v2 object that v1 can say (one group, none of v2's own facts) becomes v1 again; others stay v2."""

from itertools import islice

from django.db import migrations

BATCH = 500
PEOPLE_FIELDS = ("data_categories", "dpc_adjustment", "subject_categories", "subjects_count", "identifiability")
V1_LABEL = "all"


def to_v2(facts):
    """A v1 object as v2 with one group labelled "all"; anything else as it is."""
    if not isinstance(facts, dict) or "version" in facts or "groups" in facts:
        return facts
    breach = {key: value for key, value in facts.items() if key not in PEOPLE_FIELDS}
    if breach.get("summary", "") is None:
        del breach["summary"]
    group = {
        "label": V1_LABEL,
        "subject_categories": facts.get("subject_categories"),
        "subjects_count": facts.get("subjects_count"),
        "data_categories": facts.get("data_categories"),
        "identifiability": facts.get("identifiability"),
        "already_public": False,
        "dpc_adjustment": facts.get("dpc_adjustment"),
    }
    return {"version": 2, **breach, "groups": [group]}


def to_v1(facts):
    """A v2 object of one group without v2's own facts (the recipients' detail, facts to be determined, data
    public before) as v1; anything else as it is."""
    if not isinstance(facts, dict) or facts.get("version") != 2:
        return facts
    groups = facts.get("groups") or []
    if len(groups) != 1 or facts.get("recipients_detail") is not None:
        return facts
    (group,) = groups
    undetermined = any(facts.get(key) is None for key in ("confidentiality", "cause", "recipients"))
    if undetermined or group.get("subjects_count") is None or group.get("already_public"):
        return facts
    breach = {key: value for key, value in facts.items() if key not in ("version", "groups", "recipients_detail")}
    return breach | {key: group.get(key) for key in PEOPLE_FIELDS}


def _convert(apps, transform):
    RiskAssessment = apps.get_model("risk", "RiskAssessment")
    rows = RiskAssessment.objects.order_by("pk").only("pk", "facts").iterator(chunk_size=BATCH)
    while batch := list(islice(rows, BATCH)):
        changed = []
        for row in batch:
            facts = transform(row.facts)
            if facts is not row.facts:
                row.facts = facts
                changed.append(row)
        RiskAssessment.objects.bulk_update(changed, ["facts"])


def facts_to_v2(apps, schema_editor):
    _convert(apps, to_v2)


def facts_to_v1(apps, schema_editor):
    _convert(apps, to_v1)


class Migration(migrations.Migration):
    dependencies = [("risk", "0002_riskassessment_provenance")]

    operations = [migrations.RunPython(facts_to_v2, facts_to_v1)]
