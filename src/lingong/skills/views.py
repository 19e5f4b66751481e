"""Staff page /staff/skills/ (技能缺口): filters, the chart of the largest gaps, the table, the .xlsx."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lingong.accounts.access import is_staff
from lingong.accounts.auth import AuthedRequest
from lingong.core.errors import NotFoundError
from lingong.core.pagination import paginate
from lingong.org.policy import policy_for
from lingong.skills import selectors, xlsx
from lingong.skills.display import requirement_label
from lingong.taxonomy.models import Occupation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHART_ROWS = 15


class GapFilterForm(forms.Form):
    district = forms.ChoiceField(label=gettext_lazy("区县"), required=False)
    occupation = forms.ChoiceField(label=gettext_lazy("工种"), required=False)

    def __init__(self, *args: Any, market_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district = self.fields["district"]
        occupation = self.fields["occupation"]
        assert isinstance(district, forms.ChoiceField) and isinstance(occupation, forms.ChoiceField)
        district.choices = [
            ("", _("全部区县")),
            *((d.code, d.name) for d in selectors.market_districts(market_id)),
        ]
        occupations = Occupation.objects.order_by("industry__order", "order").values_list("code", "name")
        occupation.choices = [("", _("全部工种")), *occupations]


def _staff(request: AuthedRequest) -> None:
    if not is_staff(request.user):
        raise PermissionDenied


def _rows(request: AuthedRequest) -> list[selectors.GapRow]:
    """The gaps for the filters asked (out of scope: 404, as a staff page answers)."""
    try:
        return selectors.gaps_for_staff(
            request.user,
            district_code=request.GET.get("district", "")[:12],
            occupation_code=request.GET.get("occupation", "")[:64],
        )
    except NotFoundError as exc:
        raise Http404(exc.message) from exc


@login_required
def gaps(request: AuthedRequest) -> HttpResponse:
    _staff(request)
    rows = _rows(request)
    market_id = request.user.market_id or 0
    form = GapFilterForm(request.GET or None, market_id=market_id)
    form.is_valid()  # the values were checked above; this only renders the chosen ones
    page = paginate(rows, request.GET.get("page", 1), 50)
    query = request.GET.copy()
    query.pop("page", None)
    top = sorted((r for r in rows if r.unmet > 0), key=lambda r: (-r.unmet, -r.places))[:CHART_ROWS]
    chart = {
        "labels": [f"{r.occupation_name}·{r.district_name}" for r in top],
        "requirements": [requirement_label(r) for r in top],
        "unmet": [r.unmet for r in top],
        "available": [r.available for r in top],
        "names": {"unmet": _("未满足名额"), "available": _("附近可上岗人数")},
    }
    context = {
        "form": form,
        "page": page,
        "rows": page.items,
        "totals": {
            "places": sum(r.places for r in rows),
            "unmet": sum(r.unmet for r in rows),
            "rows": len(rows),
        },
        "chart": chart,
        "radius_km": policy_for(market_id).skill_gap_radius_km,
        "query": query.urlencode(),
    }
    return render(request, "skills/gaps.html", context)


@login_required
def gaps_xlsx(request: AuthedRequest) -> HttpResponse:
    _staff(request)
    rows = _rows(request)
    radius = policy_for(request.user.market_id).skill_gap_radius_km
    response = HttpResponse(xlsx.gaps_workbook(rows, radius_km=radius), content_type=XLSX)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="skill-gaps-{stamp}.xlsx"'
    return response
