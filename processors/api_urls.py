from django.urls import path

from processors import api

urlpatterns = [
    path("organisations/<int:pk>/clients/", api.ClientsApi.as_view(), name="api-clients"),
    path("clients/<int:pk>/", api.ClientApi.as_view(), name="api-client"),
    path("incidents/<int:pk>/instructions/", api.InstructionsApi.as_view(), name="api-instructions"),
    path("instructions/<int:pk>/revoke/", api.InstructionRevokeApi.as_view(), name="api-instruction-revoke"),
]
