"""workers 0002-0006 squashed into one migration (Django's ``replaces``), so a new database runs fewer
operations. A database that has applied all of 0002-0006 counts this one as applied; one that has applied
only some goes on with the old files, which stay until every database is past them. The operations are the
old ones reduced by Django's migration optimizer. The backfills (RunPython) are kept: workers's tables
exist before this migration and may hold rows.

0001 stays as it is: ratings 0001 depends on it and 0002 depends on ratings 0002, so a squash of all of
workers would depend on itself.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from lingong.org.migration_ops import fill_market_from_parent


class Migration(migrations.Migration):
    replaces = [
        ("workers", "0002_workerreputation"),
        ("workers", "0003_report_month_indexes"),
        ("workers", "0004_worker_photo"),
        ("workers", "0005_market_column"),
        ("workers", "0006_market_not_null"),
    ]

    dependencies = [
        ("org", "0002_squashed_0012_division_functional_zones"),
        ("ratings", "0001_squashed_0004_market_not_null"),
        ("taxonomy", "0001_squashed_0002_industry_gbt_section"),
        ("workers", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="WorkerReputation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("rating_count", models.PositiveIntegerField(default=0, verbose_name="评价数")),
                        ("rating_sum", models.PositiveIntegerField(default=0, verbose_name="评分合计")),
                        (
                            "star_level",
                            models.DecimalField(decimal_places=1, max_digits=2, verbose_name="星级"),
                        ),
                        ("shows", models.PositiveIntegerField(default=0, verbose_name="到岗班次")),
                        ("no_shows", models.PositiveIntegerField(default=0, verbose_name="缺勤班次")),
                        (
                            "late_cancellations",
                            models.PositiveIntegerField(default=0, verbose_name="临时取消"),
                        ),
                        (
                            "reliability",
                            models.DecimalField(decimal_places=3, max_digits=4, verbose_name="守约率"),
                        ),
                        (
                            "last_worked_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="最近工作时间"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, db_index=True, verbose_name="更新时间"),
                        ),
                        (
                            "worker",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reputation",
                                to="workers.workerprofile",
                                verbose_name="劳动者",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "ratings_workerreputation",
                        "verbose_name": "劳动者信用",
                        "verbose_name_plural": "劳动者信用",
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(
            name="workerreputation",
            table=None,
        ),
        migrations.AddIndex(
            model_name="workerprofile",
            index=models.Index(fields=["market", "created_at"], name="worker_registered_month"),
        ),
        migrations.AddField(
            model_name="workerprofile",
            name="photo",
            field=models.BinaryField(blank=True, null=True, verbose_name="本人照片"),
        ),
        migrations.AddField(
            model_name="workerprofile",
            name="photo_content_type",
            field=models.CharField(blank=True, editable=False, max_length=20, verbose_name="照片类型"),
        ),
        migrations.AddField(
            model_name="workerprofile",
            name="photo_uploaded_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="照片上传时间"),
        ),
        migrations.AddField(
            model_name="availability",
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
            model_name="workercertificate",
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
            model_name="workerreputation",
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
            model_name="workerskill",
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
        fill_market_from_parent(
            ("workers.WorkerSkill", "worker"),
            ("workers.WorkerCertificate", "worker"),
            ("workers.Availability", "worker"),
            ("workers.WorkerReputation", "worker"),
        ),
        migrations.AlterField(
            model_name="availability",
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
            model_name="workercertificate",
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
            model_name="workerreputation",
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
            model_name="workerskill",
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
