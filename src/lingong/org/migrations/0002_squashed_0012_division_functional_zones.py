"""org 0002-0012 squashed into one migration (Django's ``replaces``), so a new database runs fewer
operations. A database that has applied all of 0002-0012 counts this one as applied; one that has applied
only some goes on with the old files, which stay until every database is past them. The operations are the
old ones reduced by Django's migration optimizer. The backfills (RunPython) are kept: org's tables exist
before this migration and may hold rows.

0001 stays as it is: accounts 0001 depends on it and 0002 depends on accounts, so a squash of all of org
would depend on itself. The backfill of 0002 (each existing market's policy row and served area) runs at
the end instead of the middle: every policy field added after it has a default, which the rows it creates
get either way, and so the policy table is created with all its fields at once.
"""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# From 0002_market_policy_and_area.
def seed_policies_and_areas(apps, schema_editor):
    """Each existing market gets its policy row (the defaults: the old environment settings) and, when it
    has none, its city's served area from the reference data."""
    from lingong.org.reference import load_divisions_file

    Market = apps.get_model("org", "Market")
    MarketPolicy = apps.get_model("org", "MarketPolicy")
    data = load_divisions_file()
    for market in Market.objects.all():
        MarketPolicy.objects.get_or_create(market=market)
        area = data.get("served_areas", {}).get(market.city_code)
        if not market.served_area and area:
            market.served_area = area
            market.area_datum = data.get("datum", "gcj02")
            market.save(update_fields=["served_area", "area_datum"])


class Migration(migrations.Migration):
    replaces = [
        ("org", "0002_market_policy_and_area"),
        ("org", "0003_market_area_version"),
        ("org", "0004_market_policy_review_rules"),
        ("org", "0005_policy_min_shift_hours"),
        ("org", "0006_policy_rights_request_sla_days"),
        ("org", "0007_policy_invitations_per_employer_per_day"),
        ("org", "0008_policy_screening_scores"),
        ("org", "0009_policy_quick_recruit"),
        ("org", "0010_policy_disputes"),
        ("org", "0011_policy_skills_housekeeping"),
        ("org", "0012_division_functional_zones"),
    ]

    dependencies = [
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="market",
            name="area_datum",
            field=models.CharField(
                choices=[("wgs84", "WGS84"), ("gcj02", "GCJ-02")],
                default="gcj02",
                max_length=8,
                verbose_name="服务范围坐标系",
            ),
        ),
        migrations.AddField(
            model_name="market",
            name="served_area",
            field=models.JSONField(blank=True, default=dict, verbose_name="服务范围"),
        ),
        migrations.AddField(
            model_name="market",
            name="area_version",
            field=models.PositiveIntegerField(default=1, verbose_name="服务范围版本"),
        ),
        migrations.CreateModel(
            name="MarketPolicy",
            fields=[
                (
                    "market",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="policy",
                        serialize=False,
                        to="org.market",
                        verbose_name="零工市场",
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1, verbose_name="版本")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                (
                    "no_show_minutes",
                    models.PositiveIntegerField(
                        default=30,
                        validators=[
                            django.core.validators.MinValueValidator(5),
                            django.core.validators.MaxValueValidator(1440),
                        ],
                        verbose_name="未签到判定为爽约（分钟）",
                    ),
                ),
                (
                    "geofence_meters",
                    models.PositiveIntegerField(
                        default=500,
                        validators=[
                            django.core.validators.MinValueValidator(50),
                            django.core.validators.MaxValueValidator(50000),
                        ],
                        verbose_name="签到地理围栏（米）",
                    ),
                ),
                (
                    "late_cancel_hours",
                    models.PositiveIntegerField(
                        default=24,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(336),
                        ],
                        verbose_name="临期取消时限（小时）",
                    ),
                ),
                (
                    "arrears_grace_days",
                    models.PositiveIntegerField(
                        default=3,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(90),
                        ],
                        verbose_name="欠薪宽限期（天）",
                    ),
                ),
                (
                    "vat_threshold_per_day",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("500.00"),
                        max_digits=10,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0.00")),
                            django.core.validators.MaxValueValidator(Decimal("100000.00")),
                        ],
                        verbose_name="增值税按次起征点（元/天）",
                    ),
                ),
                (
                    "max_pay",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("100000.00"),
                        max_digits=12,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("1.00")),
                            django.core.validators.MaxValueValidator(Decimal("10000000.00")),
                        ],
                        verbose_name="报酬金额上限（元）",
                    ),
                ),
                (
                    "insurance_premium_per_day",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("3.00"),
                        max_digits=8,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0.00")),
                            django.core.validators.MaxValueValidator(Decimal("1000.00")),
                        ],
                        verbose_name="意外险保费（元/人天）",
                    ),
                ),
                (
                    "insurance_death_disability_sum",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("600000.00"),
                        max_digits=13,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0.00")),
                            django.core.validators.MaxValueValidator(Decimal("100000000.00")),
                        ],
                        verbose_name="意外身故及伤残保额（元）",
                    ),
                ),
                (
                    "insurance_medical_sum",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("50000.00"),
                        max_digits=13,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0.00")),
                            django.core.validators.MaxValueValidator(Decimal("100000000.00")),
                        ],
                        verbose_name="意外医疗保额（元）",
                    ),
                ),
                (
                    "rating_edit_days",
                    models.PositiveIntegerField(
                        default=7,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(90),
                        ],
                        verbose_name="评价可修改期（天）",
                    ),
                ),
                (
                    "rating_prior_mean",
                    models.DecimalField(
                        decimal_places=1,
                        default=Decimal("4.0"),
                        max_digits=2,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("1.0")),
                            django.core.validators.MaxValueValidator(Decimal("5.0")),
                        ],
                        verbose_name="星级先验均值",
                    ),
                ),
                (
                    "rating_prior_weight",
                    models.PositiveIntegerField(
                        default=5,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(1000),
                        ],
                        verbose_name="星级先验权重",
                    ),
                ),
                (
                    "over_invite_factor",
                    models.DecimalField(
                        decimal_places=1,
                        default=Decimal("2.0"),
                        max_digits=4,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("1.0")),
                            django.core.validators.MaxValueValidator(Decimal("10.0")),
                        ],
                        verbose_name="快招每轮邀请倍数",
                    ),
                ),
                (
                    "wave_interval_minutes",
                    models.PositiveIntegerField(
                        default=5,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(120),
                        ],
                        verbose_name="快招轮次间隔（分钟）",
                    ),
                ),
                (
                    "radius_cap_km",
                    models.PositiveIntegerField(
                        default=30,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(200),
                        ],
                        verbose_name="快招最大半径（公里）",
                    ),
                ),
                (
                    "insurer_name",
                    models.CharField(
                        default="零工市场合作保险机构（本地模拟）",
                        max_length=100,
                        verbose_name="承保机构名称",
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
                        verbose_name="更新人",
                    ),
                ),
                (
                    "auto_publish_enabled",
                    models.BooleanField(default=True, verbose_name="信用良好的单位低风险岗位先发布后复核"),
                ),
                (
                    "auto_publish_history_days",
                    models.PositiveIntegerField(
                        default=30,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(365),
                        ],
                        verbose_name="先发后审：认证满且无退回记录的天数",
                    ),
                ),
                (
                    "review_sla_hours",
                    models.PositiveIntegerField(
                        default=24,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(336),
                        ],
                        verbose_name="其他岗位审核时限（小时）",
                    ),
                ),
                (
                    "review_sla_urgent_hours",
                    models.PositiveIntegerField(
                        default=2,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(72),
                        ],
                        verbose_name="急招岗位审核时限（小时）",
                    ),
                ),
                (
                    "verification_sla_hours",
                    models.PositiveIntegerField(
                        default=48,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(336),
                        ],
                        verbose_name="单位认证审核时限（小时）",
                    ),
                ),
                (
                    "min_shift_hours",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.50"),
                        help_text="签退时计酬工时少于此数，先请劳动者确认，避免误签退。",
                        max_digits=4,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0.00")),
                            django.core.validators.MaxValueValidator(Decimal("8.00")),
                        ],
                        verbose_name="签退最短计酬工时（小时）",
                    ),
                ),
                (
                    "rights_request_sla_days",
                    models.PositiveIntegerField(
                        default=15,
                        help_text="查阅复制、更正、删除等请求须在此天数内答复（个人信息保护法）。",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(30),
                        ],
                        verbose_name="个人信息权利请求答复时限（天）",
                    ),
                ),
                (
                    "invitations_per_employer_per_day",
                    models.PositiveIntegerField(
                        default=50,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(1000),
                        ],
                        verbose_name="每个用工单位每天最多邀请人数",
                    ),
                ),
                (
                    "screening_flag_score",
                    models.PositiveIntegerField(
                        default=25,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(101),
                        ],
                        verbose_name="岗位风险分达到此值：发布并标记待复核",
                    ),
                ),
                (
                    "screening_hold_score",
                    models.PositiveIntegerField(
                        default=50,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(101),
                        ],
                        verbose_name="岗位风险分达到此值：暂停发布，人工审核",
                    ),
                ),
                (
                    "quick_recruit_offer_minutes",
                    models.PositiveIntegerField(
                        default=15,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(240),
                        ],
                        verbose_name="快招录用确认时限（分钟）",
                    ),
                ),
                (
                    "quick_recruit_start_radius_km",
                    models.PositiveIntegerField(
                        default=3,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(50),
                        ],
                        verbose_name="快招首轮半径（公里）",
                    ),
                ),
                (
                    "agreement_payment_grace_days",
                    models.PositiveIntegerField(
                        default=1,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(30),
                        ],
                        verbose_name="调解协议付款宽限期（天）",
                    ),
                ),
                (
                    "complaint_ack_working_days",
                    models.PositiveIntegerField(
                        default=1,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(10),
                        ],
                        verbose_name="投诉受理时限（工作日）",
                    ),
                ),
                (
                    "complaint_escalation_hours",
                    models.PositiveIntegerField(
                        default=24,
                        help_text="逾期未处理的投诉每过此小时数上报一级：驿站→服务中心→市场管理员。",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(168),
                        ],
                        verbose_name="投诉逾期逐级上报间隔（小时）",
                    ),
                ),
                (
                    "consultation_reminder_hours",
                    models.PositiveIntegerField(
                        default=24,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(72),
                        ],
                        verbose_name="法律咨询预约提前提醒（小时）",
                    ),
                ),
                (
                    "limitation_warning_days",
                    models.PositiveIntegerField(
                        default=90,
                        validators=[
                            django.core.validators.MinValueValidator(7),
                            django.core.validators.MaxValueValidator(365),
                        ],
                        verbose_name="时效届满提前提醒（天）",
                    ),
                ),
                (
                    "mediation_days",
                    models.PositiveIntegerField(
                        default=15,
                        help_text="自受理调解之日起计算，到期未达成协议的调解视为终结，可转仲裁或诉讼。",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(60),
                        ],
                        verbose_name="调解办结时限（天）",
                    ),
                ),
                (
                    "housekeeping_cancel_fee_percent",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("20.00"),
                        max_digits=5,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0.00")),
                            django.core.validators.MaxValueValidator(Decimal("100.00")),
                        ],
                        verbose_name="家政预约逾时取消费（订单金额的百分比）",
                    ),
                ),
                (
                    "housekeeping_free_cancel_hours",
                    models.PositiveIntegerField(
                        default=24,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(168),
                        ],
                        verbose_name="家政预约免费取消（服务前小时数）",
                    ),
                ),
                (
                    "housekeeping_offer_minutes",
                    models.PositiveIntegerField(
                        default=10,
                        help_text="服务人员在此时间内未应答，订单自动转派下一位。",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(240),
                        ],
                        verbose_name="家政派单应答时限（分钟）",
                    ),
                ),
                (
                    "housekeeping_radius_km",
                    models.PositiveIntegerField(
                        default=10,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(100),
                        ],
                        verbose_name="家政派单范围（公里）",
                    ),
                ),
                (
                    "housekeeping_recurring_horizon_days",
                    models.PositiveIntegerField(
                        default=14,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(90),
                        ],
                        verbose_name="周期预约提前生成（天）",
                    ),
                ),
                (
                    "skill_gap_radius_km",
                    models.PositiveIntegerField(
                        default=10,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(100),
                        ],
                        verbose_name="技能缺口统计半径（公里）",
                    ),
                ),
                (
                    "training_hire_window_days",
                    models.PositiveIntegerField(
                        default=30,
                        help_text="结业后在此天数内被订单企业录用，计为兑现订单承诺。",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(365),
                        ],
                        verbose_name="订单培训结业后录用期限（天）",
                    ),
                ),
            ],
            options={
                "verbose_name": "市场规则",
                "verbose_name_plural": "市场规则",
            },
        ),
        migrations.AlterField(
            model_name="division",
            name="level",
            field=models.CharField(
                choices=[
                    ("city", "地级市"),
                    ("district", "市辖区"),
                    ("county", "县/县级市"),
                    ("subdistrict", "街道/乡镇"),
                    ("zone", "功能区"),
                ],
                max_length=12,
                verbose_name="级别",
            ),
        ),
        migrations.RunPython(seed_policies_and_areas, migrations.RunPython.noop),
    ]
