"""The market's rules page (市场规则): staff of the market read it, its market admins change it. Its section
服务范围 shows the served area; admins replace it by pasting GeoJSON (a Polygon or a Feature holding one,
``[lon, lat]`` as GeoJSON has it and as the area is stored) or by entering a box."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lingong.accounts.models import Role
from lingong.core import widgets
from lingong.core.errors import ConflictError, InvalidInput, PermissionDeniedError
from lingong.org import area as areas
from lingong.org import policy as policies
from lingong.org.area import area_for
from lingong.org.models import Datum, Market, MarketPolicy
from lingong.org.policy_defaults import EDITABLE_FIELDS

GROUPS = (
    (gettext_lazy("考勤"), ("no_show_minutes", "geofence_meters", "late_cancel_hours", "min_shift_hours")),
    (gettext_lazy("结算"), ("arrears_grace_days", "vat_threshold_per_day", "max_pay")),
    (
        gettext_lazy("意外险"),
        (
            "insurance_premium_per_day",
            "insurance_death_disability_sum",
            "insurance_medical_sum",
            "insurer_name",
        ),
    ),
    (gettext_lazy("评价"), ("rating_edit_days", "rating_prior_mean", "rating_prior_weight")),
    (
        gettext_lazy("快招与邀请"),
        (
            "over_invite_factor",
            "wave_interval_minutes",
            "radius_cap_km",
            "quick_recruit_start_radius_km",
            "quick_recruit_offer_minutes",
            "invitations_per_employer_per_day",
        ),
    ),
    (
        gettext_lazy("审核"),
        (
            "review_sla_urgent_hours",
            "review_sla_hours",
            "verification_sla_hours",
            "auto_publish_enabled",
            "auto_publish_history_days",
            "screening_hold_score",
            "screening_flag_score",
        ),
    ),
    (gettext_lazy("个人信息权利"), ("rights_request_sla_days",)),
    (
        gettext_lazy("投诉调解与法律服务"),
        (
            "complaint_ack_working_days",
            "mediation_days",
            "complaint_escalation_hours",
            "agreement_payment_grace_days",
            "limitation_warning_days",
            "consultation_reminder_hours",
        ),
    ),
    (
        gettext_lazy("技能培训与家政服务"),
        (
            "skill_gap_radius_km",
            "training_hire_window_days",
            "housekeeping_offer_minutes",
            "housekeeping_radius_km",
            "housekeeping_free_cancel_hours",
            "housekeeping_cancel_fee_percent",
            "housekeeping_recurring_horizon_days",
        ),
    ),
)


class PolicyForm(forms.ModelForm):
    class Meta:
        model = MarketPolicy
        fields = EDITABLE_FIELDS
        formfield_callback = widgets.formfield_callback

    def __init__(self, *args: Any, read_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field, forms.BooleanField):
                field.widget.attrs["inputmode"] = (
                    "decimal" if isinstance(field, forms.DecimalField) else "numeric"
                )
            field.disabled = read_only
        self.fields["insurer_name"].widget.attrs.pop("inputmode", None)

    def groups(self) -> list[tuple[Any, list[Any]]]:
        return [(title, [self[name] for name in names]) for title, names in GROUPS]


class AreaForm(forms.Form):
    KINDS = (("polygon", gettext_lazy("粘贴 GeoJSON 多边形")), ("box", gettext_lazy("输入矩形范围")))

    kind = forms.ChoiceField(label=gettext_lazy("方式"), choices=KINDS, widget=forms.RadioSelect)
    datum = forms.ChoiceField(label=gettext_lazy("坐标系"), choices=Datum.choices)
    geojson = forms.CharField(
        label=gettext_lazy("GeoJSON"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=gettext_lazy(
            "Polygon 几何或包含 Polygon 的 Feature；坐标按 GeoJSON 的 [经度, 纬度] 顺序，每个环首尾相同。"
        ),
    )
    min_lat = forms.CharField(label=gettext_lazy("最小纬度（南）"), required=False)
    max_lat = forms.CharField(label=gettext_lazy("最大纬度（北）"), required=False)
    min_lon = forms.CharField(label=gettext_lazy("最小经度（西）"), required=False)
    max_lon = forms.CharField(label=gettext_lazy("最大经度（东）"), required=False)

    BOX_FIELDS = ("min_lat", "max_lat", "min_lon", "max_lon")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.BOX_FIELDS:
            self.fields[name].widget.attrs["inputmode"] = "decimal"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == "polygon":
            try:
                data["area"] = {"polygon": polygon_from_geojson(data.get("geojson") or "")}
            except ValueError as exc:
                self.add_error("geojson", str(exc))
        elif data.get("kind") == "box":
            box = {}
            for name in self.BOX_FIELDS:
                if not (data.get(name) or "").strip():
                    self.add_error(name, _("请填写数值"))
                box[name] = (data.get(name) or "").strip()
            data["area"] = {"box": box}
        return data

    def box_fields(self) -> list[Any]:
        return [self[name] for name in self.BOX_FIELDS]


def polygon_from_geojson(text: str) -> Any:
    """The rings of a pasted GeoJSON Polygon (or a Feature, or a FeatureCollection of one, holding it);
    raises ValueError with a Chinese message. The points are checked by ``update_area``."""
    if not text.strip():
        raise ValueError(_("请粘贴 GeoJSON"))
    try:
        value = json.loads(text)
    except ValueError:
        raise ValueError(_("不是有效的 JSON")) from None
    if isinstance(value, dict) and value.get("type") == "FeatureCollection":
        features = value.get("features")
        if not isinstance(features, list) or len(features) != 1:
            raise ValueError(_("FeatureCollection 中应只有一个 Feature"))
        value = features[0]
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, dict) or value.get("type") != "Polygon":
        raise ValueError(_("只支持 Polygon 几何，或包含 Polygon 的 Feature（不支持 MultiPolygon 等）"))
    return value.get("coordinates")


def _area_form_initial(described: dict[str, Any]) -> dict[str, Any]:
    initial: dict[str, Any] = {"datum": described["datum"], "kind": described["kind"]}
    if described.get("box"):
        initial.update(described["box"])
    if described.get("polygon"):
        initial["geojson"] = json.dumps({"type": "Polygon", "coordinates": described["polygon"]})
    return initial


def _page(request: Any, market: Market, *, form: Any = None, area_form: Any = None) -> Any:
    user = request.user
    can_edit = user.role == Role.MARKET_ADMIN
    if form is None:
        row = MarketPolicy.objects.filter(market=market).first() or MarketPolicy(market=market)
        form = PolicyForm(instance=row, read_only=not can_edit)
    described = areas.describe(market)
    if area_form is None and can_edit:
        area_form = AreaForm(initial=_area_form_initial(described))
    area = area_for(market.pk)
    context = {
        "market": market,
        "policy": policies.policy_for(market.pk),
        "form": form,
        "can_edit": can_edit,
        "area": area,
        "datum": area.region.datum.upper(),
        "described": described,
        "area_form": area_form,
    }
    return render(request, "org/policy.html", context, status=200)


@login_required
@require_POST
def market_area(request: Any) -> Any:
    """The 服务范围 form of the rules page (admins only)."""
    user = request.user
    try:
        market = areas.readable_area(actor=user, market_id=user.market_id or 0)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    if user.role != Role.MARKET_ADMIN:
        raise PermissionDenied(_("只有本市场的管理员可以修改服务范围。"))
    form = AreaForm(request.POST)
    if form.is_valid():
        version = market.area_version
        try:
            market = areas.update_area(
                actor=user,
                market_id=market.pk,
                area=form.cleaned_data["area"],
                datum=form.cleaned_data["datum"],
            )
        except InvalidInput as exc:
            targets = {"polygon": "geojson", "datum": "datum"}
            for name, errors in exc.errors.items():
                for error in errors:
                    form.add_error(targets.get(name), error)
        except ConflictError as exc:
            form.add_error(None, exc.message)
        else:
            if market.area_version != version:
                messages.success(request, _("服务范围已保存（第%(v)d版）。") % {"v": market.area_version})
            return redirect("org:policy")
    market.refresh_from_db()
    return _page(request, market, area_form=form)


@login_required
def market_policy(request: Any) -> Any:
    user = request.user
    try:
        market, policy = policies.readable_policy(actor=user, market_id=user.market_id or 0)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    can_edit = user.role == Role.MARKET_ADMIN
    row = MarketPolicy.objects.filter(market=market).first() or MarketPolicy(market=market)
    form = PolicyForm(
        request.POST if request.method == "POST" else None, instance=row, read_only=not can_edit
    )
    if request.method == "POST" and can_edit and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            policy = policies.update_policy(actor=user, market_id=market.pk, changes=changes)
        except InvalidInput as exc:
            for name, errors in exc.errors.items():
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        else:
            if changes:
                messages.success(request, _("市场规则已保存（第%(v)d版）。") % {"v": policy.version})
            return redirect("org:policy")
    return _page(request, market, form=form)
