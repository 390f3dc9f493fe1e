"""The people page, the counts of problems and the end of a sending ask for the people who cannot be told: on a list
of a million with a few of them, that must be a few index entries, not a walk through the list (issue 19). Which
index PostgreSQL picks is its planner's choice, measured at a million people and not asserted here; what the tests
hold is what the planner needs: the query carries the partial index's own condition."""

from __future__ import annotations

from django.core.management import call_command
from django.db.models import Q

from people import recipients, selectors
from people.groups import EVERYONE, Audience, Group
from people.models import AffectedSubject


def _index(name: str):
    return next(index for index in AffectedSubject._meta.indexes if index.name == name)


def _where(condition: Q) -> str:
    """``condition`` as the ORM writes it in a query of the list."""
    return str(AffectedSubject.objects.filter(condition).query).split(" WHERE ", 1)[1]


def test_the_partial_index_holds_the_people_the_unreachable_query_asks_for():
    index = _index("subject_unreachable_keyset")
    assert index.condition == Q(excluded_at__isnull=True) & recipients.unreachable_rule()

    by_group = Audience(
        (
            Group.from_dict({"label": "customers", "notify_subjects": False}),
            Group.from_dict({"label": "medical note", "notify_subjects": True}),
        )
    )
    assert by_group.by_group
    for audience in (EVERYONE, by_group):
        query = str(selectors.unreachable(7, audience).query)
        # PostgreSQL proves a query may use a partial index by finding each part of the index's condition, as it
        # stands, among the query's own: the rule must not be rewritten on either side.
        for part in index.condition.children:
            assert _where(Q(part) if not isinstance(part, Q) else part) in query


def test_the_migrations_hold_the_indexes_of_the_models(db):
    """The migration keeps the index's condition as it was written; a change of the rule needs a new one."""
    call_command("makemigrations", "people", "--check", "--dry-run", verbosity=0)
