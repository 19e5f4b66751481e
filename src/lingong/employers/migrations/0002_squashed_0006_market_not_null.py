"""employers 0002-0006 squashed into one migration (Django's ``replaces``), so a new database runs fewer
operations. A database that has applied all of 0002-0006 counts this one as applied; one that has applied
only some goes on with the old files, which stay until every database is past them. The operations are the
old ones reduced by Django's migration optimizer. The backfills (RunPython) are kept: employers's tables
exist before this migration and may hold rows.

0001 stays as it is: ratings 0001 depends on it and 0002 depends on ratings 0002, so a squash of all of
employers would depend on itself.
"""

import math

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

from lingong.org.migration_ops import fill_market_from_parent


# From 0003_enterprise_submitted_at.
def start_the_clock(apps, schema_editor):
    """Existing enterprises went to verification when they registered, the best time on record."""
    Enterprise = apps.get_model("employers", "Enterprise")
    Enterprise.objects.update(submitted_at=models.F("created_at"))


# From 0004_enterprise_home_station.
def _km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


# From 0004_enterprise_home_station.
def assign_home_stations(apps, schema_editor):
    Enterprise = apps.get_model("employers", "Enterprise")
    Station = apps.get_model("org", "Station")
    stations = {}
    for e in Enterprise.objects.filter(station__isnull=True).order_by("pk"):
        if e.market_id not in stations:
            stations[e.market_id] = list(
                Station.objects.filter(market_id=e.market_id, is_active=True).order_by("pk")
            )
        candidates = stations[e.market_id]
        if not candidates:
            continue
        best = min(candidates, key=lambda s: (_km(e.lat, e.lon, s.lat, s.lon), s.pk))
        Enterprise.objects.filter(pk=e.pk).update(station_id=best.pk)


class Migration(migrations.Migration):
    replaces = [
        ("employers", "0002_employerreputation"),
        ("employers", "0003_enterprise_submitted_at"),
        ("employers", "0004_enterprise_home_station"),
        ("employers", "0005_market_column"),
        ("employers", "0006_market_not_null"),
    ]

    dependencies = [
        ("employers", "0001_initial"),
        ("org", "0002_squashed_0012_division_functional_zones"),
        ("ratings", "0001_squashed_0004_market_not_null"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="EmployerReputation",
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
                        (
                            "statements_paid",
                            models.PositiveIntegerField(default=0, verbose_name="已支付结算"),
                        ),
                        (
                            "statements_paid_late",
                            models.PositiveIntegerField(default=0, verbose_name="逾期支付"),
                        ),
                        (
                            "statements_overdue",
                            models.PositiveIntegerField(default=0, verbose_name="逾期未付"),
                        ),
                        ("disputes", models.PositiveIntegerField(default=0, verbose_name="考勤异议")),
                        (
                            "reliability",
                            models.DecimalField(decimal_places=3, max_digits=4, verbose_name="守约率"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, db_index=True, verbose_name="更新时间"),
                        ),
                        (
                            "enterprise",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reputation",
                                to="employers.enterprise",
                                verbose_name="用工单位",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "ratings_employerreputation",
                        "verbose_name": "用工方信用",
                        "verbose_name_plural": "用工方信用",
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(
            name="employerreputation",
            table=None,
        ),
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
        migrations.RunPython(assign_home_stations, migrations.RunPython.noop),
        migrations.AddField(
            model_name="employerreputation",
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
            model_name="enterprisemember",
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
            ("employers.EnterpriseMember", "enterprise"), ("employers.EmployerReputation", "enterprise")
        ),
        migrations.AlterField(
            model_name="employerreputation",
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
            model_name="enterprisemember",
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
