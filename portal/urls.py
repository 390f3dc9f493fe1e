"""The controller portal: what our controller clients see of the alerts we send them as their processor; and the
processor team's card of those alerts on its incident page."""

from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("alerts/<int:pk>/", views.alert_page, name="alert"),
    path("alerts/<int:pk>/acknowledge/<int:phase>/", views.acknowledge, name="acknowledge"),
    path("alerts/<int:pk>/questions/", views.ask, name="ask"),
    path("alerts/<int:pk>/facts.json", views.facts_json, name="facts"),
    path("alerts/<int:pk>/pdf/<int:phase>/", views.phase_pdf, name="pdf"),
    path("alerts/<int:pk>/import/", views.import_alert, name="import"),
    path("team/incidents/<int:pk>/", views.team_card, name="team_card"),
    path("team/incidents/<int:pk>/clocks/", views.team_clocks, name="team_clocks"),
    path("team/questions/<int:pk>/answer/", views.team_answer, name="team_answer"),
]
