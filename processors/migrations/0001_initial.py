"""The DPA terms and written instructions moved here from the notifications app: the same tables (``db_table``), so
only the state moves; no table is created or changed."""

import django.core.validators
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
                    name='DpaTerms',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('alert_hours', models.PositiveSmallIntegerField(default=24, help_text='From the data processing agreement; 24 or 48 hours are common.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(168)], verbose_name='alert deadline (hours after our awareness)')),
                        ('contacts', models.JSONField(blank=True, default=list, help_text="Every alert goes to each of these addresses, and to the client's users in the portal.", verbose_name='addresses for breach alerts')),
                        ('agreement', models.CharField(blank=True, help_text='Which agreement and clause, e.g. “Verwerkersovereenkomst 12 January 2024, art. 9”.', max_length=200, verbose_name='agreement')),
                        ('updated_at', models.DateTimeField(blank=True, null=True, verbose_name='updated')),
                        ('client', models.OneToOneField(limit_choices_to={'kind': 'client'}, on_delete=django.db.models.deletion.CASCADE, related_name='dpa_terms', to='incidents.organisation', verbose_name='client organisation')),
                        ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'DPA terms',
                        'verbose_name_plural': 'DPA terms',
                        'db_table': 'notifications_dpaterms',
                    },
                ),
                migrations.CreateModel(
                    name='WrittenInstruction',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('allows', models.JSONField(default=list, verbose_name='what it allows')),
                        ('given_by', models.CharField(help_text='Name and function of the person at the client.', max_length=200, verbose_name='given by')),
                        ('given_at', models.DateTimeField(verbose_name='given at')),
                        ('document_reference', models.CharField(blank=True, help_text='When it is not attached: e.g. “e-mail of 3 March 10:14, archived as DMS-2291”.', max_length=300, verbose_name='where the writing is kept')),
                        ('note', models.TextField(blank=True, verbose_name='what it says')),
                        ('recorded_at', models.DateTimeField(verbose_name='recorded')),
                        ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='revoked')),
                        ('revoke_reason', models.TextField(blank=True, verbose_name='reason for revoking')),
                        ('client', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='incidents.organisation', verbose_name='client organisation')),
                        ('document', models.ForeignKey(blank=True, help_text='The e-mail or letter, attached to the incident as evidence.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='incidents.evidence', verbose_name='the written instruction')),
                        ('incident', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='instructions', to='incidents.incident')),
                        ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('revoked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'written instruction',
                        'verbose_name_plural': 'written instructions',
                        'db_table': 'notifications_writteninstruction',
                        'ordering': ['incident_id', 'id'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
