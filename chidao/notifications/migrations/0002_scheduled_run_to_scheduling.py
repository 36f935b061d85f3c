from django.db import migrations


class Migration(migrations.Migration):
    """The scheduler's ledger moved to the scheduling app; its table stays."""

    dependencies = [("notifications", "0001_notification_scheduled_run")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ScheduledRun")],
            database_operations=[],
        )
    ]
