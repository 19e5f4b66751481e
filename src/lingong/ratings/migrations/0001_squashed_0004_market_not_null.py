"""ratings 0001-0004 squashed into one migration (Django's ``replaces``): a new database creates these tables
in one step. Replaying the migrations one by one re-rendered every related model after each operation,
which took most of a fresh ``manage.py migrate``.

A database that has applied all of 0001-0004 counts this one as applied; one that has applied only some
goes on with the old files, which stay until every database is past them. The operations are the old ones
reduced by Django's migration optimizer. The old backfills (RunPython) are left out: they only fill rows
of this app's own tables, and a database that runs this migration has not created them yet.

The reputation tables are still created here and dropped from this app's state only, as 0001-0002 did:
workers and employers take them over (and rename them) in their 0002.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("ratings", "0001_initial"),
        ("ratings", "0002_move_reputation_caches"),
        ("ratings", "0003_market_column"),
        ("ratings", "0004_market_not_null"),
    ]

    initial = True

    dependencies = [
        ("employers", "0001_initial"),
        ("engagements", "0001_squashed_0004_shift_check_methods_and_paid_time"),
        ("org", "0002_squashed_0012_division_functional_zones"),
        ("workers", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
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
                ("star_level", models.DecimalField(decimal_places=1, max_digits=2, verbose_name="星级")),
                ("statements_paid", models.PositiveIntegerField(default=0, verbose_name="已支付结算")),
                ("statements_paid_late", models.PositiveIntegerField(default=0, verbose_name="逾期支付")),
                ("statements_overdue", models.PositiveIntegerField(default=0, verbose_name="逾期未付")),
                ("disputes", models.PositiveIntegerField(default=0, verbose_name="考勤异议")),
                ("reliability", models.DecimalField(decimal_places=3, max_digits=4, verbose_name="守约率")),
                ("updated_at", models.DateTimeField(auto_now=True, db_index=True, verbose_name="更新时间")),
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
                "verbose_name": "用工方信用",
                "verbose_name_plural": "用工方信用",
            },
        ),
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
                ("star_level", models.DecimalField(decimal_places=1, max_digits=2, verbose_name="星级")),
                ("shows", models.PositiveIntegerField(default=0, verbose_name="到岗班次")),
                ("no_shows", models.PositiveIntegerField(default=0, verbose_name="缺勤班次")),
                ("late_cancellations", models.PositiveIntegerField(default=0, verbose_name="临时取消")),
                ("reliability", models.DecimalField(decimal_places=3, max_digits=4, verbose_name="守约率")),
                ("last_worked_at", models.DateTimeField(blank=True, null=True, verbose_name="最近工作时间")),
                ("updated_at", models.DateTimeField(auto_now=True, db_index=True, verbose_name="更新时间")),
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
                "verbose_name": "劳动者信用",
                "verbose_name_plural": "劳动者信用",
            },
        ),
        migrations.CreateModel(
            name="Rating",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "direction",
                    models.CharField(
                        choices=[
                            ("worker_to_employer", "劳动者评价用工方"),
                            ("employer_to_worker", "用工方评价劳动者"),
                        ],
                        max_length=20,
                        verbose_name="评价方向",
                    ),
                ),
                ("stars", models.PositiveSmallIntegerField(verbose_name="总体评分")),
                ("d1", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("d2", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("d3", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("comment", models.CharField(blank=True, max_length=300, verbose_name="评价内容")),
                ("hidden", models.BooleanField(default=False, verbose_name="内容已隐藏")),
                ("hidden_reason", models.CharField(blank=True, max_length=200, verbose_name="隐藏原因")),
                ("hidden_at", models.DateTimeField(blank=True, null=True)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="评价时间"),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="修改时间")),
                (
                    "engagement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="ratings",
                        to="engagements.engagement",
                        verbose_name="用工单",
                    ),
                ),
                (
                    "hidden_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "rater",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="评价人",
                    ),
                ),
            ],
            options={
                "verbose_name": "评价",
                "verbose_name_plural": "评价",
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(fields=["direction", "created_at"], name="ratings_rat_directi_498306_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("engagement", "direction"), name="uniq_rating_per_side"),
                    models.CheckConstraint(
                        condition=models.Q(("stars__gte", 1), ("stars__lte", 5)), name="rating_stars_range"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("d1__gte", 1), ("d1__lte", 5)), ("d1__isnull", True), _connector="OR"
                        ),
                        name="rating_d1_range",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("d2__gte", 1), ("d2__lte", 5)), ("d2__isnull", True), _connector="OR"
                        ),
                        name="rating_d2_range",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("d3__gte", 1), ("d3__lte", 5)), ("d3__isnull", True), _connector="OR"
                        ),
                        name="rating_d3_range",
                    ),
                ],
            },
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name="WorkerReputation",
                ),
                migrations.DeleteModel(
                    name="EmployerReputation",
                ),
            ],
        ),
        migrations.AddField(
            model_name="rating",
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
