from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PayUnit(models.TextChoices):
    HOUR = "hour", _("小时")
    DAY = "day", _("天")
    PIECE = "piece", _("件")
    MONTH = "month", _("月")
    NEGOTIABLE = "negotiable", _("面议")


class CertificateType(models.Model):
    code = models.SlugField(_("代码"), max_length=64, primary_key=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=32)
    validity_years = models.PositiveSmallIntegerField(_("有效期（年）"), null=True, blank=True)
    review_years = models.PositiveSmallIntegerField(_("复审周期（年）"), null=True, blank=True)
    issuer_hint = models.CharField(_("发证机关"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("证书类型")
        verbose_name_plural = _("证书类型")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Industry(models.Model):
    code = models.SlugField(_("代码"), max_length=64, primary_key=True)
    name = models.CharField(_("名称"), max_length=50)
    # The main section (A-T) of the national industry classification, for statistics; blank for "other".
    gbt_section = models.CharField(_("国民经济行业门类（GB/T 4754）"), max_length=1, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    insurance_default = models.BooleanField(_("默认需要意外险"), default=False)

    class Meta:
        verbose_name = _("行业")
        verbose_name_plural = _("行业")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Occupation(models.Model):
    code = models.SlugField(_("代码"), max_length=64, primary_key=True)
    name = models.CharField(_("职业名称"), max_length=50, db_index=True)
    industry = models.ForeignKey(
        Industry, verbose_name=_("行业"), on_delete=models.PROTECT, related_name="occupations"
    )
    noc_code = models.CharField(_("国家职业分类代码（2022）"), max_length=16, blank=True)
    synonyms = models.JSONField(_("俗称"), default=list, blank=True)
    related = models.ManyToManyField("self", verbose_name=_("相关职业"), blank=True, symmetrical=True)
    certificate = models.ForeignKey(
        CertificateType, verbose_name=_("所需证书"), null=True, blank=True, on_delete=models.PROTECT
    )
    insurance_default = models.BooleanField(_("默认需要意外险"), default=False)
    default_pay_unit = models.CharField(
        _("常用计酬单位"), max_length=12, choices=PayUnit.choices, default="day"
    )
    typical_pay_min = models.PositiveIntegerField(_("常见报酬下限"), default=0)
    typical_pay_max = models.PositiveIntegerField(_("常见报酬上限"), default=0)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("职业")
        verbose_name_plural = _("职业")
        ordering = ["industry__order", "order"]

    def __str__(self) -> str:
        return self.name


class TaxonomyVersion(models.Model):
    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.CharField(max_length=32)
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.version)
