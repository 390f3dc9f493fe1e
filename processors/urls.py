from django.urls import path

from processors import views

app_name = "processors"
urlpatterns = [
    path("organisations/<int:pk>/clients/", views.clients_page, name="clients"),
    path("clients/<int:pk>/", views.client_page, name="client"),
    path("incidents/<int:pk>/instructions/", views.instructions_page, name="instructions"),
    path("instructions/<int:pk>/revoke/", views.instruction_revoke, name="instruction_revoke"),
]
