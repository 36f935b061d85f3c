from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("tasks", "0003_build_history_from_events")]

    operations = [
        migrations.AlterField(
            model_name="progressreport",
            name="filed_on",
            field=models.DateField(editable=False, verbose_name="filed on"),
        ),
    ]
