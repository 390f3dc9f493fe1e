"""The affected people moved here from the notifications app: the same tables (``db_table``), so only the state
moves; no table is created or changed."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ('notifications', '0009_missing_answers_acknowledgement'),
        ('incidents', '0009_organisation_sender'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SubjectImport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Loading'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=10)),
                        ('upload', models.FileField(blank=True, max_length=255, upload_to='imports/')),
                        ('error_report', models.FileField(blank=True, max_length=255, upload_to='imports/')),
                        ('file_name', models.CharField(max_length=255)),
                        ('size', models.PositiveBigIntegerField(default=0)),
                        ('processed', models.PositiveBigIntegerField(default=0)),
                        ('rows', models.PositiveIntegerField(default=0)),
                        ('created', models.PositiveIntegerField(default=0)),
                        ('duplicates', models.PositiveIntegerField(default=0)),
                        ('grouped', models.PositiveIntegerField(db_default=0, default=0)),
                        ('errors', models.PositiveIntegerField(default=0)),
                        ('message', models.TextField(blank=True)),
                        ('requested_at', models.DateTimeField()),
                        ('started_at', models.DateTimeField(blank=True, null=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('incident', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='subject_imports', to='incidents.incident')),
                        ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'notifications_subjectimport',
                        'ordering': ['-id'],
                    },
                ),
                migrations.CreateModel(
                    name='AffectedSubject',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(blank=True, max_length=200, verbose_name='name')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail')),
                        ('postal_address', models.TextField(blank=True, verbose_name='postal address')),
                        ('language', models.CharField(choices=[('nl', 'Dutch'), ('fr', 'French'), ('en', 'English')], default='nl', max_length=2, verbose_name='language')),
                        ('external_id', models.CharField(blank=True, max_length=100, verbose_name='external id')),
                        ('group', models.CharField(blank=True, db_default='', default='', max_length=100, verbose_name='group')),
                        ('dedupe_key', models.CharField(editable=False, max_length=320)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('excluded_at', models.DateTimeField(blank=True, null=True, verbose_name='excluded')),
                        ('excluded_reason', models.TextField(blank=True, db_default='', default='', verbose_name='reason for excluding')),
                        ('excluded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('incident', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='affected_subjects', to='incidents.incident')),
                    ],
                    options={
                        'verbose_name': 'affected person',
                        'verbose_name_plural': 'affected people',
                        'db_table': 'notifications_affectedsubject',
                        'indexes': [models.Index(fields=['incident', 'id'], name='subject_incident_keyset')],
                        'constraints': [models.UniqueConstraint(fields=('incident', 'dedupe_key'), name='one_subject_per_key')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
