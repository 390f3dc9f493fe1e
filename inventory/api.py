"""REST API of the inventory and of an incident's affected systems and proposed facts: thin views, plain
serializers, the services do the work. Same rules as the pages: the DPO edits, the security team reads, and
everyone else gets "not found"."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from datalek.errors import DomainError
from incidents import selectors as incident_selectors
from incidents.api import ERRORS, OrganisationRefSerializer, PersonRefSerializer
from incidents.models import Organisation
from inventory import exchange, selectors, services
from inventory.error_codes import InventoryErrorCode as Code
from inventory.models import IncidentFactProvenance, InventoryRecord, ProcessingActivity, Processor, System
from inventory.provenance import PATH_LABELS, PROPOSED_PATHS
from inventory.vocabulary import (
    DATA_CATEGORY_CODES,
    SUBJECT_CATEGORY_CODES,
    Backup,
    Hashing,
    LegalBasis,
    Protection,
)

ORGANISATION_PARAM = OpenApiParameter(
    "organisation", int, description="Your organisation's id; may be left out when you belong to only one."
)


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


# --- output ---------------------------------------------------------------------------------------------


class RecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = OrganisationRefSerializer()
    name = serializers.CharField()
    archived = serializers.BooleanField(source="is_archived")
    archived_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ProcessorSerializer(RecordSerializer):
    country = serializers.CharField()
    role = serializers.ChoiceField(choices=Processor.Role.choices)
    contact = serializers.CharField()
    parent = RefSerializer(allow_null=True)


class SystemSerializer(RecordSerializer):
    description = serializers.CharField()
    owner = serializers.CharField()
    hosting_processor = RefSerializer(allow_null=True)
    hosting = serializers.CharField()
    country = serializers.CharField()
    encryption = serializers.ChoiceField(choices=Protection.choices)
    hashing = serializers.ChoiceField(choices=Hashing.choices)
    backup = serializers.ChoiceField(choices=Backup.choices)


class ActivitySerializer(RecordSerializer):
    purpose = serializers.CharField()
    legal_basis = serializers.CharField(
        help_text="Art. 6(1): " + ", ".join(LegalBasis.values) + "; or empty."
    )
    data_categories = serializers.ListField(child=serializers.CharField())
    subject_categories = serializers.ListField(child=serializers.CharField())
    subjects_count = serializers.IntegerField(allow_null=True)
    retention = serializers.CharField()
    systems = RefSerializer(many=True)
    processors = RefSerializer(many=True)
    client_organisations = RefSerializer(many=True)


# --- input ----------------------------------------------------------------------------------------------


class RecordInputSerializer(serializers.Serializer):
    """Fields of a record. On POST and PUT a field left out takes its default (PUT replaces the record); on
    PATCH only the fields given change. ``archived`` archives (true) or restores (false) the record."""

    name = serializers.CharField(max_length=200)
    archived = serializers.BooleanField(required=False)
    scoped: dict[str, str] = {}  # field → "processors" | "systems" | "clients": limited to the caller's orgs

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")  # absent while the OpenAPI schema is generated
        if request is None:
            return
        orgs = list(selectors.inventory_organisations(request.user))
        querysets = {
            "processors": Processor.objects.filter(organisation__in=orgs),
            "systems": System.objects.filter(organisation__in=orgs),
            "clients": incident_selectors.client_organisations_of([o.id for o in orgs]),
        }
        for name, pool in self.scoped.items():
            field = self.fields[name]
            (field.child_relation if hasattr(field, "child_relation") else field).queryset = querysets[pool]

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = set(data) - set(self.fields) - {"organisation"}
            if unknown:
                raise serializers.ValidationError({f: [_("Unknown field.")] for f in sorted(unknown)})
        return super().to_internal_value(data)

    def values(self) -> dict[str, Any]:
        values = dict(self.validated_data)
        values.pop("organisation", None)
        return values


def _pk(queryset=None, **kwargs) -> serializers.PrimaryKeyRelatedField:
    """Scoped to the caller's organisations in ``RecordInputSerializer.__init__``."""
    queryset = Processor.objects.none() if queryset is None else queryset
    return serializers.PrimaryKeyRelatedField(queryset=queryset, **kwargs)


class ProcessorInputSerializer(RecordInputSerializer):
    country = serializers.CharField(max_length=2, help_text="ISO 3166 code, e.g. NL, IE, US.")
    role = serializers.ChoiceField(choices=Processor.Role.choices, required=False, default="processor")
    contact = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    parent = _pk(
        required=False, allow_null=True, default=None, help_text="For a sub-processor: the processor's id."
    )
    scoped = {"parent": "processors"}


class SystemInputSerializer(RecordInputSerializer):
    description = serializers.CharField(required=False, allow_blank=True, default="")
    owner = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    hosting_processor = _pk(
        required=False, allow_null=True, default=None, help_text="The id of the processor hosting it."
    )
    hosting = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    country = serializers.CharField(max_length=2, help_text="Where the data is stored (ISO 3166 code).")
    encryption = serializers.ChoiceField(choices=Protection.choices, required=False, default="none")
    hashing = serializers.ChoiceField(choices=Hashing.choices, required=False, default="none")
    backup = serializers.ChoiceField(choices=Backup.choices, required=False, default="none")
    scoped = {"hosting_processor": "processors"}


class ActivityInputSerializer(RecordInputSerializer):
    purpose = serializers.CharField()
    legal_basis = serializers.ChoiceField(
        choices=LegalBasis.choices, required=False, allow_blank=True, default=""
    )
    data_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=DATA_CATEGORY_CODES), required=False, default=list
    )
    subject_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=SUBJECT_CATEGORY_CODES), required=False, default=list
    )
    subjects_count = serializers.IntegerField(required=False, allow_null=True, min_value=0, default=None)
    retention = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    systems = _pk(System.objects.none(), many=True, required=False, default=list)
    processors = _pk(many=True, required=False, default=list)
    client_organisations = _pk(
        Organisation.objects.none(),
        many=True,
        required=False,
        default=list,
        help_text="When we process as a processor: ids of the client organisations it is done for.",
    )
    scoped = {"systems": "systems", "processors": "processors", "client_organisations": "clients"}


class CreateMixin(serializers.Serializer):
    organisation = serializers.IntegerField(required=False, help_text=ORGANISATION_PARAM.description)


# --- the register ---------------------------------------------------------------------------------------


def _organisation(request: Request, organisation_id: Any) -> Organisation:
    organisations = list(selectors.inventory_organisations(request.user))
    if organisation_id in (None, "") and len(organisations) == 1:
        return organisations[0]
    if organisation_id in (None, ""):
        if not organisations:
            raise DomainError(Code.NOT_FOUND, _("No such organisation."), status=404)
        raise DomainError(
            "invalid",
            _("Say for which organisation."),
            fields={"organisation": [_("Required: you belong to more than one organisation.")]},
        )
    for organisation in organisations:
        if str(organisation.id) == str(organisation_id):
            return organisation
    raise DomainError(Code.NOT_FOUND, _("No such organisation."), status=404)


class RecordListCreateApi(APIView):
    model: type[InventoryRecord] = System
    output: type[RecordSerializer] = SystemSerializer
    input: type[RecordInputSerializer] = SystemInputSerializer  # with CreateMixin: the organisation

    def get(self, request: Request) -> Response:
        organisation_id = request.query_params.get("organisation")
        organisations = (
            [_organisation(request, organisation_id)]
            if organisation_id
            else selectors.inventory_organisations(request.user)
        )
        records = [r for o in organisations for r in selectors.record_list(self.model, o)]
        return Response(self.output(records, many=True).data)

    def post(self, request: Request) -> Response:
        serializer = self.input(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        organisation = _organisation(request, serializer.validated_data.get("organisation"))
        record = services.record_create(
            actor=request.user, organisation=organisation, model=self.model, values=serializer.values()
        )
        return Response(
            self.output(selectors.record_get(request.user, self.model, record.pk)).data, status=201
        )


class RecordDetailApi(APIView):
    model: type[InventoryRecord] = System
    output: type[RecordSerializer] = SystemSerializer
    input: type[RecordInputSerializer] = SystemInputSerializer

    def get(self, request: Request, pk: int) -> Response:
        return Response(self.output(selectors.record_get(request.user, self.model, pk)).data)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        record = selectors.record_get(request.user, self.model, pk)
        serializer = self.input(data=request.data, partial=partial, context={"request": request})
        serializer.is_valid(raise_exception=True)
        services.record_update(
            actor=request.user, model=self.model, record_id=record.pk, values=serializer.values()
        )
        return Response(self.output(selectors.record_get(request.user, self.model, pk)).data)

    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)

    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    def delete(self, request: Request, pk: int) -> Response:
        record = selectors.record_get(request.user, self.model, pk)
        services.record_delete(actor=request.user, model=self.model, record_id=record.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _list_schema(name: str, label: str, output, create_serializer) -> dict[str, Any]:
    """The schema of a list/create view of one kind of record."""
    return {
        "get": extend_schema(
            operation_id=f"inventory_{name}_list",
            summary=f"{label}: list",
            parameters=[ORGANISATION_PARAM],
            responses={200: output(many=True), **ERRORS},
        ),
        "post": extend_schema(
            operation_id=f"inventory_{name}_create",
            summary=f"{label}: create (the DPO)",
            request=create_serializer,
            responses={201: output, **ERRORS},
        ),
    }


def _detail_schema(name: str, label: str, output, input_serializer) -> dict[str, Any]:
    """The schema of a detail view of one kind of record."""
    return {
        "get": extend_schema(operation_id=f"inventory_{name}_retrieve", responses={200: output, **ERRORS}),
        "patch": extend_schema(
            operation_id=f"inventory_{name}_partial_update",
            summary=f"{label}: change some fields (the DPO); archived true/false archives or restores",
            request=input_serializer(partial=True),
            responses={200: output, **ERRORS},
        ),
        "put": extend_schema(
            operation_id=f"inventory_{name}_update",
            summary=f"{label}: replace (the DPO)",
            request=input_serializer,
            responses={200: output, **ERRORS},
        ),
        "delete": extend_schema(
            operation_id=f"inventory_{name}_destroy",
            summary=f"{label}: delete (the DPO); refused with 409 in_use when anything refers to it",
            responses={204: None, **ERRORS},
        ),
    }


class SystemInputCreateSerializer(CreateMixin, SystemInputSerializer):
    pass


class ActivityInputCreateSerializer(CreateMixin, ActivityInputSerializer):
    pass


class ProcessorInputCreateSerializer(CreateMixin, ProcessorInputSerializer):
    pass


@extend_schema_view(**_list_schema("systems", "Systems", SystemSerializer, SystemInputCreateSerializer))
class SystemListCreateApi(RecordListCreateApi):
    model = System
    output = SystemSerializer
    input = SystemInputCreateSerializer


@extend_schema_view(**_detail_schema("systems", "Systems", SystemSerializer, SystemInputSerializer))
class SystemDetailApi(RecordDetailApi):
    model = System
    output = SystemSerializer
    input = SystemInputSerializer


@extend_schema_view(
    **_list_schema(
        "processing_activities", "Processing activities", ActivitySerializer, ActivityInputCreateSerializer
    )
)
class ActivityListCreateApi(RecordListCreateApi):
    model = ProcessingActivity
    output = ActivitySerializer
    input = ActivityInputCreateSerializer


@extend_schema_view(
    **_detail_schema(
        "processing_activities", "Processing activities", ActivitySerializer, ActivityInputSerializer
    )
)
class ActivityDetailApi(RecordDetailApi):
    model = ProcessingActivity
    output = ActivitySerializer
    input = ActivityInputSerializer


@extend_schema_view(
    **_list_schema("processors", "Processors", ProcessorSerializer, ProcessorInputCreateSerializer)
)
class ProcessorListCreateApi(RecordListCreateApi):
    model = Processor
    output = ProcessorSerializer
    input = ProcessorInputCreateSerializer


@extend_schema_view(
    **_detail_schema("processors", "Processors", ProcessorSerializer, ProcessorInputSerializer)
)
class ProcessorDetailApi(RecordDetailApi):
    model = Processor
    output = ProcessorSerializer
    input = ProcessorInputSerializer


def _require_dpo(request: Request, organisation: Organisation) -> None:
    if not selectors.can_edit(request.user, organisation):
        raise DomainError(Code.FORBIDDEN, _("Only the DPO exports and imports the inventory."), status=403)


class InventoryExportApi(APIView):
    @extend_schema(
        operation_id="inventory_export",
        summary="The whole inventory of an organisation as one JSON document (the DPO)",
        parameters=[ORGANISATION_PARAM],
        responses={200: OpenApiTypes.OBJECT, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        organisation = _organisation(request, request.query_params.get("organisation"))
        _require_dpo(request, organisation)
        return Response(exchange.export_document(organisation, exported_at=timezone.now()))


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class InventoryImportApi(APIView):
    @extend_schema(
        operation_id="inventory_import",
        summary="Load an inventory document (as exported), matching records by name (the DPO)",
        description="Everything is checked first; on any problem nothing changes and each problem is named by "
        "its place, e.g. `systems[2].encryption`. Importing the same document again changes nothing.",
        parameters=[ORGANISATION_PARAM],
        request=OpenApiTypes.OBJECT,
        responses={200: ImportResultSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        organisation = _organisation(request, request.query_params.get("organisation"))
        result = services.inventory_import(
            actor=request.user, organisation=organisation, document=request.data
        )
        return Response(result.as_dict())


# --- an incident: affected systems and proposed facts ---------------------------------------------------


class AffectedSystemSerializer(serializers.Serializer):
    system = RefSerializer()
    archived = serializers.BooleanField(source="system.is_archived")
    added_by = PersonRefSerializer()
    added_at = serializers.DateTimeField()


class AffectedSystemsInputSerializer(serializers.Serializer):
    systems = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of the systems of the incident's organisation."
    )


class FactSerializer(serializers.Serializer):
    path = serializers.CharField(help_text="e.g. data_categories, protection.encryption, processors")
    label = serializers.SerializerMethodField()
    value = serializers.JSONField()
    status = serializers.ChoiceField(choices=IncidentFactProvenance.Status.choices)
    source = serializers.CharField()
    derived_value = serializers.JSONField(allow_null=True, help_text="What the inventory proposed.")
    derived_at = serializers.DateTimeField(allow_null=True)
    confirmed_by = PersonRefSerializer(allow_null=True)
    confirmed_at = serializers.DateTimeField(allow_null=True)

    def get_label(self, row: IncidentFactProvenance) -> str:
        return str(PATH_LABELS.get(row.path, row.path))


class ProposedFactsSerializer(serializers.Serializer):
    facts = FactSerializer(many=True)
    stale = serializers.BooleanField(
        help_text="The inventory changed since: refresh to see what it says now."
    )


class ConfirmInputSerializer(serializers.Serializer):
    path = serializers.ChoiceField(choices=[(p, p) for p in PROPOSED_PATHS])
    value = serializers.JSONField(
        required=False,
        allow_null=True,
        help_text="Leave out to confirm the proposed value as it is; give a value to correct it (codes; for "
        "processors and client_organisations a list of ids).",
    )


def _affected(incident) -> Response:
    return Response(AffectedSystemSerializer(selectors.affected_systems(incident), many=True).data)


def _proposed(incident) -> Response:
    rows = selectors.fact_provenance(incident)
    stale = selectors.proposal_is_stale(incident, rows)
    return Response(ProposedFactsSerializer({"facts": list(rows.values()), "stale": stale}).data)


class IncidentSystemsApi(APIView):
    @extend_schema(
        operation_id="incidents_systems_list", responses={200: AffectedSystemSerializer(many=True), **ERRORS}
    )
    def get(self, request: Request, pk: int) -> Response:
        return _affected(incident_selectors.incident_get(request.user, pk))

    @extend_schema(
        operation_id="incidents_systems_set",
        summary="Set the affected systems; the proposed facts are refreshed with them",
        request=AffectedSystemsInputSerializer,
        responses={200: AffectedSystemSerializer(many=True), **ERRORS},
    )
    def put(self, request: Request, pk: int) -> Response:
        incident = incident_selectors.incident_get(request.user, pk)
        serializer = AffectedSystemsInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.incident_set_affected_systems(
            actor=request.user, incident_id=incident.pk, system_ids=serializer.validated_data["systems"]
        )
        return _affected(incident)


class ProposedFactsApi(APIView):
    @extend_schema(
        operation_id="incidents_proposed_facts",
        summary="The facts proposed from the inventory, each derived or recorded, with its source",
        responses={200: ProposedFactsSerializer, **ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _proposed(incident_selectors.incident_get(request.user, pk))


class ProposedFactsRefreshApi(APIView):
    @extend_schema(
        operation_id="incidents_proposed_facts_refresh",
        summary="Refresh the derived values from the inventory as it is now (recorded values are kept)",
        request=None,
        responses={200: ProposedFactsSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        incident = incident_selectors.incident_get(request.user, pk)
        services.incident_propose_facts(actor=request.user, incident_id=incident.pk)
        return _proposed(incident)


class ProposedFactConfirmApi(APIView):
    @extend_schema(
        operation_id="incidents_proposed_facts_confirm",
        summary="Confirm a proposed fact, or correct it: either way it is recorded, with who and when",
        request=ConfirmInputSerializer,
        responses={200: FactSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        incident = incident_selectors.incident_get(request.user, pk)
        serializer = ConfirmInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        row = services.incident_confirm_fact(
            actor=request.user, incident_id=incident.pk, path=data["path"], value=data.get("value")
        )
        return Response(FactSerializer(row).data)
