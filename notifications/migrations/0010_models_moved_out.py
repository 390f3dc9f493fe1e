"""The affected people, the processor's DPA terms and instructions, and the outbox moved to apps of their own
(``people``, ``processors``, ``delivery``), keeping their tables: the models leave this app's state only, and the
notice's instruction now points at ``processors.WrittenInstruction`` (the same table). No table changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0009_missing_answers_acknowledgement'),
        ('people', '0001_initial'),
        ('processors', '0001_initial'),
        ('delivery', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='affectedsubject',
                    name='excluded_by',
                ),
                migrations.RemoveField(
                    model_name='affectedsubject',
                    name='incident',
                ),
                migrations.RemoveField(
                    model_name='delivery',
                    name='subject',
                ),
                migrations.RemoveField(
                    model_name='delivery',
                    name='notice',
                ),
                migrations.RemoveField(
                    model_name='dpaterms',
                    name='client',
                ),
                migrations.RemoveField(
                    model_name='dpaterms',
                    name='updated_by',
                ),
                migrations.RemoveField(
                    model_name='reminder',
                    name='client',
                ),
                migrations.RemoveField(
                    model_name='reminder',
                    name='incident',
                ),
                migrations.RemoveField(
                    model_name='reminder',
                    name='notice',
                ),
                migrations.RemoveField(
                    model_name='subjectimport',
                    name='incident',
                ),
                migrations.RemoveField(
                    model_name='subjectimport',
                    name='requested_by',
                ),
                migrations.RemoveField(
                    model_name='writteninstruction',
                    name='client',
                ),
                migrations.RemoveField(
                    model_name='writteninstruction',
                    name='document',
                ),
                migrations.RemoveField(
                    model_name='writteninstruction',
                    name='incident',
                ),
                migrations.RemoveField(
                    model_name='writteninstruction',
                    name='recorded_by',
                ),
                migrations.RemoveField(
                    model_name='writteninstruction',
                    name='revoked_by',
                ),
                migrations.AlterField(
                    model_name='notice',
                    name='instruction',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='notices', to='processors.writteninstruction'),
                ),
                migrations.DeleteModel(
                    name='AffectedSubject',
                ),
                migrations.DeleteModel(
                    name='Delivery',
                ),
                migrations.DeleteModel(
                    name='DpaTerms',
                ),
                migrations.DeleteModel(
                    name='Reminder',
                ),
                migrations.DeleteModel(
                    name='SubjectImport',
                ),
                migrations.DeleteModel(
                    name='WrittenInstruction',
                ),
            ],
            database_operations=[],
        ),
    ]
