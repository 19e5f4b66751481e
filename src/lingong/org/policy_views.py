"""The market's rules page (市场规则): staff of the market read it, its market admins change it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lingong.accounts.models import Role
from lingong.core.errors import InvalidInput, PermissionDeniedError
from lingong.org import policy as policies
from lingong.org.area import area_for
from lingong.org.models import MarketPolicy
from lingong.org.policy_defaults import EDITABLE_FIELDS

GROUPS = (
    (gettext_lazy("考勤"), ("no_show_minutes", "geofence_meters", "late_cancel_hours")),
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
    (gettext_lazy("快招"), ("over_invite_factor", "wave_interval_minutes", "radius_cap_km")),
)


class PolicyForm(forms.ModelForm):
    class Meta:
        model = MarketPolicy
        fields = EDITABLE_FIELDS

    def __init__(self, *args: Any, read_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["inputmode"] = (
                "decimal" if isinstance(field, forms.DecimalField) else "numeric"
            )
            field.disabled = read_only
        self.fields["insurer_name"].widget.attrs.pop("inputmode", None)

    def groups(self) -> list[tuple[Any, list[Any]]]:
        return [(title, [self[name] for name in names]) for title, names in GROUPS]


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
    area = area_for(market.pk)
    context = {
        "market": market,
        "policy": policy,
        "form": form,
        "can_edit": can_edit,
        "area": area,
        "datum": area.region.datum.upper(),
    }
    return render(request, "org/policy.html", context)
