"""engagements 0005-0007 squashed into one migration (Django's ``replaces``), so a new database runs fewer
operations. A database that has applied all of 0005-0007 counts this one as applied; one that has applied
only some goes on with the old files, which stay until every database is past them. The operations are the
old ones reduced by Django's migration optimizer. The backfills (RunPython) are kept: engagements's tables
exist before this migration and may hold rows.
"""

import django.db.models.deletion
from django.db import migrations, models

from lingong.org.migration_ops import fill_market_from_parent


class Migration(migrations.Migration):
    replaces = [
        ("engagements", "0005_report_month_indexes"),
        ("engagements", "0006_market_column"),
        ("engagements", "0007_market_not_null"),
    ]

    dependencies = [
        ("employers", "0002_squashed_0006_market_not_null"),
        ("engagements", "0001_squashed_0004_shift_check_methods_and_paid_time"),
        ("jobs", "0004_squashed_0009_market_not_null"),
        ("org", "0002_squashed_0012_division_functional_zones"),
        ("taxonomy", "0001_squashed_0002_industry_gbt_section"),
        ("workers", "0002_squashed_0006_market_not_null"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="engagement",
            index=models.Index(fields=["market", "started_at"], name="engagement_started_month"),
        ),
        migrations.AddIndex(
            model_name="engagement",
            index=models.Index(fields=["market", "created_at"], name="engagement_created_month"),
        ),
        migrations.AddIndex(
            model_name="engagement",
            index=models.Index(fields=["job", "created_at"], name="engagement_job_created"),
        ),
        migrations.AddField(
            model_name="attendancecase",
            name="market",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.market",
                verbose_name="零工市场",
            ),
        ),
        migrations.AddField(
            model_name="shift",
            name="market",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.market",
                verbose_name="零工市场",
            ),
        ),
        fill_market_from_parent(("engagements.Shift", "engagement"), ("engagements.AttendanceCase", "shift")),
        migrations.AlterField(
            model_name="attendancecase",
            name="market",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.market",
                verbose_name="零工市场",
            ),
        ),
        migrations.AlterField(
            model_name="shift",
            name="market",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.market",
                verbose_name="零工市场",
            ),
        ),
    ]
