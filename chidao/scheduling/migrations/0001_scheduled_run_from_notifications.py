from django.db import migrations, models


class Migration(migrations.Migration):
    """Take over the ledger that notifications kept; the table stays as it is."""

    initial = True

    dependencies = [("notifications", "0002_scheduled_run_to_scheduling")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ScheduledRun",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=100, verbose_name="job")),
                        ("day", models.DateField(verbose_name="day")),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, verbose_name="created at"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "scheduled run",
                        "verbose_name_plural": "scheduled runs",
                        "db_table": "notifications_scheduledrun",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("name", "day"), name="scheduled_run_once"
                            )
                        ],
                    },
                )
            ],
            database_operations=[],
        )
    ]
