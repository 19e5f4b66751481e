"""insurance 0001-0005 squashed into one migration (Django's ``replaces``): a new database creates these
tables in one step. Replaying the migrations one by one re-rendered every related model after each
operation, which took most of a fresh ``manage.py migrate``.

A database that has applied all of 0001-0005 counts this one as applied; one that has applied only some
goes on with the old files, which stay until every database is past them. The operations are the old ones
reduced by Django's migration optimizer. The old backfills (RunPython) are left out: they only fill rows
of this app's own tables, and a database that runs this migration has not created them yet.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("insurance", "0001_initial"),
        ("insurance", "0002_policy_attempt_lease"),
        ("insurance", "0003_report_month_indexes"),
        ("insurance", "0004_market_column"),
        ("insurance", "0005_market_not_null"),
    ]

    initial = True

    dependencies = [
        ("engagements", "0001_squashed_0004_shift_check_methods_and_paid_time"),
        ("engagements", "0005_squashed_0007_market_not_null"),
        ("org", "0002_squashed_0012_division_functional_zones"),
    ]

    operations = [
        migrations.CreateModel(
            name="LocalIssuedPolicy",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("idempotency_key", models.CharField(max_length=80, unique=True)),
                ("policy_number", models.CharField(blank=True, max_length=40, unique=True)),
                ("premium", models.DecimalField(decimal_places=2, max_digits=10)),
                ("insured_name", models.CharField(max_length=30)),
                ("coverage_start", models.DateField()),
                ("coverage_end", models.DateField()),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "本地保险出单记录",
                "verbose_name_plural": "本地保险出单记录",
            },
        ),
        migrations.CreateModel(
            name="InsurancePolicy",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("terms_version", models.PositiveSmallIntegerField(verbose_name="条款版本")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "办理中"),
                            ("issued", "已生效"),
                            ("failed", "投保失败"),
                            ("cancelled", "已作废"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="状态",
                    ),
                ),
                ("idempotency_key", models.CharField(max_length=80, unique=True)),
                ("provider", models.CharField(max_length=200, verbose_name="保险渠道")),
                ("policy_number", models.CharField(blank=True, max_length=40, verbose_name="保单号")),
                ("provider_reference", models.CharField(blank=True, max_length=80)),
                ("premium", models.DecimalField(decimal_places=2, max_digits=10, verbose_name="保费")),
                (
                    "death_disability_sum",
                    models.DecimalField(decimal_places=2, max_digits=12, verbose_name="意外身故/伤残保额"),
                ),
                (
                    "medical_sum",
                    models.DecimalField(decimal_places=2, max_digits=12, verbose_name="意外医疗保额"),
                ),
                ("coverage_start", models.DateField(verbose_name="保险起期")),
                ("coverage_end", models.DateField(verbose_name="保险止期")),
                ("person_days", models.PositiveIntegerField(verbose_name="投保人天数")),
                ("certificate_pdf", models.BinaryField(blank=True, null=True)),
                ("certificate_sha256", models.CharField(blank=True, max_length=64)),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="投保次数")),
                ("last_error", models.CharField(blank=True, max_length=300, verbose_name="失败原因")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("issued_at", models.DateTimeField(blank=True, null=True, verbose_name="出单时间")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "engagement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="policies",
                        to="engagements.engagement",
                        verbose_name="用工单",
                    ),
                ),
                ("attempt_until", models.DateTimeField(blank=True, null=True, verbose_name="投保进行中至")),
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
                "verbose_name": "意外险保单",
                "verbose_name_plural": "意外险保单",
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(fields=["status", "attempts"], name="insurance_i_status_7ffd7d_idx"),
                    models.Index(fields=["issued_at"], name="policy_issued_month"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("engagement", "terms_version"), name="uniq_policy_per_terms"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("premium__gte", 0)), name="policy_premium_nonneg"
                    ),
                ],
            },
        ),
    ]
