"""The pages' one error path (datalek/web_errors.py): a service's refusal becomes the page's message and a way
back, a 404 refusal the page's 404; nothing else is caught, and what a refused service wrote is not kept."""

from __future__ import annotations

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse

from datalek.errors import Conflict, DomainError
from datalek.web_errors import domain_errors, found
from incidents.models import Incident, Organisation
from risk import services as risk_services


def _request(rf, *, htmx: bool = False):
    request = rf.post("/incidents/7/act/", headers={"HX-Request": "true"} if htmx else {})
    request._messages = CookieStorage(request)
    return request


def _said(request) -> list[tuple[int, str]]:
    return [(m.level, m.message) for m in messages.get_messages(request)]


def _refusing(exc: Exception, **options):
    @domain_errors(back=lambda request, pk: f"/incidents/{pk}/#risk", **options)
    def view(request, pk):
        raise exc

    return view


def test_a_refusal_in_a_post_becomes_its_message_and_a_redirect_back(rf):
    request = _request(rf)
    response = _refusing(Conflict("stale", "Someone else changed this incident."))(request, pk=7)
    assert (response.status_code, response["Location"]) == (302, "/incidents/7/#risk")
    assert _said(request) == [(messages.ERROR, "Someone else changed this incident.")]


def test_back_gets_the_views_own_arguments_and_what_it_returns_is_where_the_page_goes(rf):
    seen = []

    def back(request, incident_id, *, kind):
        seen.append((incident_id, kind))
        return f"/incidents/{incident_id}/{kind}/"

    @domain_errors(back=back)
    def view(request, incident_id, *, kind):
        raise DomainError("invalid", "No.")

    response = view(_request(rf), 7, kind="systems")
    assert response["Location"] == "/incidents/7/systems/"
    assert seen == [(7, "systems")]


def test_in_an_htmx_request_the_browser_is_sent_back_with_the_message(rf):
    request = _request(rf, htmx=True)
    response = _refusing(DomainError("invalid", "Not now."))(request, pk=7)
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/incidents/7/#risk"
    assert response.content == b""  # nothing for htmx to swap into the panel
    assert _said(request) == [(messages.ERROR, "Not now.")]


def test_a_refusal_with_status_404_is_the_pages_404_plain_or_htmx(rf):
    for htmx in (False, True):
        request = _request(rf, htmx=htmx)
        with pytest.raises(Http404, match=r"^No such incident\.$"):
            _refusing(DomainError("not_found", "No such incident.", status=404))(request, pk=7)
        assert _said(request) == []


def test_details_add_the_messages_of_the_fields(rf):
    request = _request(rf)
    refusal = DomainError(
        "invalid", "Some answers are not valid.", fields={"a": ["Write a text."], "b": ["Too long."]}
    )
    _refusing(refusal, details=True)(request, pk=7)
    assert _said(request) == [(messages.ERROR, "Some answers are not valid. Write a text. Too long.")]
    plain = _request(rf)
    _refusing(refusal)(plain, pk=7)
    assert _said(plain) == [(messages.ERROR, "Some answers are not valid.")]


@pytest.mark.parametrize(
    "error", [ValueError("a bug"), ValidationError({"title": ["Required."]}), KeyError("x")], ids=type
)
def test_what_is_not_a_domain_error_is_not_swallowed(rf, error):
    request = _request(rf)
    with pytest.raises(type(error)):
        _refusing(error)(request, pk=7)
    assert _said(request) == []


def test_the_view_answers_as_usual_when_nothing_is_refused(rf):
    @domain_errors(back=lambda request: "/elsewhere/")
    def view(request):
        return HttpResponse("fine")

    assert view(_request(rf)).content == b"fine"


def test_found_turns_only_a_404_refusal_into_the_pages_404():
    def lookup(pk, *, status):
        raise DomainError("x", f"No such thing {pk}.", status=status)

    with pytest.raises(Http404, match=r"^No such thing 3\.$"):
        found(lookup, 3, status=404)
    with pytest.raises(DomainError):
        found(lookup, 3, status=409)
    assert found(lambda pk: pk * 2, 21) == 42


def test_a_lookup_inside_back_that_finds_nothing_is_the_pages_404(rf):
    def back(request, pk):
        raise DomainError("not_found", "No such document.", status=404)

    @domain_errors(back=back)
    def view(request, pk):
        raise DomainError("not_letters", "Only letters are posted.", status=409)

    request = _request(rf)
    with pytest.raises(Http404, match=r"^No such document\.$"):
        view(request, pk=7)
    assert _said(request) == []  # no message left behind for the next page


@pytest.mark.django_db
def test_what_a_refused_service_wrote_is_not_kept(rf):
    @transaction.atomic
    def organisation_create_refused():
        Organisation.objects.create(name="Half written B.V.", slug="half-written")
        raise DomainError("invalid", "Refused after writing.")

    @domain_errors(back=lambda request: "/")
    def view(request):
        organisation_create_refused()
        return HttpResponse("never")

    response = view(_request(rf))
    assert response.status_code == 302
    assert not Organisation.objects.filter(slug="half-written").exists()


# --- on real pages ---------------------------------------------------------------------------------------------


def test_a_refused_step_on_the_risk_panel_comes_back_to_it_with_the_message_and_writes_nothing(
    client, incident, owner
):
    with pytest.raises(DomainError) as refused:  # nothing to finalise: no assessment was run
        risk_services.assessment_finalise(actor=owner, incident_id=incident.pk)
    events = Incident.objects.get(pk=incident.pk).audit_event_count
    client.force_login(owner)
    url = f"/incidents/{incident.pk}/risk/finalise/"

    response = client.post(url)
    assert (response.status_code, response["Location"]) == (302, f"/incidents/{incident.pk}/#risk")
    page = client.get(response["Location"])
    assert refused.value.message in [m.message for m in page.context["messages"]]

    htmx = client.post(url, headers={"HX-Request": "true"})
    assert (htmx.status_code, htmx["HX-Redirect"]) == (200, f"/incidents/{incident.pk}/#risk")
    assert Incident.objects.get(pk=incident.pk).audit_event_count == events


def test_a_stale_transition_is_a_message_on_the_incident_page_and_changes_nothing(client, incident, owner):
    client.force_login(owner)
    response = client.post(
        f"/incidents/{incident.pk}/transition/",
        {"transition": "start_triage", "expected_status": "triage"},
        follow=True,
    )
    assert response.redirect_chain == [(f"/incidents/{incident.pk}/", 302)]
    said = [(m.level, m.message) for m in response.context["messages"]]
    assert said == [
        (
            messages.ERROR,
            "This incident has moved on to “Detection” since you loaded it; reload to see what changed.",
        )
    ]
    incident.refresh_from_db()
    assert incident.status == Incident.Status.DETECTION


def test_an_htmx_panel_of_an_incident_one_may_not_see_is_a_404(client, incident, outsider):
    client.force_login(outsider)
    response = client.get(f"/incidents/{incident.pk}/risk/", headers={"HX-Request": "true"})
    assert response.status_code == 404
