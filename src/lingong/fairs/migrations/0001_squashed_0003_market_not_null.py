"""fairs 0001-0003 squashed into one migration (Django's ``replaces``): a new database creates these tables
in one step. Replaying the migrations one by one re-rendered every related model after each operation,
which took most of a fresh ``manage.py migrate``.

A database that has applied all of 0001-0003 counts this one as applied; one that has applied only some
goes on with the old files, which stay until every database is past them. The operations are the old ones
reduced by Django's migration optimizer. The old backfills (RunPython) are left out: they only fill rows
of this app's own tables, and a database that runs this migration has not created them yet.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [("fairs", "0001_initial"), ("fairs", "0002_market_column"), ("fairs", "0003_market_not_null")]

    initial = True

    dependencies = [
        ("employers", "0002_squashed_0006_market_not_null"),
        ("jobs", "0004_squashed_0009_market_not_null"),
        ("org", "0002_squashed_0012_division_functional_zones"),
        ("workers", "0002_squashed_0006_market_not_null"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="JobFair",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=16, unique=True, verbose_name="招聘会编号")),
                ("title", models.CharField(max_length=60, verbose_name="名称")),
                ("description", models.CharField(blank=True, max_length=500, verbose_name="简介")),
                (
                    "mode",
                    models.CharField(
                        choices=[("onsite", "现场"), ("online", "线上"), ("both", "现场+线上")],
                        default="onsite",
                        max_length=8,
                        verbose_name="形式",
                    ),
                ),
                ("venue", models.CharField(blank=True, max_length=100, verbose_name="场馆")),
                ("address", models.CharField(blank=True, max_length=200, verbose_name="地址")),
                ("lat", models.FloatField(blank=True, null=True, verbose_name="纬度（WGS84）")),
                ("lon", models.FloatField(blank=True, null=True, verbose_name="经度（WGS84）")),
                ("starts_on", models.DateField(verbose_name="开始日期")),
                ("ends_on", models.DateField(verbose_name="结束日期")),
                ("opens_at", models.TimeField(blank=True, null=True, verbose_name="每日开始")),
                ("closes_at", models.TimeField(blank=True, null=True, verbose_name="每日结束")),
                ("floor_width", models.PositiveSmallIntegerField(default=12, verbose_name="平面图宽（格）")),
                ("floor_height", models.PositiveSmallIntegerField(default=8, verbose_name="平面图高（格）")),
                (
                    "industry_limits",
                    models.JSONField(blank=True, default=dict, verbose_name="各行业展位上限"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "筹备中"),
                            ("published", "已发布"),
                            ("closed", "已结束"),
                            ("cancelled", "已取消"),
                        ],
                        default="draft",
                        max_length=12,
                        verbose_name="状态",
                    ),
                ),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                ("closed_at", models.DateTimeField(blank=True, null=True)),
                ("cancelled_at", models.DateTimeField(blank=True, null=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "centre",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.servicecentre",
                        verbose_name="主办服务中心",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
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
                    "station",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.station",
                        verbose_name="主办驿站",
                    ),
                ),
            ],
            options={
                "verbose_name": "招聘会",
                "verbose_name_plural": "招聘会",
                "ordering": ["-starts_on", "-pk"],
                "indexes": [models.Index(fields=["market", "status", "starts_on"], name="fair_list_idx")],
            },
        ),
        migrations.CreateModel(
            name="Booth",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.CharField(max_length=8, verbose_name="展位号")),
                ("x", models.PositiveSmallIntegerField(default=0)),
                ("y", models.PositiveSmallIntegerField(default=0)),
                ("w", models.PositiveSmallIntegerField(default=1)),
                ("h", models.PositiveSmallIntegerField(default=1)),
                ("zone", models.CharField(blank=True, max_length=20, verbose_name="区域")),
                (
                    "fair",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="booths", to="fairs.jobfair"
                    ),
                ),
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
                "verbose_name": "展位",
                "verbose_name_plural": "展位",
                "ordering": ["fair", "number"],
                "constraints": [
                    models.UniqueConstraint(fields=("fair", "number"), name="fair_booth_number_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="FairRegistration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=12, unique=True, verbose_name="入场码")),
                (
                    "channel",
                    models.CharField(
                        choices=[("self", "本人预约"), ("staff", "工作人员代登记"), ("walk_in", "现场登记")],
                        max_length=8,
                        verbose_name="登记方式",
                    ),
                ),
                (
                    "registered_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="登记时间"),
                ),
                ("checked_in_at", models.DateTimeField(blank=True, null=True, verbose_name="签到时间")),
                (
                    "checked_in_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "registered_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "worker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="workers.workerprofile",
                        verbose_name="求职者",
                    ),
                ),
                (
                    "fair",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="registrations",
                        to="fairs.jobfair",
                    ),
                ),
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
                "verbose_name": "招聘会登记",
                "verbose_name_plural": "招聘会登记",
                "ordering": ["fair", "-registered_at"],
                "indexes": [models.Index(fields=["fair", "checked_in_at"], name="fair_checkin_idx")],
                "constraints": [
                    models.UniqueConstraint(fields=("fair", "worker"), name="fair_registration_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="BoothApplication",
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
                            ("submitted", "待审核"),
                            ("approved", "已通过"),
                            ("rejected", "未通过"),
                            ("withdrawn", "已撤回"),
                        ],
                        default="submitted",
                        max_length=12,
                        verbose_name="状态",
                    ),
                ),
                ("qr_token", models.CharField(max_length=24, unique=True)),
                ("contact_name", models.CharField(blank=True, max_length=30, verbose_name="现场联系人")),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="备注")),
                ("reason", models.CharField(blank=True, max_length=200, verbose_name="审核意见")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("approved_at", models.DateTimeField(blank=True, null=True)),
                ("rejected_at", models.DateTimeField(blank=True, null=True)),
                ("withdrawn_at", models.DateTimeField(blank=True, null=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "applied_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "booth",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="exhibitor",
                        to="fairs.booth",
                        verbose_name="展位",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "enterprise",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="employers.enterprise",
                        verbose_name="用工单位",
                    ),
                ),
                (
                    "jobs",
                    models.ManyToManyField(related_name="+", to="jobs.jobposting", verbose_name="招聘岗位"),
                ),
                (
                    "fair",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="exhibitors",
                        to="fairs.jobfair",
                    ),
                ),
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
                "verbose_name": "参展申请",
                "verbose_name_plural": "参展申请",
                "ordering": ["fair", "booth__number", "pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("fair", "enterprise"), name="fair_enterprise_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="Intention",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("worker_scan", "求职者扫展位码"),
                            ("booth_scan", "展位扫求职者码"),
                            ("online", "线上投递"),
                        ],
                        max_length=12,
                        verbose_name="来源",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("new", "待沟通"), ("offered", "已发录用"), ("declined", "不合适")],
                        default="new",
                        max_length=12,
                        verbose_name="状态",
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间")),
                ("offered_at", models.DateTimeField(blank=True, null=True)),
                ("declined_at", models.DateTimeField(blank=True, null=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "application",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="jobs.application",
                    ),
                ),
                (
                    "exhibitor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="intentions",
                        to="fairs.boothapplication",
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
                        verbose_name="岗位",
                    ),
                ),
                (
                    "registration",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="intentions",
                        to="fairs.fairregistration",
                    ),
                ),
                (
                    "worker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="workers.workerprofile",
                        verbose_name="求职者",
                    ),
                ),
                (
                    "fair",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="intentions",
                        to="fairs.jobfair",
                    ),
                ),
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
                "verbose_name": "面试意向",
                "verbose_name_plural": "面试意向",
                "ordering": ["-created_at"],
                "indexes": [models.Index(fields=["fair", "status"], name="fair_intention_idx")],
                "constraints": [
                    models.UniqueConstraint(fields=("exhibitor", "worker"), name="fair_intention_unique")
                ],
            },
        ),
    ]
