"""A partial index of the people a message cannot reach and no DPO excluded, by incident and id: the people page,
the counts of problems and the end of a sending ask for them, and on a list of a million they are a few index
entries instead of a walk through the whole list. Its condition is ``people.recipients.unreachable_rule`` as it
stands today, frozen here like every migration's state; a change of the rule is a new migration."""

import django.db.models.expressions
import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="affectedsubject",
            index=models.Index(
                condition=models.Q(
                    ("excluded_at__isnull", True),
                    models.Q(
                        models.Q(("name__contains", "\n"), _negated=True),
                        models.Q(("name__contains", "\r"), _negated=True),
                        models.Q(
                            models.Q(("email", ""), _negated=True),
                            models.Q(
                                ("email", ""),
                                models.Q(("postal_address", ""), _negated=True),
                                django.db.models.lookups.LessThanOrEqual(
                                    django.db.models.functions.text.Length("postal_address"), 500
                                ),
                                django.db.models.lookups.LessThan(
                                    django.db.models.expressions.CombinedExpression(
                                        django.db.models.functions.text.Length("postal_address"),
                                        "-",
                                        django.db.models.functions.text.Length(
                                            django.db.models.functions.text.Replace(
                                                "postal_address", models.Value("\n"), models.Value("")
                                            )
                                        ),
                                    ),
                                    8,
                                ),
                            ),
                            _connector="OR",
                        ),
                        ("language__in", ("nl", "fr", "en")),
                        _negated=True,
                    ),
                ),
                fields=["incident", "id"],
                name="subject_unreachable_keyset",
            ),
        ),
    ]
