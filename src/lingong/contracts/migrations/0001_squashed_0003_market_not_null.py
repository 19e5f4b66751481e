"""contracts 0001-0003 squashed into one migration (Django's ``replaces``): a new database creates these
tables in one step. Replaying the migrations one by one re-rendered every related model after each
operation, which took most of a fresh ``manage.py migrate``.

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
    replaces = [
        ("contracts", "0001_initial"),
        ("contracts", "0002_market_column"),
        ("contracts", "0003_market_not_null"),
    ]

    initial = True

    dependencies = [
        ("engagements", "0001_squashed_0004_shift_check_methods_and_paid_time"),
        ("org", "0002_squashed_0012_division_functional_zones"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Contract",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.PositiveSmallIntegerField(verbose_name="协议版本")),
                ("template_version", models.CharField(max_length=32, verbose_name="模板版本")),
                ("terms", models.JSONField(default=dict, verbose_name="协议条款")),
                ("pdf", models.BinaryField(verbose_name="协议文件")),
                ("pdf_sha256", models.CharField(max_length=64, verbose_name="协议文件SHA-256")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "待签署"),
                            ("signed", "已签署"),
                            ("superseded", "已被新版本取代"),
                        ],
                        default="pending",
                        max_length=12,
                        verbose_name="状态",
                    ),
                ),
                ("signed_pdf", models.BinaryField(blank=True, null=True, verbose_name="已签署协议文件")),
                (
                    "signed_pdf_sha256",
                    models.CharField(blank=True, max_length=64, verbose_name="已签署文件SHA-256"),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="生成时间"),
                ),
                (
                    "completed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="双方签署完成时间"),
                ),
                ("superseded_at", models.DateTimeField(blank=True, null=True, verbose_name="作废时间")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="生成人",
                    ),
                ),
                (
                    "engagement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="contracts",
                        to="engagements.engagement",
                        verbose_name="用工单",
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
                "verbose_name": "劳务协议",
                "verbose_name_plural": "劳务协议",
                "ordering": ["engagement_id", "-version"],
                "constraints": [
                    models.UniqueConstraint(fields=("engagement", "version"), name="uniq_contract_version"),
                    models.UniqueConstraint(
                        condition=models.Q(("status__in", ["pending", "signed"])),
                        fields=("engagement",),
                        name="uniq_current_contract",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ContractSignature",
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
                        choices=[("worker", "劳务提供方（乙方）"), ("employer", "劳务接受方（甲方）")],
                        max_length=12,
                        verbose_name="签署方",
                    ),
                ),
                (
                    "signed_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="签署时间"),
                ),
                ("ip", models.GenericIPAddressField(blank=True, null=True, verbose_name="IP地址")),
                ("user_agent", models.CharField(blank=True, max_length=300, verbose_name="设备信息")),
                ("pdf_sha256", models.CharField(max_length=64, verbose_name="所签文件SHA-256")),
                (
                    "contract",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="signatures",
                        to="contracts.contract",
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
                "verbose_name": "协议签署记录",
                "verbose_name_plural": "协议签署记录",
                "ordering": ["contract_id", "signed_at"],
                "constraints": [
                    models.UniqueConstraint(fields=("contract", "party"), name="uniq_signature_per_party")
                ],
            },
        ),
    ]
