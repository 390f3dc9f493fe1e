"""The outbox and the reminders moved here from the notifications app: the same tables (``db_table``), so only the
state moves; no table is created or changed."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ('notifications', '0009_missing_answers_acknowledgement'),
        ('incidents', '0009_organisation_sender'),
        ('people', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Reminder',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=60)),
                        ('created_at', models.DateTimeField()),
                        ('claim_token', models.UUIDField(blank=True, null=True)),
                        ('claimed_at', models.DateTimeField(blank=True, null=True)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('recipients', models.JSONField(default=list)),
                        ('last_error', models.TextField(blank=True)),
                    ],
                    options={
                        'db_table': 'notifications_reminder',
                    },
                ),
                migrations.CreateModel(
                    name='Delivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('channel', models.CharField(choices=[('email', 'E-mail'), ('post', 'Letter')], default='email', max_length=8)),
                        ('recipient', models.CharField(max_length=500, verbose_name='recipient')),
                        ('recipient_name', models.CharField(blank=True, max_length=200)),
                        ('group', models.CharField(blank=True, db_default='', default='', max_length=100)),
                        ('language', models.CharField(choices=[('nl', 'Dutch'), ('fr', 'French'), ('en', 'English')], default='nl', max_length=2)),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed'), ('to_print', 'Letter to print')], default='queued', max_length=10)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('last_error', models.TextField(blank=True)),
                        ('claim_token', models.UUIDField(blank=True, null=True)),
                        ('claimed_at', models.DateTimeField(blank=True, null=True)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('message_id', models.CharField(blank=True, max_length=200)),
                        ('notice', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='deliveries', to='notifications.notice')),
                    ],
                    options={
                        'verbose_name': 'delivery',
                        'verbose_name_plural': 'deliveries',
                        'db_table': 'notifications_delivery',
                    },
                ),
                migrations.AddField(
                    model_name='delivery',
                    name='subject',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='people.affectedsubject'),
                ),
                migrations.AddField(
                    model_name='reminder',
                    name='client',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='incidents.organisation'),
                ),
                migrations.AddField(
                    model_name='reminder',
                    name='incident',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reminders', to='incidents.incident'),
                ),
                migrations.AddField(
                    model_name='reminder',
                    name='notice',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reminders', to='notifications.notice'),
                ),
                migrations.AddIndex(
                    model_name='delivery',
                    index=models.Index(fields=['notice', 'status'], name='delivery_notice_status'),
                ),
                migrations.AddConstraint(
                    model_name='delivery',
                    constraint=models.UniqueConstraint(fields=('notice', 'recipient', 'channel'), name='one_delivery_per_recipient'),
                ),
                migrations.AddConstraint(
                    model_name='reminder',
                    constraint=models.UniqueConstraint(fields=('incident', 'key'), name='one_reminder_per_key'),
                ),
            ],
            database_operations=[],
        ),
    ]
