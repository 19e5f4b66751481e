"""arbitration 0001-0003 squashed into one migration (Django's ``replaces``): a new database creates these
tables in one step. Replaying the migrations one by one re-rendered every related model after each
operation, which took most of a fresh ``manage.py migrate``.

A database that has applied all of 0001-0003 counts this one as applied; one that has applied only some
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
        ("arbitration", "0001_initial"),
        ("arbitration", "0002_market_column"),
        ("arbitration", "0003_market_not_null"),
    ]

    initial = True

    dependencies = [
        ("disputes", "0001_squashed_0005_market_not_null"),
        ("org", "0002_squashed_0012_division_functional_zones"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Forum",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("arbitration_commission", "劳动人事争议仲裁委员会"),
                            ("court", "人民法院"),
                            ("people_mediation", "人民调解委员会"),
                        ],
                        max_length=24,
                        verbose_name="类型",
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="名称")),
                ("address", models.CharField(blank=True, max_length=200, verbose_name="地址")),
                ("phone", models.CharField(blank=True, max_length=30, verbose_name="电话")),
                ("active", models.BooleanField(default=True, verbose_name="启用")),
                (
                    "market",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.market",
                        verbose_name="零工市场",
                    ),
                ),
            ],
            options={
                "verbose_name": "仲裁机构/法院",
                "verbose_name_plural": "仲裁机构/法院",
                "ordering": ["market_id", "kind", "pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("market", "name"), name="arbitration_forum_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="Referral",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("arbitration", "劳动仲裁"),
                            ("court", "法院诉讼"),
                            ("people_mediation_confirmation", "人民调解+司法确认"),
                        ],
                        max_length=32,
                        verbose_name="途径",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("prepared", "材料已准备"),
                            ("submitted", "已递交"),
                            ("accepted", "已受理"),
                            ("rejected", "不予受理"),
                            ("awarded", "已裁决"),
                            ("judged", "已判决"),
                            ("settled", "已调解/和解"),
                            ("withdrawn", "已撤回"),
                        ],
                        default="prepared",
                        max_length=12,
                        verbose_name="状态",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="登记时间"),
                ),
                ("sent_at", models.DateField(blank=True, null=True, verbose_name="递交日期")),
                ("accepted_at", models.DateField(blank=True, null=True, verbose_name="受理日期")),
                ("result_at", models.DateField(blank=True, null=True, verbose_name="结果日期")),
                ("result", models.CharField(blank=True, default="", max_length=1000, verbose_name="结果")),
                (
                    "amount_awarded",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="裁判/调解金额",
                    ),
                ),
                ("case_number", models.CharField(blank=True, default="", max_length=60, verbose_name="案号")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "complaint",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="referrals",
                        to="disputes.complaint",
                        verbose_name="投诉",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="登记人",
                    ),
                ),
                (
                    "forum",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="arbitration.forum",
                        verbose_name="受理机构",
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
            ],
            options={
                "verbose_name": "转仲裁/诉讼",
                "verbose_name_plural": "转仲裁/诉讼",
                "ordering": ["-created_at", "-pk"],
                "indexes": [models.Index(fields=["market", "status"], name="referral_market_status_idx")],
            },
        ),
        migrations.CreateModel(
            name="CaseDocuments",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("relation", models.CharField(max_length=16, verbose_name="关系认定")),
                (
                    "document_kind",
                    models.CharField(
                        choices=[
                            ("arbitration_application", "劳动人事争议仲裁申请书"),
                            ("civil_complaint", "民事起诉状（草稿）"),
                        ],
                        max_length=24,
                        verbose_name="文书类型",
                    ),
                ),
                ("answers", models.JSONField(blank=True, default=dict, verbose_name="补充回答")),
                ("input_digest", models.CharField(max_length=64, verbose_name="输入摘要")),
                ("application_pdf", models.BinaryField(verbose_name="申请书")),
                ("application_sha256", models.CharField(max_length=64, verbose_name="申请书SHA-256")),
                ("bundle_pdf", models.BinaryField(verbose_name="证据材料")),
                ("bundle_sha256", models.CharField(max_length=64, verbose_name="证据材料SHA-256")),
                ("bundle_zip", models.BinaryField(verbose_name="原始文件压缩包")),
                ("zip_sha256", models.CharField(max_length=64, verbose_name="压缩包SHA-256")),
                (
                    "built_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="生成时间"),
                ),
                (
                    "built_by",
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
                    "complaint",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="case_documents",
                        to="disputes.complaint",
                        verbose_name="投诉",
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
                "verbose_name": "维权文书",
                "verbose_name_plural": "维权文书",
            },
        ),
        migrations.CreateModel(
            name="LimitationWarning",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("threshold_days", models.PositiveSmallIntegerField()),
                ("deadline", models.DateField()),
                ("sent_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "complaint",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="limitation_warnings",
                        to="disputes.complaint",
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
                "constraints": [
                    models.UniqueConstraint(
                        fields=("complaint", "threshold_days", "deadline"), name="limitation_warning_once"
                    )
                ],
            },
        ),
    ]
