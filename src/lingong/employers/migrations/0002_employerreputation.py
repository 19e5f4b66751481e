"""The enterprise's reputation cache moves here from ratings, so matching reads it without ratings.

The table was created by ratings.0001; the model moves to this app (state only), then the table is
renamed to this app's name.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0001_initial"),
        ("ratings", "0002_move_reputation_caches"),
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
            database_operations=[],
        ),
        migrations.AlterModelTable(name="employerreputation", table=None),
    ]
