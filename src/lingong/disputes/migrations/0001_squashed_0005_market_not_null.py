"""disputes 0001-0005 squashed into one migration (Django's ``replaces``): a new database creates these
tables in one step. Replaying the migrations one by one re-rendered every related model after each
operation, which took most of a fresh ``manage.py migrate``.

A database that has applied all of 0001-0005 counts this one as applied; one that has applied only some
goes on with the old files, which stay until every database is past them. The operations are the old ones
reduced by Django's migration optimizer. The old backfills (RunPython) are left out: they only fill rows
of this app's own tables, and a database that runs this migration has not created them yet.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import lingong.disputes.models


class Migration(migrations.Migration):
    replaces = [
        ("disputes", "0001_complaints"),
        ("disputes", "0002_triage_and_mediators"),
        ("disputes", "0003_closed_label"),
        ("disputes", "0004_market_column"),
        ("disputes", "0005_market_not_null"),
    ]

    initial = True

    dependencies = [
        ("engagements", "0005_squashed_0007_market_not_null"),
        ("org", "0002_squashed_0012_division_functional_zones"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ComplaintCounter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField()),
                ("last", models.PositiveIntegerField(default=0)),
                (
                    "market",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="org.market"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("market", "year"), name="complaint_counter_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="Mediator",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("display_name", models.CharField(max_length=40, verbose_name="姓名")),
                ("active", models.BooleanField(default=True, verbose_name="在岗")),
                ("max_open_cases", models.PositiveSmallIntegerField(default=20, verbose_name="同时办理上限")),
                (
                    "centre",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.servicecentre",
                        verbose_name="所在服务中心",
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
                        verbose_name="所在驿站",
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="mediator",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="账户",
                    ),
                ),
            ],
            options={
                "verbose_name": "调解员",
                "verbose_name_plural": "调解员",
            },
        ),
        migrations.CreateModel(
            name="Complaint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.CharField(max_length=20, verbose_name="投诉编号")),
                (
                    "filer_role",
                    models.CharField(
                        choices=[("worker", "劳动者"), ("employer", "用工方")],
                        max_length=12,
                        verbose_name="投诉人身份",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("unpaid_pay", "拖欠或克扣工资"),
                            ("injury", "工伤/受伤"),
                            ("contract_terms", "合同条款"),
                            ("fees", "收取押金或费用"),
                            ("fake_job", "虚假岗位"),
                            ("discrimination", "歧视"),
                            ("safety", "安全"),
                            ("other", "其他"),
                        ],
                        max_length=20,
                        verbose_name="投诉类型",
                    ),
                ),
                ("what_happened", models.TextField(max_length=2000, verbose_name="事情经过")),
                ("asks_for", models.CharField(max_length=500, verbose_name="诉求")),
                (
                    "amount_claimed",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="主张金额",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("filed", "已提交"),
                            ("acknowledged", "已受理"),
                            ("mediating", "调解中"),
                            ("referred", "已转仲裁/诉讼"),
                            ("closed", "已结案"),
                        ],
                        default="filed",
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
                ("urgent", models.BooleanField(default=False, verbose_name="紧急")),
                (
                    "filed_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="提交时间"),
                ),
                ("acknowledged_at", models.DateTimeField(blank=True, null=True, verbose_name="受理时间")),
                ("acknowledge_by", models.DateTimeField(verbose_name="受理期限")),
                (
                    "engagement",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="complaints",
                        to="engagements.engagement",
                        verbose_name="用工单",
                    ),
                ),
                (
                    "filed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="complaints_filed",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="投诉人",
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
                    "other_party",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="complaints_against",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="被投诉方",
                    ),
                ),
                (
                    "amount_recovered",
                    models.DecimalField(
                        decimal_places=2,
                        default=0,
                        max_digits=12,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="追回金额",
                    ),
                ),
                (
                    "centre",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.servicecentre",
                        verbose_name="承办服务中心",
                    ),
                ),
                (
                    "close_reason",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("paid", "已足额支付"),
                            ("agreement", "调解协议已履行"),
                            ("resolved", "已协商解决"),
                            ("withdrawn", "投诉人撤回"),
                            ("merged", "与其他投诉合并"),
                            ("no_basis", "经核实不予支持"),
                            ("referred_done", "仲裁或诉讼已结案"),
                            ("other", "其他"),
                        ],
                        default="",
                        max_length=16,
                        verbose_name="结案原因",
                    ),
                ),
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="结案时间")),
                ("due_at", models.DateTimeField(blank=True, null=True, verbose_name="当前办理期限")),
                ("escalated_at", models.DateTimeField(blank=True, null=True, verbose_name="最近上报时间")),
                (
                    "level",
                    models.CharField(
                        choices=[("station", "零工驿站"), ("centre", "服务中心"), ("market", "市场管理员")],
                        default="station",
                        max_length=10,
                        verbose_name="处理层级",
                    ),
                ),
                (
                    "merged_into",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="merged",
                        to="disputes.complaint",
                        verbose_name="合并至",
                    ),
                ),
                (
                    "resolution",
                    models.CharField(blank=True, default="", max_length=1000, verbose_name="处理结果"),
                ),
                (
                    "station",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.station",
                        verbose_name="承办驿站",
                    ),
                ),
                (
                    "mediator",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="complaints",
                        to="disputes.mediator",
                        verbose_name="调解员",
                    ),
                ),
            ],
            options={
                "verbose_name": "投诉",
                "verbose_name_plural": "投诉",
                "constraints": [
                    models.UniqueConstraint(fields=("market", "number"), name="complaint_number_unique")
                ],
                "indexes": [models.Index(fields=["market", "status", "due_at"], name="complaint_queue_idx")],
            },
        ),
        migrations.CreateModel(
            name="Evidence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "file",
                    models.FileField(
                        storage=lingong.disputes.models.evidence_storage, upload_to="", verbose_name="文件"
                    ),
                ),
                ("original_name", models.CharField(max_length=200, verbose_name="原文件名")),
                ("content_type", models.CharField(max_length=40, verbose_name="文件类型")),
                ("size", models.PositiveIntegerField(verbose_name="大小（字节）")),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
                (
                    "uploaded_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="上传时间"),
                ),
                (
                    "complaint",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="evidence",
                        to="disputes.complaint",
                        verbose_name="投诉",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="上传人",
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
                "verbose_name": "证据",
                "verbose_name_plural": "证据",
            },
        ),
    ]
