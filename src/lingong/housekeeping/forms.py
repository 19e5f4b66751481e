"""Forms of the booking part: the household's booking form and the staff catalogue form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.core import widgets
from lingong.housekeeping import services
from lingong.housekeeping.models import DispatchMode, HousekeepingService, PriceRule
from lingong.org.forms import division_choices
from lingong.taxonomy.models import CertificateType, Occupation


def dispatch_choice(raw: Any) -> tuple[str, int | None]:
    """ "auto", "chosen:<worker id>" or "rebook:<worker id>" from the quote step's radio buttons."""
    mode, _sep, worker = str(raw or "auto").strip().partition(":")
    if mode not in DispatchMode.values:
        mode = DispatchMode.AUTO
    try:
        worker_id = int(worker) if worker else None
    except ValueError:
        worker_id = None
    return mode, worker_id


def _slots() -> list[tuple[str, str]]:
    out = []
    for minutes in range(7 * 60, 21 * 60 + 1, 30):
        label = f"{minutes // 60:02d}:{minutes % 60:02d}"
        out.append((label, label))
    return out


class BookingForm(forms.Form):
    service = forms.ChoiceField(label=_("服务项目"))
    division = forms.ChoiceField(label=_("所在区域"))
    address = forms.CharField(label=_("服务地址（小区、楼号、门牌）"), max_length=200)
    date = forms.DateField(label=_("上门日期"), widget=widgets.DateInput())
    time = forms.ChoiceField(label=_("上门时间"), choices=_slots(), initial="09:00")
    quantity = forms.DecimalField(
        label=_("数量（小时、平方米、台、周期或月）"),
        min_value=0,
        max_digits=8,
        decimal_places=1,
        widget=widgets.DecimalInput(),
    )
    pets = forms.BooleanField(label=_("家里有宠物"), required=False)
    elderly = forms.BooleanField(label=_("家里有老人"), required=False)
    children = forms.BooleanField(label=_("家里有小孩"), required=False)
    note = forms.CharField(
        label=_("其他要求"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, services_qs: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [(str(s.pk), s.name) for s in services_qs]  # type: ignore[attr-defined]
        self.fields["division"].choices = division_choices()  # type: ignore[attr-defined]
        self.fields["date"].initial = timezone.localdate() + dt.timedelta(days=1)

    def starts_at(self) -> dt.datetime:
        day: dt.date = self.cleaned_data["date"]
        hour, minute = (int(x) for x in str(self.cleaned_data["time"]).split(":"))
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    def needs(self) -> dict[str, Any]:
        return {k: self.cleaned_data.get(k) for k in ("pets", "elderly", "children", "note")}


class ServiceForm(forms.Form):
    code = forms.SlugField(label=_("代码（英文）"), max_length=40)
    name = forms.CharField(label=_("服务名称"), max_length=40)
    description = forms.CharField(
        label=_("服务说明"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    occupation = forms.ChoiceField(label=_("对应工种"))
    certificates = forms.MultipleChoiceField(
        label=_("所需证书"), required=False, widget=forms.CheckboxSelectMultiple
    )
    price_rule = forms.ChoiceField(label=_("计价方式"), choices=PriceRule.choices)
    unit_price = forms.DecimalField(
        label=_("单价（元）"), max_digits=10, decimal_places=2, widget=widgets.DecimalInput()
    )
    min_quantity = forms.DecimalField(
        label=_("起订量"), max_digits=8, decimal_places=1, widget=widgets.DecimalInput()
    )
    max_quantity = forms.DecimalField(
        label=_("最大量"), max_digits=8, decimal_places=1, widget=widgets.DecimalInput()
    )
    minutes_per_unit = forms.IntegerField(label=_("每单位服务时长（分钟）"), initial=60)
    term_days = forms.IntegerField(label=_("周期天数（按周期、按月时填）"), required=False)
    daily_hours = forms.DecimalField(
        label=_("每日服务小时"), initial=8, max_digits=4, decimal_places=1, widget=widgets.DecimalInput()
    )
    live_in = forms.BooleanField(label=_("住家"), required=False)
    service_start = forms.TimeField(label=_("最早上门时间"), widget=widgets.TimeInput())
    service_end = forms.TimeField(label=_("最晚结束时间"), widget=widgets.TimeInput())
    order = forms.IntegerField(label=_("排序"), initial=0, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        occupations = Occupation.objects.filter(industry_id="housekeeping").order_by("name")
        self.fields["occupation"].choices = [(o.code, o.name) for o in occupations] or [  # type: ignore[attr-defined]
            (o.code, o.name) for o in Occupation.objects.order_by("name")
        ]
        self.fields["certificates"].choices = [  # type: ignore[attr-defined]
            (c.code, c.name) for c in CertificateType.objects.order_by("code")
        ]

    def service_input(self, *, is_active: bool = True) -> services.ServiceInput:
        data = dict(self.cleaned_data)
        data["order"] = data.get("order") or 0
        return services.ServiceInput(**data, is_active=is_active)

    @staticmethod
    def initial_for(service: HousekeepingService) -> dict[str, Any]:
        return {
            "code": service.code,
            "name": service.name,
            "description": service.description,
            "occupation": service.occupation_id,
            "certificates": [c.code for c in service.certificates_required.all()],
            "price_rule": service.price_rule,
            "unit_price": service.unit_price,
            "min_quantity": service.min_quantity,
            "max_quantity": service.max_quantity,
            "minutes_per_unit": service.minutes_per_unit,
            "term_days": service.term_days,
            "daily_hours": service.daily_hours,
            "live_in": service.live_in,
            "service_start": service.service_start,
            "service_end": service.service_end,
            "order": service.order,
        }


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=200, required=False)
