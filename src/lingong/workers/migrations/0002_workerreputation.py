"""The worker's reputation cache moves here from ratings, so matching reads it without ratings.

The table was created by ratings.0001; the model moves to this app (state only), then the table is
renamed to this app's name.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workers", "0001_initial"),
        ("ratings", "0002_move_reputation_caches"),
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
            database_operations=[],
        ),
        migrations.AlterModelTable(name="workerreputation", table=None),
    ]
