"""DRF's token table (``rest_framework.authtoken``, no longer installed) held every API token in plain text, and none
of them is accepted any more: the table goes, with its migration records (so that the app could be installed again
from scratch). Holders of old tokens ask for a new one at ``POST /api/auth/token/``."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.RunSQL(
            sql=[
                "DROP TABLE IF EXISTS authtoken_token",
                "DELETE FROM django_migrations WHERE app = 'authtoken'",
            ],
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
