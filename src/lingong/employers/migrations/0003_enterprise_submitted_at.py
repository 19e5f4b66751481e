"""The verification queue's clock: when an enterprise last went to verification."""

import django.utils.timezone
from django.db import migrations, models


def start_the_clock(apps, schema_editor):
    """Existing enterprises went to verification when they registered, the best time on record."""
    Enterprise = apps.get_model("employers", "Enterprise")
    Enterprise.objects.update(submitted_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0002_employerreputation"),
    ]

    operations = [
        migrations.AddField(
            model_name="enterprise",
            name="submitted_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="提交认证时间"),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(fields=["market", "status", "submitted_at"], name="enterprise_review_queue"),
        ),
        migrations.RunPython(start_the_clock, migrations.RunPython.noop),
    ]
