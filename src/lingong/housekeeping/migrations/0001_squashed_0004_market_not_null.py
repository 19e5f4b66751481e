"""housekeeping 0001-0004 squashed into one migration (Django's ``replaces``): a new database creates these
tables in one step. Replaying the migrations one by one re-rendered every related model after each
operation, which took most of a fresh ``manage.py migrate``.

A database that has applied all of 0001-0004 counts this one as applied; one that has applied only some
goes on with the old files, which stay until every database is past them. The operations are the old ones
reduced by Django's migration optimizer. The old backfills (RunPython) are left out: they only fill rows
of this app's own tables, and a database that runs this migration has not created them yet.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("housekeeping", "0001_initial"),
        ("housekeeping", "0002_dispatch_rounds"),
        ("housekeeping", "0003_market_column"),
        ("housekeeping", "0004_market_not_null"),
    ]

    initial = True

    dependencies = [
        ("employers", "0002_squashed_0006_market_not_null"),
        ("engagements", "0005_squashed_0007_market_not_null"),
        ("jobs", "0004_squashed_0009_market_not_null"),
        ("org", "0002_squashed_0012_division_functional_zones"),
        ("taxonomy", "0001_squashed_0002_industry_gbt_section"),
        ("workers", "0002_squashed_0006_market_not_null"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HousekeepingService",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.SlugField(max_length=40, verbose_name="代码")),
                ("name", models.CharField(max_length=40, verbose_name="服务名称")),
                ("description", models.CharField(blank=True, max_length=500, verbose_name="服务说明")),
                (
                    "price_rule",
                    models.CharField(
                        choices=[
                            ("hourly", "按小时"),
                            ("area", "按面积（平方米）"),
                            ("unit", "按台/件"),
                            ("term", "按周期（26天）"),
                            ("monthly", "按月"),
                        ],
                        max_length=8,
                        verbose_name="计价方式",
                    ),
                ),
                (
                    "unit_price",
                    models.DecimalField(decimal_places=2, max_digits=10, verbose_name="单价（元）"),
                ),
                (
                    "min_quantity",
                    models.DecimalField(decimal_places=1, default=1, max_digits=8, verbose_name="起订量"),
                ),
                (
                    "max_quantity",
                    models.DecimalField(decimal_places=1, default=1, max_digits=8, verbose_name="最大量"),
                ),
                (
                    "minutes_per_unit",
                    models.PositiveIntegerField(default=60, verbose_name="每单位服务时长（分钟）"),
                ),
                (
                    "term_days",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="周期天数"),
                ),
                (
                    "daily_hours",
                    models.DecimalField(
                        decimal_places=1, default=8, max_digits=4, verbose_name="每日服务小时（周期类）"
                    ),
                ),
                ("live_in", models.BooleanField(default=False, verbose_name="住家")),
                ("service_start", models.TimeField(verbose_name="最早上门时间")),
                ("service_end", models.TimeField(verbose_name="最晚结束时间")),
                ("is_active", models.BooleanField(default=True, verbose_name="上架")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="排序")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="创建时间"),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                (
                    "certificates_required",
                    models.ManyToManyField(
                        blank=True, related_name="+", to="taxonomy.certificatetype", verbose_name="所需证书"
                    ),
                ),
                (
                    "market",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.market",
                        verbose_name="零工市场",
                    ),
                ),
                (
                    "occupation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="taxonomy.occupation",
                        verbose_name="对应工种",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="维护人",
                    ),
                ),
            ],
            options={
                "verbose_name": "家政服务项目",
                "verbose_name_plural": "家政服务项目",
                "ordering": ["market", "order", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("market", "code"), name="uniq_housekeeping_service_code"),
                    models.CheckConstraint(
                        condition=models.Q(("unit_price__gte", 0)), name="hk_service_price_nonneg"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("max_quantity__gte", models.F("min_quantity"))),
                        name="hk_service_quantity_order",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("service_end__gt", models.F("service_start"))),
                        name="hk_service_hours_order",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="RecurringPlan",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("address", models.CharField(max_length=200, verbose_name="服务地址")),
                ("lat", models.FloatField(verbose_name="纬度（WGS84）")),
                ("lon", models.FloatField(verbose_name="经度（WGS84）")),
                ("weekday", models.PositiveSmallIntegerField(verbose_name="星期")),
                ("start_time", models.TimeField(verbose_name="上门时间")),
                ("quantity", models.DecimalField(decimal_places=1, max_digits=8, verbose_name="数量")),
                ("first_date", models.DateField(verbose_name="首次日期")),
                ("until_date", models.DateField(blank=True, null=True, verbose_name="截止日期")),
                ("needs", models.JSONField(blank=True, default=dict, verbose_name="家庭情况")),
                (
                    "status",
                    models.CharField(
                        choices=[("active", "进行中"), ("paused", "已暂停"), ("ended", "已结束")],
                        default="active",
                        max_length=8,
                        verbose_name="状态",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="创建时间"),
                ),
                ("paused_at", models.DateTimeField(blank=True, null=True, verbose_name="暂停时间")),
                ("active_at", models.DateTimeField(blank=True, null=True, verbose_name="恢复时间")),
                ("ended_at", models.DateTimeField(blank=True, null=True, verbose_name="结束时间")),
                ("generated_until", models.DateField(blank=True, null=True, verbose_name="已生成至")),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="创建人",
                    ),
                ),
                (
                    "division",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.division",
                        verbose_name="所在区划",
                    ),
                ),
                (
                    "household",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="employers.enterprise",
                        verbose_name="预约家庭",
                    ),
                ),
                (
                    "market",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.market",
                        verbose_name="零工市场",
                    ),
                ),
                (
                    "preferred_worker",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="workers.workerprofile",
                        verbose_name="指定服务人员",
                    ),
                ),
                (
                    "service",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="plans",
                        to="housekeeping.housekeepingservice",
                        verbose_name="服务项目",
                    ),
                ),
            ],
            options={
                "verbose_name": "周期预约",
                "verbose_name_plural": "周期预约",
                "ordering": ["-created_at", "-id"],
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("weekday__lte", 6)), name="hk_plan_weekday")
                ],
            },
        ),
        migrations.CreateModel(
            name="Booking",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=20, unique=True, verbose_name="预约编号")),
                ("address", models.CharField(max_length=200, verbose_name="服务地址")),
                ("lat", models.FloatField(verbose_name="纬度（WGS84）")),
                ("lon", models.FloatField(verbose_name="经度（WGS84）")),
                ("starts_at", models.DateTimeField(verbose_name="上门时间")),
                ("ends_at", models.DateTimeField(verbose_name="结束时间")),
                ("quantity", models.DecimalField(decimal_places=1, max_digits=8, verbose_name="数量")),
                ("needs", models.JSONField(blank=True, default=dict, verbose_name="家庭情况")),
                (
                    "quoted_price",
                    models.DecimalField(decimal_places=2, max_digits=10, verbose_name="报价（元）"),
                ),
                ("price_lines", models.JSONField(blank=True, default=list, verbose_name="报价明细")),
                (
                    "dispatch_mode",
                    models.CharField(
                        choices=[
                            ("auto", "系统派单"),
                            ("chosen", "家庭选定"),
                            ("rebook", "指定回头客服务人员"),
                        ],
                        default="auto",
                        max_length=8,
                        verbose_name="派单方式",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("dispatching", "派单中"),
                            ("confirmed", "已确认"),
                            ("in_service", "服务中"),
                            ("completed", "已完成"),
                            ("unfilled", "暂无人接单"),
                            ("cancelled", "已取消"),
                        ],
                        default="dispatching",
                        max_length=12,
                        verbose_name="状态",
                    ),
                ),
                ("cancelled_by", models.CharField(blank=True, max_length=12, verbose_name="取消方")),
                ("cancel_reason", models.CharField(blank=True, max_length=200, verbose_name="取消原因")),
                (
                    "cancel_fee",
                    models.DecimalField(
                        decimal_places=2, default=0, max_digits=10, verbose_name="取消费（元）"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="预约时间"),
                ),
                ("dispatching_at", models.DateTimeField(blank=True, null=True, verbose_name="派单时间")),
                ("confirmed_at", models.DateTimeField(blank=True, null=True, verbose_name="确认时间")),
                ("in_service_at", models.DateTimeField(blank=True, null=True, verbose_name="开始服务时间")),
                ("completed_at", models.DateTimeField(blank=True, null=True, verbose_name="完成时间")),
                ("unfilled_at", models.DateTimeField(blank=True, null=True, verbose_name="无人接单时间")),
                ("cancelled_at", models.DateTimeField(blank=True, null=True, verbose_name="取消时间")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="预约人",
                    ),
                ),
                (
                    "division",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.division",
                        verbose_name="所在区划",
                    ),
                ),
                (
                    "engagement",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="housekeeping_booking",
                        to="engagements.engagement",
                        verbose_name="用工单",
                    ),
                ),
                (
                    "household",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="employers.enterprise",
                        verbose_name="预约家庭",
                    ),
                ),
                (
                    "job",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="jobs.jobposting",
                        verbose_name="用工需求",
                    ),
                ),
                (
                    "market",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.market",
                        verbose_name="零工市场",
                    ),
                ),
                (
                    "requested_worker",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="workers.workerprofile",
                        verbose_name="家庭指定的服务人员",
                    ),
                ),
                (
                    "worker",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="housekeeping_bookings",
                        to="workers.workerprofile",
                        verbose_name="服务人员",
                    ),
                ),
                (
                    "service",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="bookings",
                        to="housekeeping.housekeepingservice",
                        verbose_name="服务项目",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="bookings",
                        to="housekeeping.recurringplan",
                        verbose_name="周期预约",
                    ),
                ),
                ("dispatch_round", models.PositiveSmallIntegerField(default=1, verbose_name="派单轮次")),
            ],
            options={
                "verbose_name": "家政预约",
                "verbose_name_plural": "家政预约",
                "ordering": ["-starts_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["household", "status", "starts_at"], name="housekeepin_househo_db7094_idx"
                    ),
                    models.Index(
                        fields=["worker", "status", "starts_at"], name="housekeepin_worker__58dad7_idx"
                    ),
                    models.Index(
                        fields=["market", "status", "starts_at"], name="housekeepin_market__f0d018_idx"
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("ends_at__gt", models.F("starts_at"))), name="hk_booking_order"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("quoted_price__gte", 0), ("cancel_fee__gte", 0)),
                        name="hk_booking_money_nonneg",
                    ),
                    models.UniqueConstraint(fields=("plan", "starts_at"), name="uniq_plan_visit"),
                ],
            },
        ),
        migrations.CreateModel(
            name="BookingOffer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("rank", models.PositiveSmallIntegerField(verbose_name="派单顺位")),
                ("score", models.FloatField(default=0, verbose_name="匹配分")),
                ("reasons", models.JSONField(blank=True, default=dict, verbose_name="推荐理由")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("offered", "待应答"),
                            ("accepted", "已接单"),
                            ("declined", "已拒绝"),
                            ("expired", "已超时"),
                            ("withdrawn", "已撤回"),
                        ],
                        default="offered",
                        max_length=10,
                        verbose_name="状态",
                    ),
                ),
                (
                    "offered_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="派单时间"),
                ),
                ("expires_at", models.DateTimeField(verbose_name="应答截止")),
                ("accepted_at", models.DateTimeField(blank=True, null=True, verbose_name="接单时间")),
                ("declined_at", models.DateTimeField(blank=True, null=True, verbose_name="拒绝时间")),
                ("expired_at", models.DateTimeField(blank=True, null=True, verbose_name="超时时间")),
                ("withdrawn_at", models.DateTimeField(blank=True, null=True, verbose_name="撤回时间")),
                (
                    "booking",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="offers",
                        to="housekeeping.booking",
                    ),
                ),
                (
                    "worker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="workers.workerprofile",
                        verbose_name="服务人员",
                    ),
                ),
                ("round", models.PositiveSmallIntegerField(default=1, verbose_name="派单轮次")),
                (
                    "market",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.market",
                        verbose_name="零工市场",
                    ),
                ),
            ],
            options={
                "verbose_name": "派单",
                "verbose_name_plural": "派单",
                "ordering": ["booking", "rank"],
                "indexes": [
                    models.Index(fields=["status", "expires_at"], name="housekeepin_status_df2eba_idx"),
                    models.Index(fields=["worker", "status"], name="housekeepin_worker__8c3f08_idx"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("booking", "round", "worker"), name="uniq_offer_per_worker_round"
                    )
                ],
            },
        ),
    ]
