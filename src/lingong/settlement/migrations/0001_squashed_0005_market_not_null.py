"""settlement 0001-0005 squashed into one migration (Django's ``replaces``): a new database creates these
tables in one step. Replaying the migrations one by one re-rendered every related model after each
operation, which took most of a fresh ``manage.py migrate``.

A database that has applied all of 0001-0005 counts this one as applied; one that has applied only some
goes on with the old files, which stay until every database is past them. The operations are the old ones
reduced by Django's migration optimizer. The old backfills (RunPython) are left out: they only fill rows
of this app's own tables, and a database that runs this migration has not created them yet.
"""

import django.db.models.deletion
import django.db.models.expressions
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("settlement", "0001_initial"),
        ("settlement", "0002_payment_pending"),
        ("settlement", "0003_report_month_indexes"),
        ("settlement", "0004_market_column"),
        ("settlement", "0005_market_not_null"),
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
            name="Statement",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.CharField(max_length=32, unique=True, verbose_name="结算单号")),
                ("period_start", models.DateField(verbose_name="结算期间起")),
                ("period_end", models.DateField(verbose_name="结算期间止")),
                ("kind_of_service", models.CharField(max_length=64, verbose_name="劳务项目（工种代码）")),
                (
                    "kind_of_service_name",
                    models.CharField(blank=True, max_length=50, verbose_name="劳务项目"),
                ),
                (
                    "payment_month",
                    models.CharField(
                        help_text="YYYY-MM，结算期间止所在月", max_length=7, verbose_name="所属月份"
                    ),
                ),
                (
                    "gross",
                    models.DecimalField(decimal_places=2, max_digits=12, verbose_name="应发金额（税前）"),
                ),
                (
                    "earlier_gross_same_payment",
                    models.DecimalField(
                        decimal_places=2, default=0, max_digits=12, verbose_name="同一次收入已结算金额"
                    ),
                ),
                (
                    "earlier_tax_same_payment",
                    models.DecimalField(
                        decimal_places=2, default=0, max_digits=12, verbose_name="同一次收入已预扣税额"
                    ),
                ),
                ("tax", models.DecimalField(decimal_places=2, max_digits=12, verbose_name="代扣个人所得税")),
                ("net", models.DecimalField(decimal_places=2, max_digits=12, verbose_name="实发金额")),
                ("lines", models.JSONField(default=list, verbose_name="收入明细")),
                ("tax_calc", models.JSONField(default=dict, verbose_name="个税计算过程")),
                ("shift_ids", models.JSONField(default=list, verbose_name="所含班次")),
                ("days", models.PositiveIntegerField(default=0, verbose_name="出勤天数")),
                ("needs_invoice", models.BooleanField(default=False, verbose_name="需开具发票")),
                ("invoice_note", models.CharField(blank=True, max_length=200, verbose_name="票据说明")),
                (
                    "status",
                    models.CharField(
                        choices=[("issued", "待支付"), ("paid", "已支付"), ("void", "已作废")],
                        default="issued",
                        max_length=8,
                        verbose_name="状态",
                    ),
                ),
                ("idempotency_key", models.CharField(max_length=100, unique=True, verbose_name="幂等键")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="生成时间"),
                ),
                ("paid_at", models.DateTimeField(blank=True, null=True, verbose_name="支付时间")),
                ("voided_at", models.DateTimeField(blank=True, null=True, verbose_name="作废时间")),
                ("void_reason", models.CharField(blank=True, max_length=200, verbose_name="作废原因")),
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
                    "engagement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="statements",
                        to="engagements.engagement",
                        verbose_name="用工单",
                    ),
                ),
                (
                    "enterprise",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="employers.enterprise",
                        verbose_name="付款单位",
                    ),
                ),
                (
                    "voided_by",
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
                        related_name="statements",
                        to="workers.workerprofile",
                        verbose_name="劳动者",
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
                "verbose_name": "结算单",
                "verbose_name_plural": "结算单",
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["enterprise", "worker", "kind_of_service", "payment_month"],
                        name="statement_one_payment",
                    ),
                    models.Index(fields=["enterprise", "payment_month", "status"], name="statement_payroll"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("period_end__gte", models.F("period_start"))),
                        name="statement_period",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("gross__gte", 0), ("tax__gte", 0)),
                        name="statement_amounts_nonneg",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "net",
                                django.db.models.expressions.CombinedExpression(
                                    models.F("gross"), "-", models.F("tax")
                                ),
                            )
                        ),
                        name="statement_net_is_gross_minus_tax",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ArrearsFlag",
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
                        choices=[("open", "欠薪未结"), ("resolved", "已结清"), ("waived", "已核实解除")],
                        default="open",
                        max_length=10,
                        verbose_name="状态",
                    ),
                ),
                ("due_date", models.DateField(verbose_name="应结清日期")),
                ("unpaid_days", models.PositiveIntegerField(default=0, verbose_name="逾期未付天数")),
                ("covered_through", models.DateField(verbose_name="覆盖至")),
                (
                    "detected_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="发现时间"),
                ),
                ("resolved_at", models.DateTimeField(blank=True, null=True, verbose_name="解除时间")),
                ("waive_reason", models.CharField(blank=True, max_length=200, verbose_name="解除原因")),
                (
                    "engagement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="arrears_flags",
                        to="engagements.engagement",
                        verbose_name="用工单",
                    ),
                ),
                (
                    "enterprise",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="arrears_flags",
                        to="employers.enterprise",
                        verbose_name="用工单位",
                    ),
                ),
                (
                    "waived_by",
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
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.market",
                        verbose_name="零工市场",
                    ),
                ),
            ],
            options={
                "verbose_name": "欠薪预警",
                "verbose_name_plural": "欠薪预警",
                "ordering": ["-detected_at", "-id"],
                "indexes": [
                    models.Index(fields=["enterprise", "status"], name="settlement__enterpr_be1633_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status", "open")),
                        fields=("engagement",),
                        name="one_open_arrears_flag_per_engagement",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Payment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("idempotency_key", models.CharField(max_length=100, unique=True, verbose_name="幂等键")),
                ("provider", models.CharField(max_length=40, verbose_name="支付渠道")),
                (
                    "provider_reference",
                    models.CharField(blank=True, max_length=100, verbose_name="渠道流水号"),
                ),
                ("amount", models.DecimalField(decimal_places=2, max_digits=12, verbose_name="金额")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "支付处理中"),
                            ("succeeded", "支付成功"),
                            ("failed", "支付失败"),
                        ],
                        max_length=10,
                        verbose_name="状态",
                    ),
                ),
                ("reference", models.CharField(blank=True, max_length=100, verbose_name="转账凭证号")),
                ("failure_reason", models.CharField(blank=True, max_length=200, verbose_name="失败原因")),
                ("paid_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="支付时间")),
                (
                    "paid_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "statement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="payments",
                        to="settlement.statement",
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
                "verbose_name": "支付记录",
                "verbose_name_plural": "支付记录",
                "ordering": ["-paid_at", "-id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("amount__gte", 0)), name="payment_amount_nonneg"
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("status__in", ["pending", "succeeded"])),
                        fields=("statement",),
                        name="one_live_payment_per_statement",
                    ),
                ],
                "indexes": [models.Index(fields=["status", "paid_at"], name="payment_paid_month")],
            },
        ),
        migrations.CreateModel(
            name="StatementShift",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "shift",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="statement_link",
                        to="engagements.shift",
                    ),
                ),
                (
                    "statement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="shift_links",
                        to="settlement.statement",
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
                "verbose_name": "结算班次",
                "verbose_name_plural": "结算班次",
            },
        ),
    ]
