from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps: object, schema_editor: object) -> None:
    # The shared cache lives in a table when REDIS_URL is not set; creating it
    # here means `migrate` is the only step every deployment needs.
    call_command(
        "createcachetable", database=schema_editor.connection.alias, verbosity=0
    )


class Migration(migrations.Migration):
    dependencies: list = []

    operations = [
        migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False)
    ]
