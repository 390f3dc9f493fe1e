"""Sending a notice: the outbox rows of an approved notice to the people (Art. 34) or to a controller client
(Art. 33(2)), and retrying the failed ones. The step is taken on the notice's approval road (``notifications``,
under the incident's then the notice's lock); the rows are e-mailed by workers after commit (``outbox``)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from datalek.errors import DomainError
from delivery import outbox, tasks
from delivery.error_codes import DeliveryErrorCode as Code
from delivery.events import deliveries_event
from delivery.models import Delivery
from incidents.models import Incident, User
from notifications.models import Notice
from notifications.services import already, locked_notice, move
from people import selectors as people_selectors
from people.groups import Audience, audience_of
from processors.selectors import alert_recipients


def _controller_recipients(notice: Notice) -> list[Delivery]:
    addresses = alert_recipients(notice.client)
    if not addresses:
        raise DomainError(
            Code.NO_RECIPIENTS,
            _(
                "%(client)s has no address for breach alerts; add one to its DPA terms first "
                "(the alert also appears in its portal once sent)."
            )
            % {"client": notice.client.name},
            status=409,
        )
    return [
        Delivery(
            notice=notice,
            recipient=address,
            recipient_name=notice.client.dpo_name,
            language=notice.language,
        )
        for address in addresses
    ]


def _require_texts_for_everyone(incident: Incident, notice: Notice, audience: Audience) -> None:
    listed = incident.affected_subjects.filter(excluded_at__isnull=True).order_by()
    if not listed.exists():
        raise DomainError(
            Code.NO_RECIPIENTS, _("The list of affected people is empty: upload it first."), status=409
        )
    spoken = set(listed.filter(audience.told_people()).values_list("language", flat=True).distinct())
    languages = spoken - set(notice.content.get("texts", {}))
    if languages:
        raise DomainError(
            Code.CONDITIONS_NOT_MET,
            _(
                "There is no approved text in %(langs)s, but people on the list "
                "speak it. Add a follow-up with that language."
            )
            % {"langs": ", ".join(sorted(languages))},
            status=409,
        )


def _queue_deliveries(incident: Incident, notice: Notice) -> None:
    """The outbox rows of a notice: the controller's alert addresses, or everyone on the list of affected people
    — an e-mail for those with an address, a letter to print for the others — in one set-based statement (a list
    of a million never passes through Python)."""
    if notice.kind == Notice.Kind.CONTROLLER:
        Delivery.objects.bulk_create(_controller_recipients(notice), ignore_conflicts=True)
        return
    audience = Audience.from_content(notice.content)
    _require_texts_for_everyone(incident, notice, audience)
    queued = outbox.queue_for_people(notice_id=notice.pk, incident_id=incident.pk, audience=audience)
    if not queued and not notice.deliveries.exists() and audience.by_group:
        # Nobody of the groups told could be queued: refused, with the way out (a list without its groups).
        raise DomainError(
            Code.NO_RECIPIENTS,
            _(
                "Nobody on the list can be told: this notice is for %(groups)s, and %(n)d people on the list are in "
                "none of the assessment's groups or cannot be reached. Set their group or correct them, or exclude "
                "them, on the list of affected people; then send."
            )
            % {"groups": told_words(audience), "n": people_selectors.problem_count(incident.pk, audience)},
            status=409,
        )
    if not queued and not notice.deliveries.exists():
        # Nobody at all could be queued: refused (the transaction rolls back, the notice stays approved) rather
        # than "sending" to no one. Some unreachable among others do not stop the others (complete_if_done).
        raise DomainError(
            Code.NO_RECIPIENTS,
            _(
                "Nobody on the list can be reached (%(n)d people): correct their addresses or exclude them on "
                "the list of affected people, then send."
            )
            % {"n": people_selectors.unreachable(incident.pk).count()},
            status=409,
        )


def told_words(audience: Audience) -> str:
    """Whom a notice is for, in words: "everyone on the list" or the groups told ("“medical note”")."""
    if not audience.by_group:
        return _("everyone on the list")
    return ", ".join(f"“{g.label}”" for g in audience.told)


def _require_same_audience(incident: Incident, notice: Notice) -> None:
    """The people's notice goes to whom it was approved for — and that must still be whom the finalised assessment
    says must be told (a notice drafted before the assessment, or a new assessment since, is refused; back to
    draft, refreshed and approved again, it goes to the right people)."""
    if notice.kind != Notice.Kind.SUBJECTS or notice.on_behalf_of_id is not None:
        return
    approved, now = Audience.from_content(notice.content), audience_of(incident)
    if approved.told_labels != now.told_labels:
        raise DomainError(
            Code.CONDITIONS_NOT_MET,
            _(
                "This notice was approved for %(approved)s, but the finalised risk assessment now says to tell "
                "%(now)s. Take it back to draft, refresh its facts from the incident and have it approved again."
            )
            % {"approved": told_words(approved), "now": told_words(now)},
            status=409,
        )


def notice_send(*, actor: User, notice_id: int) -> Notice:
    """Send an approved notice to the people (Art. 34) or to the controller client (Art. 33(2)): one outbox row
    per recipient, e-mailed by Celery workers in batches after commit; letters are listed for printing."""
    with transaction.atomic():
        incident, notice = locked_notice(actor, notice_id)
        if notice.kind not in (Notice.Kind.SUBJECTS, Notice.Kind.CONTROLLER):
            raise DomainError(Code.NOT_ALLOWED, _("This notice is not sent by e-mail."), status=409)
        if notice.status != Notice.Status.APPROVED:
            raise DomainError(Code.NOT_ALLOWED, already(notice, "start_sending"), status=409)
        _require_same_audience(incident, notice)
        move(actor, incident, notice, "start_sending")
        _queue_deliveries(incident, notice)
        deliveries_event(
            incident=incident, actor=actor, notice=notice, counts=outbox.progress(notice.pk), what="queued"
        )
        transaction.on_commit(lambda: tasks.dispatch(notice.pk))
        return notice


def notice_retry(*, actor: User, notice_id: int) -> Notice:
    """Try the failed deliveries of a notice again, and tell the people a DPO corrected since it was sent."""
    with transaction.atomic():
        incident, notice = locked_notice(actor, notice_id)
        move(actor, incident, notice, "start_sending", reason=_("retry of failed deliveries"))
        again = Delivery.objects.filter(
            notice=notice, channel=Delivery.Channel.EMAIL, status=Delivery.Status.FAILED
        ).update(status=Delivery.Status.QUEUED, claim_token=None, claimed_at=None)
        if notice.kind == Notice.Kind.SUBJECTS:
            audience = Audience.from_content(notice.content)
            again += outbox.queue_for_people(notice_id=notice.pk, incident_id=incident.pk, audience=audience)
        if not again:  # e.g. the unreachable were excluded: nothing to send, the notice is done (or not) now
            transaction.on_commit(lambda: outbox.complete_if_done(notice.pk))
        transaction.on_commit(lambda: tasks.dispatch(notice.pk))
        return notice
