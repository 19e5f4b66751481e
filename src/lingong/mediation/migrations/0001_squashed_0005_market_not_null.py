"""mediation 0001-0005 squashed into one migration (Django's ``replaces``): a new database creates these
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


class Migration(migrations.Migration):
    replaces = [
        ("mediation", "0001_cases"),
        ("mediation", "0002_settled_when_paid"),
        ("mediation", "0003_ended_when_complaint_closed"),
        ("mediation", "0004_market_column"),
        ("mediation", "0005_market_not_null"),
    ]

    initial = True

    dependencies = [
        ("disputes", "0001_squashed_0005_market_not_null"),
        ("org", "0002_squashed_0012_division_functional_zones"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="MediationCase",
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
                            ("open", "调解中"),
                            ("agreement_drafted", "协议待签署"),
                            ("signed", "协议已签署，履行中"),
                            ("fulfilled", "协议已履行"),
                            ("withdrawn", "已撤回"),
                            ("failed", "调解不成"),
                            ("expired", "调解超期"),
                            ("settled", "已足额支付，调解终结"),
                            ("ended", "投诉已结案，调解终结"),
                        ],
                        default="open",
                        max_length=20,
                        verbose_name="状态",
                    ),
                ),
                (
                    "opened_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="开始时间"),
                ),
                ("due_at", models.DateTimeField(verbose_name="调解期限")),
                (
                    "outcome",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("agreement", "达成协议并履行"),
                            ("withdrawn", "投诉人撤回"),
                            ("failed", "调解不成"),
                            ("expired", "超过调解期限"),
                            ("paid", "用工方已足额支付工资"),
                            ("closed", "投诉已结案"),
                        ],
                        default="",
                        max_length=12,
                        verbose_name="结果",
                    ),
                ),
                (
                    "outcome_note",
                    models.CharField(blank=True, default="", max_length=1000, verbose_name="结果说明"),
                ),
                ("signed_at", models.DateTimeField(blank=True, null=True, verbose_name="协议签署时间")),
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="结束时间")),
                (
                    "complaint",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="mediation_cases",
                        to="disputes.complaint",
                        verbose_name="投诉",
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
                    "mediator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="mediation_cases",
                        to="disputes.mediator",
                        verbose_name="调解员",
                    ),
                ),
                (
                    "opened_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="开启人",
                    ),
                ),
            ],
            options={
                "verbose_name": "调解案件",
                "verbose_name_plural": "调解案件",
                "indexes": [models.Index(fields=["status", "due_at"], name="mediation_due_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status__in", ["open", "agreement_drafted", "signed"])),
                        fields=("complaint",),
                        name="mediation_one_active_per_complaint",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Agreement",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.PositiveSmallIntegerField(verbose_name="版本")),
                ("template_version", models.CharField(max_length=40, verbose_name="模板版本")),
                ("terms", models.JSONField(verbose_name="协议内容")),
                (
                    "total_amount",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=12,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="协议金额",
                    ),
                ),
                ("pdf", models.BinaryField(verbose_name="协议PDF")),
                ("pdf_sha256", models.CharField(max_length=64, verbose_name="PDF SHA-256")),
                ("signed_pdf", models.BinaryField(blank=True, default=b"", verbose_name="签署版PDF")),
                (
                    "signed_pdf_sha256",
                    models.CharField(blank=True, default="", max_length=64, verbose_name="签署版SHA-256"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "草稿"),
                            ("sent", "待双方签署"),
                            ("signed", "双方已签署"),
                            ("superseded", "已作废"),
                        ],
                        default="draft",
                        max_length=12,
                        verbose_name="状态",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="起草时间"),
                ),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="送签时间")),
                (
                    "completed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="双方签署完成时间"),
                ),
                ("superseded_at", models.DateTimeField(blank=True, null=True, verbose_name="作废时间")),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="起草人",
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="agreements",
                        to="mediation.mediationcase",
                        verbose_name="调解案件",
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
                "verbose_name": "调解协议",
                "verbose_name_plural": "调解协议",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("case", "version"), name="mediation_agreement_version_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="AgreementSignature",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "party",
                    models.CharField(
                        choices=[("worker", "劳动者"), ("employer", "用工方")],
                        max_length=10,
                        verbose_name="签署方",
                    ),
                ),
                ("signed_at", models.DateTimeField(verbose_name="签署时间")),
                ("ip", models.GenericIPAddressField(blank=True, null=True, verbose_name="IP地址")),
                (
                    "user_agent",
                    models.CharField(blank=True, default="", max_length=300, verbose_name="浏览器"),
                ),
                ("pdf_sha256", models.CharField(max_length=64, verbose_name="所签PDF的SHA-256")),
                (
                    "agreement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="signatures",
                        to="mediation.agreement",
                        verbose_name="调解协议",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="签署人",
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
                "verbose_name": "调解协议签署",
                "verbose_name_plural": "调解协议签署",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("agreement", "party"), name="mediation_signature_once_per_party"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="MediationSession",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("starts_at", models.DateTimeField(verbose_name="时间")),
                ("place", models.CharField(blank=True, default="", max_length=200, verbose_name="地点")),
                (
                    "video_url",
                    models.URLField(blank=True, default="", max_length=300, verbose_name="视频链接"),
                ),
                ("worker_came", models.BooleanField(blank=True, null=True, verbose_name="劳动者到场")),
                ("employer_came", models.BooleanField(blank=True, null=True, verbose_name="用工方到场")),
                (
                    "others",
                    models.CharField(blank=True, default="", max_length=300, verbose_name="其他参加人"),
                ),
                ("notes", models.TextField(blank=True, default="", max_length=5000, verbose_name="调解笔录")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="安排时间"),
                ),
                ("recorded_at", models.DateTimeField(blank=True, null=True, verbose_name="记录时间")),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sessions",
                        to="mediation.mediationcase",
                        verbose_name="调解案件",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="安排人",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="记录人",
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
                "verbose_name": "调解会",
                "verbose_name_plural": "调解会",
                "ordering": ["starts_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="PaymentTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("seq", models.PositiveSmallIntegerField(verbose_name="期次")),
                ("due_date", models.DateField(verbose_name="应付日期")),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=12,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="应付金额",
                    ),
                ),
                (
                    "paid_amount",
                    models.DecimalField(
                        decimal_places=2,
                        default=0,
                        max_digits=12,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="已付金额",
                    ),
                ),
                ("paid_at", models.DateTimeField(blank=True, null=True, verbose_name="付清时间")),
                ("missed_at", models.DateTimeField(blank=True, null=True, verbose_name="逾期时间")),
                (
                    "status",
                    models.CharField(
                        choices=[("due", "待支付"), ("paid", "已支付"), ("missed", "逾期未付")],
                        default="due",
                        max_length=8,
                        verbose_name="状态",
                    ),
                ),
                (
                    "agreement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="payment_terms",
                        to="mediation.agreement",
                        verbose_name="调解协议",
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
                "verbose_name": "付款期",
                "verbose_name_plural": "付款期",
                "ordering": ["seq"],
                "constraints": [
                    models.UniqueConstraint(fields=("agreement", "seq"), name="mediation_term_seq_unique")
                ],
            },
        ),
    ]
