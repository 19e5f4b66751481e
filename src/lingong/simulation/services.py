"""Starting a simulation run and running it (in a task: a run takes seconds to a minute, never a request).

start_run validates the parameters (422 with every field's message), records the intent and queues the task
after commit; execute() marks the run RUNNING in one short transaction, runs the simulator outside any
transaction or lock, and records the result (or the failure) in a second short one. Running twice is
harmless: only a QUEUED run is picked up.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lingong import sim
from lingong.accounts.models import Role, User
from lingong.audit import trail
from lingong.core.errors import InvalidInput, PermissionDeniedError
from lingong.core.queue import enqueue_on_commit
from lingong.org.policy import policy_for
from lingong.simulation.models import RUN_LIFECYCLE, RunStatus, SimulationRun

logger = logging.getLogger(__name__)

# The market policy fields the simulator reads, recorded with each result (the policy may change later).
RULES_USED = (
    "quick_recruit_start_radius_km",
    "radius_cap_km",
    "wave_interval_minutes",
    "over_invite_factor",
    "quick_recruit_offer_minutes",
    "no_show_minutes",
)
POLICY_CHOICES = ("board", "recommend", "waves", "batch", "recommend+waves", "recommend+batch")
LIMITS = {"seed": (0, 2**31 - 1), "days": (1, 60), "scale": (0.01, 2.0)}
KNOB_LIMITS = {
    "exposure_weight": (0.0, 5.0),
    "target_weight": (0.0, 5.0),
    "radius_km": (1.0, 50.0),
    "wave_size": (0.5, 10.0),
    "batch_minutes": (5, 240),
}


Errors = dict[str, list[str]]


def _number(raw: Any, kind: type, field: str, errs: Errors, bounds: tuple[float, float]) -> Any:
    try:
        value = kind(str(raw).strip())
    except (TypeError, ValueError):
        errs.setdefault(field, []).append(_("请填写数字"))
        return None
    if value != value or not bounds[0] <= value <= bounds[1]:  # NaN compares unequal to itself
        errs.setdefault(field, []).append(
            _("应在 %(lo)s 至 %(hi)s 之间") % {"lo": bounds[0], "hi": bounds[1]}
        )
        return None
    return value


def clean_params(data: dict[str, Any]) -> dict[str, Any]:
    """The run's parameters, checked; InvalidInput (422) naming every bad field."""
    errs: Errors = {}
    clean: dict[str, Any] = {
        "seed": _number(data.get("seed", 2026), int, "seed", errs, LIMITS["seed"]),
        "days": _number(data.get("days", 14), int, "days", errs, LIMITS["days"]),
        "scale": _number(data.get("scale", 0.2), float, "scale", errs, LIMITS["scale"]),
    }
    raw_policies = data.get("policies") or []
    policies = [str(p) for p in (raw_policies if isinstance(raw_policies, list) else [raw_policies]) if p]
    if not policies:
        errs.setdefault("policies", []).append(_("请至少选择一种策略"))
    elif any(p not in POLICY_CHOICES for p in policies):
        errs.setdefault("policies", []).append(_("策略无效"))
    elif "board" not in policies:
        errs.setdefault("policies", []).append(_("请包含公告栏（作为对照）"))
    clean["policies"] = [p for p in POLICY_CHOICES if p in policies]
    knobs: dict[str, Any] = {}
    for name, bounds in KNOB_LIMITS.items():
        raw = data.get(name)
        if raw in (None, ""):
            continue
        kind = int if name == "batch_minutes" else float
        knobs[name] = _number(raw, kind, name, errs, bounds)
    clean["knobs"] = knobs
    if errs:
        raise InvalidInput(_("仿真参数有误，请检查后重试。"), errors=errs)
    return clean


# The market's operators (not station staff): a run costs a worker process seconds to a minute.
OPERATOR_ROLES = (Role.MARKET_ADMIN, Role.CENTRE_STAFF)


def may_simulate(user: User) -> bool:
    return user.is_authenticated and user.role in OPERATOR_ROLES and user.market_id is not None


def start_run(*, actor: User, data: dict[str, Any]) -> SimulationRun:
    if not may_simulate(actor):
        raise PermissionDeniedError(_("只有市场管理员和服务中心工作人员可以运行仿真。"))
    params = clean_params(data)
    assert actor.market_id is not None  # may_simulate
    with transaction.atomic():
        run = SimulationRun.objects.create(market_id=actor.market_id, created_by=actor, params=params)
        trail.record(action="simulation.started", obj=run, actor=actor, data=params, market=run.market_id)
        from lingong.simulation import tasks  # a task module imports services: the queue sits above them

        enqueue_on_commit(tasks.run_simulation, run.pk)
    return run


def knobs_of(params: dict[str, Any]) -> sim.Knobs:
    knobs = dict(params.get("knobs") or {})
    return sim.Knobs(**knobs)


def execute(run_id: int, *, simulate: Callable[..., dict[str, Any]] | None = None) -> SimulationRun | None:
    """Run a QUEUED run to the end (DONE or FAILED); None when there is nothing to do. ``simulate`` is the
    simulator's own entry point by default, or one that remembers its deterministic results (the demo's)."""
    simulate = simulate or sim.simulate
    with transaction.atomic():
        run = SimulationRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != RunStatus.QUEUED:
            return None
        RUN_LIFECYCLE.advance(run, RunStatus.RUNNING, actor=None, stamp="started_at", market=run.market_id)
    params = run.params
    rules = policy_for(run.market_id)  # the market's own quick-recruit radii, interval, offer minutes...
    started = time.perf_counter()
    try:
        result = simulate(
            seed=params["seed"],
            days=params["days"],
            scale=params["scale"],
            policies=params["policies"],
            knobs=knobs_of(params),
            rules=rules,
        )
    except Exception as exc:  # the run is marked failed with the reason; the page says so
        logger.exception("Simulation run %s failed", run_id)
        return _finish(run_id, status=RunStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:500])
    result.pop("wall_s", None)
    result["market_rules"] = {name: str(getattr(rules, name)) for name in RULES_USED}
    return _finish(run_id, status=RunStatus.DONE, result=result, wall=time.perf_counter() - started)


def _finish(
    run_id: int,
    *,
    status: str,
    result: dict[str, Any] | None = None,
    error: str = "",
    wall: float | None = None,
) -> SimulationRun:
    with transaction.atomic():
        run = SimulationRun.objects.select_for_update().get(pk=run_id)
        run.result, run.error = result, error
        run.wall_seconds = round(wall, 2) if wall is not None else None
        RUN_LIFECYCLE.advance(
            run,
            status,
            actor=None,
            stamp="finished_at",
            fields=("result", "error", "wall_seconds"),
            data={"error": error} if error else {"wall_s": run.wall_seconds},
            market=run.market_id,
        )
    return run
