from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lingong.org.models import Division
from lingong.taxonomy.models import Occupation, PayUnit


def occupation_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for occ in Occupation.objects.select_related("industry").order_by("industry__order", "order"):
        groups.setdefault(occ.industry.name, []).append((occ.code, occ.name))
    return list(groups.items())


def district_choices() -> list[tuple[str, str]]:
    return [
        (d.code, d.name) for d in Division.objects.filter(level__in=["district", "county"]).order_by("code")
    ]


def division_choices() -> list[tuple[str, str]]:
    result = []
    for d in Division.objects.exclude(level="city").order_by("code"):
        prefix = "　" if d.level == "subdistrict" else ""
        result.append((d.code, f"{prefix}{d.name}"))
    return result


class BrowseForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("如：铲车、保洁、厨师")}),
    )
    occupation = forms.ChoiceField(label=_("工种"), required=False)
    division = forms.ChoiceField(label=_("区域"), required=False)
    pay_min = forms.DecimalField(
        label=_("最低报酬（元）"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"placeholder": _("最低报酬（元）"), "inputmode": "decimal"}),
    )
    on_date = forms.DateField(
        label=_("上岗日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    urgent = forms.BooleanField(label=_("只看急招"), required=False)
    radius_km = forms.ChoiceField(
        label=_("距离"),
        required=False,
        choices=[("", _("不限")), ("3", _("3公里内")), ("10", _("10公里内")), ("30", _("30公里内"))],
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["occupation"].choices = [("", _("全部工种")), *occupation_choices()]  # type: ignore[attr-defined]
        self.fields["division"].choices = [("", _("全部区域")), *district_choices()]  # type: ignore[attr-defined]


class ApplyForm(forms.Form):
    message = forms.CharField(
        label=_("给用工单位留言（选填）"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("如：有证，明天就能上岗")}),
    )


PAY_UNIT_CHOICES = PayUnit.choices
