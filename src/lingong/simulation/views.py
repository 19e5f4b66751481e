"""Staff page /staff/simulation/ (市场仿真): the knobs, the runs, and a finished run's table and charts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from lingong.accounts.auth import AuthedRequest
from lingong.core.errors import InvalidInput
from lingong.sim.report import CHARTS, COLUMNS, cell, policy_label
from lingong.simulation import services
from lingong.simulation.models import RunStatus, SimulationRun

RECENT_RUNS = 10
DEFAULTS = {"seed": 2026, "days": 14, "scale": 0.2, "policies": list(services.POLICY_CHOICES)}


def _staff(request: AuthedRequest) -> None:
    if not services.may_simulate(request.user):
        raise PermissionDenied


def _market_of(request: AuthedRequest) -> int:
    market_id = request.user.market_id
    assert market_id is not None  # _staff() let only a market's operators in
    return market_id


def _run_of(request: AuthedRequest, run_id: Any) -> SimulationRun | None:
    if run_id in (None, ""):
        return None
    try:
        pk = int(run_id)
    except (TypeError, ValueError):
        raise Http404 from None
    run = SimulationRun.objects.filter(pk=pk, market_id=_market_of(request)).first()
    if run is None:
        raise Http404
    return run


def _table(result: dict[str, Any]) -> dict[str, Any]:
    policies = result.get("policies", {})
    return {
        "heads": [heading for _key, heading, _kind in COLUMNS],
        "rows": [
            {
                "name": name,
                "label": policy_label(name),
                "cells": [(heading, cell(figures.get(key), kind)) for key, heading, kind in COLUMNS],
            }
            for name, figures in policies.items()
        ],
    }


def _charts(result: dict[str, Any]) -> dict[str, Any]:
    policies = result.get("policies", {})
    names = list(policies)
    charts = [
        {
            "key": key,
            "title": title,
            "values": [
                None if policies[n].get(key) is None else round(policies[n][key] * factor, 2) for n in names
            ],
        }
        for key, title, factor in CHARTS
    ]
    # A metric no policy reached (every p90 on postings never filled) has no bar; the table says 未达成.
    drawn = [c for c in charts if any(v is not None for v in c["values"])]
    return {"labels": [policy_label(n) for n in names], "charts": drawn}


def _context(request: AuthedRequest, run: SimulationRun | None, values: dict[str, Any]) -> dict[str, Any]:
    runs = list(SimulationRun.objects.filter(market_id=_market_of(request))[:RECENT_RUNS])
    shown = run or next((r for r in runs if r.status == RunStatus.DONE), None)
    done = shown is not None and shown.status == RunStatus.DONE and shown.result is not None
    return {
        "values": values,
        "policy_choices": [(p, policy_label(p)) for p in services.POLICY_CHOICES],
        "runs": runs,
        "run": shown,
        "table": _table(shown.result) if done and shown and shown.result else None,
        "charts": _charts(shown.result) if done and shown and shown.result else None,
        "pending": shown is not None and shown.status in (RunStatus.QUEUED, RunStatus.RUNNING),
    }


@login_required
def page(request: AuthedRequest) -> HttpResponse:
    _staff(request)
    if request.method == "POST":
        data: dict[str, Any] = {k: request.POST.get(k, "") for k in ("seed", "days", "scale")}
        data["policies"] = request.POST.getlist("policies")
        for knob in services.KNOB_LIMITS:
            data[knob] = request.POST.get(knob, "")
        try:
            started = services.start_run(actor=request.user, data=data)
        except InvalidInput as exc:
            context = _context(request, None, data)
            context.update({"errors": exc.errors, "message": exc.message})
            return render(request, "simulation/page.html", context, status=422)
        return redirect(f"{reverse('simulation:page')}?run={started.pk}")
    run = _run_of(request, request.GET.get("run"))
    values = dict(DEFAULTS)
    if run is not None:
        values.update({k: v for k, v in run.params.items() if k != "knobs"})
        values.update(run.params.get("knobs") or {})
    return render(request, "simulation/page.html", _context(request, run, values))


@login_required
def run_status(request: AuthedRequest, run_id: int) -> HttpResponse:
    """The run's part of the page (htmx polls it while the run is queued or running)."""
    _staff(request)
    run = _run_of(request, run_id)
    context = _context(request, run, {})
    if context["pending"]:
        return render(request, "simulation/_run.html", context)
    response = HttpResponse(status=204)
    response["HX-Redirect"] = f"{reverse('simulation:page')}?run={run_id}"  # whole page: the charts load
    return response
