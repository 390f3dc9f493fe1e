"""The outbox drops the one index no query needs.

An outbox row is written three times on its way out — queued, claimed (``sending``), sent — and the last two change
``status``, which an index holds, so PostgreSQL cannot update the row in place (no HOT update): each of those
updates writes a new entry into every index of the table. At a million messages every index is a million entries
written twice. The indexes of ``notifications_delivery``, and the queries that use them:

- the primary key: the claim (``pk IN (…)`` of a batch), the marks of a chunk as sent or failed, the release of a
  batch's rest and giving up on it, the admin. Kept.
- ``delivery_notice_status`` (notice, status): the batches of a notice (``outbox.batches``), the cheap "anything
  still pending?" of every batch's end (``complete_if_done``), the counts of the notice page, the API and the forms
  (``progress``, ``people_told_by_channel``, the EDPB form), ``orphaned``'s look for queued, sending and recently
  sent mail, the letters to print, the deletion check of a notice's foreign key. Kept.
- ``one_delivery_per_recipient`` (notice, recipient, channel), unique: one message per address and notice; the
  outbox is filled with ``ON CONFLICT DO NOTHING`` against it. Kept (a constraint, not merely an index).
- ``notifications_delivery_subject_id_…`` (subject): the purge of a list deletes a million people in one
  statement, and for each PostgreSQL checks the foreign key at commit by looking the person up in the outbox;
  without it every deleted person would scan the outbox. Kept.
- ``notifications_delivery_notice_id_…`` (notice), Django's index for the foreign key: dropped. Every query by
  notice is served by the two indexes above, which begin with the notice; so is PostgreSQL's check when a notice
  is deleted. It only cost writes.

``requeue_stale`` (``status = 'sending'`` across notices, once a minute) has no index of its own and reads the
table; an index on the status would be one more to write at every change of status, so none is added here.

Only the index goes; the foreign key constraint stays as it is (altering the field through Django would drop the
constraint and validate it again over the whole table).
"""

import django.db.models.deletion
from django.db import migrations, models

# Django's name for the foreign key's index (a hash of table and column: the same on every database).
INDEX = "notifications_delivery_notice_id_e47c53a9"


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0002_reminder_obligation_report"),
        ("notifications", "0010_models_moved_out"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="delivery",
                    name="notice",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="deliveries",
                        to="notifications.notice",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql=f"DROP INDEX IF EXISTS {INDEX}",
                    reverse_sql=f"CREATE INDEX {INDEX} ON notifications_delivery (notice_id)",
                ),
            ],
        ),
    ]
