from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lingong.org.policy_defaults import DEFAULT_POLICY, RANGES


class Datum(models.TextChoices):
    WGS84 = "wgs84", "WGS84"
    GCJ02 = "gcj02", "GCJ-02"


class DivisionLevel(models.TextChoices):
    CITY = "city", _("地级市")
    DISTRICT = "district", _("市辖区")
    COUNTY = "county", _("县/县级市")
    SUBDISTRICT = "subdistrict", _("街道/乡镇")
    # Tangshan's functional zones (芦台, 汉沽, 高新区, 海港开发区) are no GB/T 2260 divisions, but people name
    # them as places and they sit beside the districts; their codes are the city's statistical codes.
    ZONE = "zone", _("功能区")


class Division(models.Model):
    """Administrative division (GB/T 2260). Centres are stored in WGS84; the source datum is kept."""

    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=50)
    short_name = models.CharField(_("简称"), max_length=20)
    level = models.CharField(_("级别"), max_length=12, choices=DivisionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    lat = models.FloatField(_("中心纬度（WGS84）"))
    lon = models.FloatField(_("中心经度（WGS84）"))
    source_datum = models.CharField(_("原始坐标系"), max_length=8, choices=Datum.choices)
    approximate = models.BooleanField(_("中心为近似值"), default=True)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class OrgUnit(models.Model):
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200)
    division = models.ForeignKey(
        Division, verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="+"
    )
    lat = models.FloatField(_("纬度（WGS84）"))
    lon = models.FloatField(_("经度（WGS84）"))
    opening_hours = models.CharField(_("开放时间"), max_length=100, default="周一至周五 8:30-17:30")
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class Market(OrgUnit):
    code = models.SlugField(_("市场代码"), max_length=32, unique=True)
    city_code = models.CharField(_("城市区划代码"), max_length=6, default="130200")
    # The served area, GeoJSON-like: {"type": "Polygon", "coordinates": [rings of [lon, lat]]} or
    # {"bbox": [west, south, east, north]}, in ``area_datum``. Empty: the city's default area from the
    # reference data (lingong.org.area). Validation and the matching index both read it from here.
    # Market admins change it through ``lingong.org.area.update_area`` (checked, versioned, audited).
    served_area = models.JSONField(_("服务范围"), default=dict, blank=True)
    area_datum = models.CharField(
        _("服务范围坐标系"), max_length=8, choices=Datum.choices, default=Datum.GCJ02
    )
    # Grows by one with each change made through ``update_area``; the matching index of every process
    # compares it with the version it was built from.
    area_version = models.PositiveIntegerField(_("服务范围版本"), default=1)

    class Meta:
        verbose_name = _("零工市场")
        verbose_name_plural = _("零工市场")


class MarketScopedQuerySet(models.QuerySet):
    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        """Bulk inserts bypass ``save``: each row takes its parent's market here, with one query for the
        parents not already loaded."""
        objs = list(objs)
        model: Any = self.model
        parent = model._meta.get_field(model.market_parent)
        assert isinstance(parent, models.ForeignKey) and parent.related_model is not None
        missing = [o for o in objs if o.market_id is None]
        ids = {getattr(o, parent.attname) for o in missing if not parent.is_cached(o)}
        related: Any = parent.related_model
        markets = dict(related._base_manager.filter(pk__in=ids).values_list("pk", "market_id"))
        for obj in missing:
            if parent.is_cached(obj):
                obj.fill_market()
            else:
                obj.market_id = markets.get(getattr(obj, parent.attname))
        return super().bulk_create(objs, *args, **kwargs)


class MarketScoped(models.Model):
    """A per-market row that carries its market itself, not only through a parent: the column a distributed
    PostgreSQL (Citus) would shard and route on (docs/scale.md). Rows created without a market take their
    parent's (``market_parent`` names the relation) on save; ``fill_market`` does the same for rows that
    are bulk-inserted (its manager's ``bulk_create``)."""

    market_parent: ClassVar[str] = ""

    market = models.ForeignKey(
        Market, verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="+", editable=False
    )

    objects = MarketScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fill_market()
        super().save(*args, **kwargs)

    def fill_market(self) -> None:
        if self.market_id is None:
            self.market_id = getattr(self, self.market_parent).market_id


class ServiceCentre(OrgUnit):
    market = models.ForeignKey(
        Market, verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="centres"
    )

    class Meta:
        verbose_name = _("服务中心")
        verbose_name_plural = _("服务中心")
        constraints = [models.UniqueConstraint(fields=["market", "name"], name="uniq_centre_name")]


class Station(OrgUnit):
    centre = models.ForeignKey(
        ServiceCentre, verbose_name=_("服务中心"), on_delete=models.PROTECT, related_name="stations"
    )
    market = models.ForeignKey(
        Market, verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="stations"
    )

    class Meta:
        verbose_name = _("零工驿站")
        verbose_name_plural = _("零工驿站")
        constraints = [models.UniqueConstraint(fields=["market", "name"], name="uniq_station_name")]


class MarketPolicy(models.Model):
    """The business rules a market sets (premium, geofence, grace periods, ...). One row per market;
    ``version`` grows by one with each saved change, and each change is in the audit trail with its
    before and after. Read it through ``lingong.org.policy.policy_for``, never directly."""

    market = models.OneToOneField(
        Market, verbose_name=_("零工市场"), on_delete=models.CASCADE, primary_key=True, related_name="policy"
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更新人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    no_show_minutes = models.PositiveIntegerField(
        _("未签到判定为爽约（分钟）"),
        default=DEFAULT_POLICY.no_show_minutes,
        validators=[
            MinValueValidator(RANGES["no_show_minutes"][0]),
            MaxValueValidator(RANGES["no_show_minutes"][1]),
        ],
    )
    geofence_meters = models.PositiveIntegerField(
        _("签到地理围栏（米）"),
        default=DEFAULT_POLICY.geofence_meters,
        validators=[
            MinValueValidator(RANGES["geofence_meters"][0]),
            MaxValueValidator(RANGES["geofence_meters"][1]),
        ],
    )
    late_cancel_hours = models.PositiveIntegerField(
        _("临期取消时限（小时）"),
        default=DEFAULT_POLICY.late_cancel_hours,
        validators=[
            MinValueValidator(RANGES["late_cancel_hours"][0]),
            MaxValueValidator(RANGES["late_cancel_hours"][1]),
        ],
    )
    min_shift_hours = models.DecimalField(
        _("签退最短计酬工时（小时）"),
        max_digits=4,
        decimal_places=2,
        default=DEFAULT_POLICY.min_shift_hours,
        help_text=_("签退时计酬工时少于此数，先请劳动者确认，避免误签退。"),
        validators=[
            MinValueValidator(RANGES["min_shift_hours"][0]),
            MaxValueValidator(RANGES["min_shift_hours"][1]),
        ],
    )
    arrears_grace_days = models.PositiveIntegerField(
        _("欠薪宽限期（天）"),
        default=DEFAULT_POLICY.arrears_grace_days,
        validators=[
            MinValueValidator(RANGES["arrears_grace_days"][0]),
            MaxValueValidator(RANGES["arrears_grace_days"][1]),
        ],
    )
    vat_threshold_per_day = models.DecimalField(
        _("增值税按次起征点（元/天）"),
        max_digits=10,
        decimal_places=2,
        default=DEFAULT_POLICY.vat_threshold_per_day,
        validators=[
            MinValueValidator(RANGES["vat_threshold_per_day"][0]),
            MaxValueValidator(RANGES["vat_threshold_per_day"][1]),
        ],
    )
    max_pay = models.DecimalField(
        _("报酬金额上限（元）"),
        max_digits=12,
        decimal_places=2,
        default=DEFAULT_POLICY.max_pay,
        validators=[MinValueValidator(RANGES["max_pay"][0]), MaxValueValidator(RANGES["max_pay"][1])],
    )
    insurance_premium_per_day = models.DecimalField(
        _("意外险保费（元/人天）"),
        max_digits=8,
        decimal_places=2,
        default=DEFAULT_POLICY.insurance_premium_per_day,
        validators=[
            MinValueValidator(RANGES["insurance_premium_per_day"][0]),
            MaxValueValidator(RANGES["insurance_premium_per_day"][1]),
        ],
    )
    insurance_death_disability_sum = models.DecimalField(
        _("意外身故及伤残保额（元）"),
        max_digits=13,
        decimal_places=2,
        default=DEFAULT_POLICY.insurance_death_disability_sum,
        validators=[
            MinValueValidator(RANGES["insurance_death_disability_sum"][0]),
            MaxValueValidator(RANGES["insurance_death_disability_sum"][1]),
        ],
    )
    insurance_medical_sum = models.DecimalField(
        _("意外医疗保额（元）"),
        max_digits=13,
        decimal_places=2,
        default=DEFAULT_POLICY.insurance_medical_sum,
        validators=[
            MinValueValidator(RANGES["insurance_medical_sum"][0]),
            MaxValueValidator(RANGES["insurance_medical_sum"][1]),
        ],
    )
    rating_edit_days = models.PositiveIntegerField(
        _("评价可修改期（天）"),
        default=DEFAULT_POLICY.rating_edit_days,
        validators=[
            MinValueValidator(RANGES["rating_edit_days"][0]),
            MaxValueValidator(RANGES["rating_edit_days"][1]),
        ],
    )
    rating_prior_mean = models.DecimalField(
        _("星级先验均值"),
        max_digits=2,
        decimal_places=1,
        default=DEFAULT_POLICY.rating_prior_mean,
        validators=[
            MinValueValidator(RANGES["rating_prior_mean"][0]),
            MaxValueValidator(RANGES["rating_prior_mean"][1]),
        ],
    )
    rating_prior_weight = models.PositiveIntegerField(
        _("星级先验权重"),
        default=DEFAULT_POLICY.rating_prior_weight,
        validators=[
            MinValueValidator(RANGES["rating_prior_weight"][0]),
            MaxValueValidator(RANGES["rating_prior_weight"][1]),
        ],
    )
    over_invite_factor = models.DecimalField(
        _("快招每轮邀请倍数"),
        max_digits=4,
        decimal_places=1,
        default=DEFAULT_POLICY.over_invite_factor,
        validators=[
            MinValueValidator(RANGES["over_invite_factor"][0]),
            MaxValueValidator(RANGES["over_invite_factor"][1]),
        ],
    )
    wave_interval_minutes = models.PositiveIntegerField(
        _("快招轮次间隔（分钟）"),
        default=DEFAULT_POLICY.wave_interval_minutes,
        validators=[
            MinValueValidator(RANGES["wave_interval_minutes"][0]),
            MaxValueValidator(RANGES["wave_interval_minutes"][1]),
        ],
    )
    radius_cap_km = models.PositiveIntegerField(
        _("快招最大半径（公里）"),
        default=DEFAULT_POLICY.radius_cap_km,
        validators=[
            MinValueValidator(RANGES["radius_cap_km"][0]),
            MaxValueValidator(RANGES["radius_cap_km"][1]),
        ],
    )
    quick_recruit_start_radius_km = models.PositiveIntegerField(
        _("快招首轮半径（公里）"),
        default=DEFAULT_POLICY.quick_recruit_start_radius_km,
        validators=[
            MinValueValidator(RANGES["quick_recruit_start_radius_km"][0]),
            MaxValueValidator(RANGES["quick_recruit_start_radius_km"][1]),
        ],
    )
    quick_recruit_offer_minutes = models.PositiveIntegerField(
        _("快招录用确认时限（分钟）"),
        default=DEFAULT_POLICY.quick_recruit_offer_minutes,
        validators=[
            MinValueValidator(RANGES["quick_recruit_offer_minutes"][0]),
            MaxValueValidator(RANGES["quick_recruit_offer_minutes"][1]),
        ],
    )
    insurer_name = models.CharField(_("承保机构名称"), max_length=100, default=DEFAULT_POLICY.insurer_name)
    review_sla_urgent_hours = models.PositiveIntegerField(
        _("急招岗位审核时限（小时）"),
        default=DEFAULT_POLICY.review_sla_urgent_hours,
        validators=[
            MinValueValidator(RANGES["review_sla_urgent_hours"][0]),
            MaxValueValidator(RANGES["review_sla_urgent_hours"][1]),
        ],
    )
    review_sla_hours = models.PositiveIntegerField(
        _("其他岗位审核时限（小时）"),
        default=DEFAULT_POLICY.review_sla_hours,
        validators=[
            MinValueValidator(RANGES["review_sla_hours"][0]),
            MaxValueValidator(RANGES["review_sla_hours"][1]),
        ],
    )
    verification_sla_hours = models.PositiveIntegerField(
        _("单位认证审核时限（小时）"),
        default=DEFAULT_POLICY.verification_sla_hours,
        validators=[
            MinValueValidator(RANGES["verification_sla_hours"][0]),
            MaxValueValidator(RANGES["verification_sla_hours"][1]),
        ],
    )
    auto_publish_enabled = models.BooleanField(
        _("信用良好的单位低风险岗位先发布后复核"), default=DEFAULT_POLICY.auto_publish_enabled
    )
    auto_publish_history_days = models.PositiveIntegerField(
        _("先发后审：认证满且无退回记录的天数"),
        default=DEFAULT_POLICY.auto_publish_history_days,
        validators=[
            MinValueValidator(RANGES["auto_publish_history_days"][0]),
            MaxValueValidator(RANGES["auto_publish_history_days"][1]),
        ],
    )
    screening_hold_score = models.PositiveIntegerField(
        _("岗位风险分达到此值：暂停发布，人工审核"),
        default=DEFAULT_POLICY.screening_hold_score,
        validators=[
            MinValueValidator(RANGES["screening_hold_score"][0]),
            MaxValueValidator(RANGES["screening_hold_score"][1]),
        ],
    )
    screening_flag_score = models.PositiveIntegerField(
        _("岗位风险分达到此值：发布并标记待复核"),
        default=DEFAULT_POLICY.screening_flag_score,
        validators=[
            MinValueValidator(RANGES["screening_flag_score"][0]),
            MaxValueValidator(RANGES["screening_flag_score"][1]),
        ],
    )
    rights_request_sla_days = models.PositiveIntegerField(
        _("个人信息权利请求答复时限（天）"),
        default=DEFAULT_POLICY.rights_request_sla_days,
        help_text=_("查阅复制、更正、删除等请求须在此天数内答复（个人信息保护法）。"),
        validators=[
            MinValueValidator(RANGES["rights_request_sla_days"][0]),
            MaxValueValidator(RANGES["rights_request_sla_days"][1]),
        ],
    )
    invitations_per_employer_per_day = models.PositiveIntegerField(
        _("每个用工单位每天最多邀请人数"),
        default=DEFAULT_POLICY.invitations_per_employer_per_day,
        validators=[
            MinValueValidator(RANGES["invitations_per_employer_per_day"][0]),
            MaxValueValidator(RANGES["invitations_per_employer_per_day"][1]),
        ],
    )
    complaint_ack_working_days = models.PositiveIntegerField(
        _("投诉受理时限（工作日）"),
        default=DEFAULT_POLICY.complaint_ack_working_days,
        validators=[
            MinValueValidator(RANGES["complaint_ack_working_days"][0]),
            MaxValueValidator(RANGES["complaint_ack_working_days"][1]),
        ],
    )
    mediation_days = models.PositiveIntegerField(
        _("调解办结时限（天）"),
        default=DEFAULT_POLICY.mediation_days,
        help_text=_("自受理调解之日起计算，到期未达成协议的调解视为终结，可转仲裁或诉讼。"),
        validators=[
            MinValueValidator(RANGES["mediation_days"][0]),
            MaxValueValidator(RANGES["mediation_days"][1]),
        ],
    )
    complaint_escalation_hours = models.PositiveIntegerField(
        _("投诉逾期逐级上报间隔（小时）"),
        default=DEFAULT_POLICY.complaint_escalation_hours,
        help_text=_("逾期未处理的投诉每过此小时数上报一级：驿站→服务中心→市场管理员。"),
        validators=[
            MinValueValidator(RANGES["complaint_escalation_hours"][0]),
            MaxValueValidator(RANGES["complaint_escalation_hours"][1]),
        ],
    )
    agreement_payment_grace_days = models.PositiveIntegerField(
        _("调解协议付款宽限期（天）"),
        default=DEFAULT_POLICY.agreement_payment_grace_days,
        validators=[
            MinValueValidator(RANGES["agreement_payment_grace_days"][0]),
            MaxValueValidator(RANGES["agreement_payment_grace_days"][1]),
        ],
    )
    limitation_warning_days = models.PositiveIntegerField(
        _("时效届满提前提醒（天）"),
        default=DEFAULT_POLICY.limitation_warning_days,
        validators=[
            MinValueValidator(RANGES["limitation_warning_days"][0]),
            MaxValueValidator(RANGES["limitation_warning_days"][1]),
        ],
    )
    consultation_reminder_hours = models.PositiveIntegerField(
        _("法律咨询预约提前提醒（小时）"),
        default=DEFAULT_POLICY.consultation_reminder_hours,
        validators=[
            MinValueValidator(RANGES["consultation_reminder_hours"][0]),
            MaxValueValidator(RANGES["consultation_reminder_hours"][1]),
        ],
    )
    skill_gap_radius_km = models.PositiveIntegerField(
        _("技能缺口统计半径（公里）"),
        default=DEFAULT_POLICY.skill_gap_radius_km,
        validators=[
            MinValueValidator(RANGES["skill_gap_radius_km"][0]),
            MaxValueValidator(RANGES["skill_gap_radius_km"][1]),
        ],
    )
    training_hire_window_days = models.PositiveIntegerField(
        _("订单培训结业后录用期限（天）"),
        default=DEFAULT_POLICY.training_hire_window_days,
        help_text=_("结业后在此天数内被订单企业录用，计为兑现订单承诺。"),
        validators=[
            MinValueValidator(RANGES["training_hire_window_days"][0]),
            MaxValueValidator(RANGES["training_hire_window_days"][1]),
        ],
    )
    housekeeping_offer_minutes = models.PositiveIntegerField(
        _("家政派单应答时限（分钟）"),
        default=DEFAULT_POLICY.housekeeping_offer_minutes,
        help_text=_("服务人员在此时间内未应答，订单自动转派下一位。"),
        validators=[
            MinValueValidator(RANGES["housekeeping_offer_minutes"][0]),
            MaxValueValidator(RANGES["housekeeping_offer_minutes"][1]),
        ],
    )
    housekeeping_radius_km = models.PositiveIntegerField(
        _("家政派单范围（公里）"),
        default=DEFAULT_POLICY.housekeeping_radius_km,
        validators=[
            MinValueValidator(RANGES["housekeeping_radius_km"][0]),
            MaxValueValidator(RANGES["housekeeping_radius_km"][1]),
        ],
    )
    housekeeping_free_cancel_hours = models.PositiveIntegerField(
        _("家政预约免费取消（服务前小时数）"),
        default=DEFAULT_POLICY.housekeeping_free_cancel_hours,
        validators=[
            MinValueValidator(RANGES["housekeeping_free_cancel_hours"][0]),
            MaxValueValidator(RANGES["housekeeping_free_cancel_hours"][1]),
        ],
    )
    housekeeping_cancel_fee_percent = models.DecimalField(
        _("家政预约逾时取消费（订单金额的百分比）"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_POLICY.housekeeping_cancel_fee_percent,
        validators=[
            MinValueValidator(RANGES["housekeeping_cancel_fee_percent"][0]),
            MaxValueValidator(RANGES["housekeeping_cancel_fee_percent"][1]),
        ],
    )
    housekeeping_recurring_horizon_days = models.PositiveIntegerField(
        _("周期预约提前生成（天）"),
        default=DEFAULT_POLICY.housekeeping_recurring_horizon_days,
        validators=[
            MinValueValidator(RANGES["housekeeping_recurring_horizon_days"][0]),
            MaxValueValidator(RANGES["housekeeping_recurring_horizon_days"][1]),
        ],
    )

    class Meta:
        verbose_name = _("市场规则")
        verbose_name_plural = _("市场规则")

    def __str__(self) -> str:
        return f"{self.market_id} v{self.version}"
