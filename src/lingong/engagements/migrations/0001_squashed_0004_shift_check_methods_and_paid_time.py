"""engagements 0001-0004 squashed into one migration (Django's ``replaces``): a new database creates these
tables in one step. Replaying the migrations one by one re-rendered every related model after each
operation, which took most of a fresh ``manage.py migrate``.

A database that has applied all of 0001-0004 counts this one as applied; one that has applied only some
goes on with the old files, which stay until every database is past them. The operations are the old ones
reduced by Django's migration optimizer. The old backfills (RunPython) are left out: they only fill rows
of this app's own tables, and a database that runs this migration has not created them yet.

It stops at 0004: 0005 depends on workers 0002, which depends on ratings 0002 and so on engagements 0001,
so a squash of all of engagements would depend on itself.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("engagements", "0001_initial"),
        ("engagements", "0002_cancel_reason_lapsed"),
        ("engagements", "0003_engagement_cover_failed"),
        ("engagements", "0004_shift_check_methods_and_paid_time"),
    ]

    initial = True

    dependencies = [
        ("employers", "0001_initial"),
        ("jobs", "0001_squashed_0003_job_review_queue"),
        ("org", "0001_initial"),
        ("taxonomy", "0001_squashed_0002_industry_gbt_section"),
        ("workers", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Engagement",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("contract_pending", "待签约"),
                            ("signed", "已签约"),
                            ("insured", "已投保"),
                            ("in_progress", "进行中"),
                            ("completed", "已完工"),
                            ("settled", "已结算"),
                            ("rated", "已评价"),
                            ("cancelled", "已取消"),
                        ],
                        default="contract_pending",
                        max_length=20,
                        verbose_name="状态",
                    ),
                ),
                ("pay_amount", models.DecimalField(decimal_places=2, max_digits=10, verbose_name="报酬")),
                (
                    "pay_unit",
                    models.CharField(
                        choices=[
                            ("hour", "小时"),
                            ("day", "天"),
                            ("piece", "件"),
                            ("month", "月"),
                            ("negotiable", "面议"),
                        ],
                        max_length=12,
                        verbose_name="计酬单位",
                    ),
                ),
                (
                    "overtime_rate",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=8,
                        null=True,
                        verbose_name="加班费（元/小时）",
                    ),
                ),
                (
                    "settlement_cycle",
                    models.CharField(
                        choices=[
                            ("daily", "日结"),
                            ("weekly", "周结"),
                            ("monthly", "月结"),
                            ("on_completion", "完工结算"),
                        ],
                        max_length=16,
                        verbose_name="结算周期",
                    ),
                ),
                ("start_date", models.DateField(verbose_name="开始日期")),
                ("end_date", models.DateField(verbose_name="结束日期")),
                ("daily_start_time", models.TimeField(verbose_name="每日上班时间")),
                ("daily_end_time", models.TimeField(verbose_name="每日下班时间")),
                ("daily_hours", models.DecimalField(decimal_places=1, max_digits=4, verbose_name="每日工时")),
                ("site_lat", models.FloatField(verbose_name="工作地点纬度（WGS84）")),
                ("site_lon", models.FloatField(verbose_name="工作地点经度（WGS84）")),
                ("insurance_required", models.BooleanField(default=False, verbose_name="需购买意外险")),
                ("auto_replace", models.BooleanField(default=False, verbose_name="缺勤自动补位")),
                ("terms_version", models.PositiveSmallIntegerField(default=1, verbose_name="条款版本")),
                (
                    "cancelled_by",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("worker", "劳务提供方"),
                            ("employer", "用工方"),
                            ("staff", "市场工作人员"),
                            ("system", "系统"),
                        ],
                        max_length=12,
                        verbose_name="取消方",
                    ),
                ),
                (
                    "cancel_reason",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("worker_cancelled", "劳动者取消"),
                            ("employer_cancelled", "用工方取消"),
                            ("no_show", "未到岗"),
                            ("staff_cancelled", "工作人员取消"),
                            ("lapsed", "未签约或未投保，自动失效"),
                        ],
                        max_length=20,
                        verbose_name="取消类型",
                    ),
                ),
                ("cancel_note", models.CharField(blank=True, max_length=200, verbose_name="取消原因")),
                ("late_cancellation", models.BooleanField(default=False, verbose_name="临时取消")),
                ("ended_early", models.BooleanField(default=False, verbose_name="协商提前结束")),
                (
                    "end_request_by",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("worker", "劳务提供方"),
                            ("employer", "用工方"),
                            ("staff", "市场工作人员"),
                            ("system", "系统"),
                        ],
                        max_length=12,
                        verbose_name="提前结束提出方",
                    ),
                ),
                (
                    "end_request_reason",
                    models.CharField(blank=True, max_length=200, verbose_name="提前结束原因"),
                ),
                ("end_request_last_date", models.DateField(blank=True, null=True, verbose_name="最后工作日")),
                ("end_requested_at", models.DateTimeField(blank=True, null=True, verbose_name="提出时间")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="创建时间"),
                ),
                ("signed_at", models.DateTimeField(blank=True, null=True, verbose_name="签约时间")),
                ("insured_at", models.DateTimeField(blank=True, null=True, verbose_name="投保时间")),
                ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="开工时间")),
                ("completed_at", models.DateTimeField(blank=True, null=True, verbose_name="完工时间")),
                ("settled_at", models.DateTimeField(blank=True, null=True, verbose_name="结清时间")),
                ("rated_at", models.DateTimeField(blank=True, null=True, verbose_name="评价时间")),
                ("cancelled_at", models.DateTimeField(blank=True, null=True, verbose_name="取消时间")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "application",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="engagement",
                        to="jobs.application",
                        verbose_name="报名",
                    ),
                ),
                (
                    "enterprise",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="engagements",
                        to="employers.enterprise",
                        verbose_name="用工单位",
                    ),
                ),
                (
                    "job",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="engagements",
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
                    "occupation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="taxonomy.occupation",
                        verbose_name="工种",
                    ),
                ),
                (
                    "station",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.station",
                        verbose_name="服务驿站",
                    ),
                ),
                (
                    "worker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="engagements",
                        to="workers.workerprofile",
                        verbose_name="劳动者",
                    ),
                ),
                ("cover_failed", models.BooleanField(default=False, verbose_name="投保未成功")),
            ],
            options={
                "verbose_name": "用工单",
                "verbose_name_plural": "用工单",
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(fields=["worker", "status"], name="engagements_worker__97b29b_idx"),
                    models.Index(fields=["enterprise", "status"], name="engagements_enterpr_502d81_idx"),
                    models.Index(fields=["market", "status"], name="engagements_market__fac846_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("end_date__gte", models.F("start_date"))),
                        name="engagement_dates_order",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("pay_amount__gte", 0)), name="engagement_pay_nonneg"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Shift",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField(verbose_name="日期")),
                ("starts_at", models.DateTimeField(verbose_name="上班时间")),
                ("ends_at", models.DateTimeField(verbose_name="下班时间")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("scheduled", "待上岗"),
                            ("checked_in", "已签到"),
                            ("checked_out", "已签退"),
                            ("no_show", "未到岗"),
                            ("cancelled", "已取消"),
                        ],
                        default="scheduled",
                        max_length=12,
                        verbose_name="状态",
                    ),
                ),
                ("check_in_at", models.DateTimeField(blank=True, null=True, verbose_name="签到时间")),
                ("check_in_lat", models.FloatField(blank=True, null=True)),
                ("check_in_lon", models.FloatField(blank=True, null=True)),
                (
                    "check_in_distance_m",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="签到距离（米）"),
                ),
                ("check_out_at", models.DateTimeField(blank=True, null=True, verbose_name="签退时间")),
                ("check_out_lat", models.FloatField(blank=True, null=True)),
                ("check_out_lon", models.FloatField(blank=True, null=True)),
                (
                    "check_out_distance_m",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="签退距离（米）"),
                ),
                ("recorded_by_staff", models.BooleanField(default=False, verbose_name="工作人员代记")),
                (
                    "worked_hours",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=5, null=True, verbose_name="计酬工时"
                    ),
                ),
                (
                    "quantity",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=10, null=True, verbose_name="计件数量"
                    ),
                ),
                (
                    "review_status",
                    models.CharField(
                        choices=[
                            ("none", "无需复核"),
                            ("pending", "待复核"),
                            ("cleared", "已复核"),
                            ("rejected", "复核未通过"),
                        ],
                        default="none",
                        max_length=10,
                        verbose_name="复核状态",
                    ),
                ),
                ("review_reason", models.CharField(blank=True, max_length=200, verbose_name="复核原因")),
                ("reviewed_at", models.DateTimeField(blank=True, null=True)),
                ("review_note", models.CharField(blank=True, max_length=200, verbose_name="复核意见")),
                (
                    "confirmation",
                    models.CharField(
                        choices=[("pending", "待确认"), ("confirmed", "已确认"), ("disputed", "有异议")],
                        default="pending",
                        max_length=10,
                        verbose_name="用工方确认",
                    ),
                ),
                (
                    "confirmed_hours",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=5, null=True, verbose_name="确认工时"
                    ),
                ),
                (
                    "confirmed_quantity",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=10, null=True, verbose_name="确认数量"
                    ),
                ),
                ("confirmed_at", models.DateTimeField(blank=True, null=True)),
                ("no_show_marked_at", models.DateTimeField(blank=True, null=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "check_in_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "check_out_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "confirmed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "engagement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="shifts",
                        to="engagements.engagement",
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "check_in_method",
                    models.CharField(
                        blank=True,
                        choices=[("gps", "手机定位"), ("site_qr", "扫现场签到码"), ("staff", "工作人员代记")],
                        max_length=8,
                        verbose_name="签到方式",
                    ),
                ),
                (
                    "check_out_method",
                    models.CharField(
                        blank=True,
                        choices=[("gps", "手机定位"), ("site_qr", "扫现场签到码"), ("staff", "工作人员代记")],
                        max_length=8,
                        verbose_name="签退方式",
                    ),
                ),
                (
                    "early_start_confirmed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="用工方确认提前上岗时间"),
                ),
                (
                    "early_start_confirmed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "late_finish_confirmed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="用工方确认延时下班时间"),
                ),
                (
                    "late_finish_confirmed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "班次",
                "verbose_name_plural": "班次",
                "ordering": ["engagement_id", "date"],
                "indexes": [
                    models.Index(fields=["status", "starts_at"], name="engagements_status_a9d72f_idx"),
                    models.Index(fields=["review_status"], name="engagements_review__0a01c5_idx"),
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("engagement", "date"), name="uniq_shift_per_day"),
                    models.CheckConstraint(
                        condition=models.Q(("ends_at__gt", models.F("starts_at"))), name="shift_times_order"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="AttendanceCase",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reason", models.CharField(max_length=300, verbose_name="异议说明")),
                (
                    "claimed_hours",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=5, null=True, verbose_name="用工方认定工时"
                    ),
                ),
                (
                    "claimed_quantity",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=10, null=True, verbose_name="用工方认定数量"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "处理中"), ("resolved", "已处理")],
                        default="open",
                        max_length=10,
                        verbose_name="状态",
                    ),
                ),
                (
                    "resolved_hours",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=5, null=True, verbose_name="核定工时"
                    ),
                ),
                (
                    "resolved_quantity",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=10, null=True, verbose_name="核定数量"
                    ),
                ),
                ("resolution_note", models.CharField(blank=True, max_length=300, verbose_name="处理意见")),
                ("opened_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("resolved_at", models.DateTimeField(blank=True, null=True)),
                (
                    "opened_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "resolved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "shift",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="cases",
                        to="engagements.shift",
                    ),
                ),
            ],
            options={
                "verbose_name": "考勤异议",
                "verbose_name_plural": "考勤异议",
                "ordering": ["-opened_at"],
            },
        ),
    ]
