"""The reputation caches move to workers and employers (their tables are kept and renamed there)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="WorkerReputation"),
                migrations.DeleteModel(name="EmployerReputation"),
            ],
            database_operations=[],
        ),
    ]
