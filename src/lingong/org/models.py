from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Datum(models.TextChoices):
    WGS84 = "wgs84", "WGS84"
    GCJ02 = "gcj02", "GCJ-02"


class DivisionLevel(models.TextChoices):
    CITY = "city", _("地级市")
    DISTRICT = "district", _("市辖区")
    COUNTY = "county", _("县/县级市")
    SUBDISTRICT = "subdistrict", _("街道/乡镇")


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

    class Meta:
        verbose_name = _("零工市场")
        verbose_name_plural = _("零工市场")


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
