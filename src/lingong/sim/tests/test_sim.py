"""Known answers on tiny worlds, reproducibility, the CLI, and the no-Django rule. No database."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import lingong.sim
from lingong.org.policy_defaults import DEFAULT_POLICY
from lingong.sim import Knobs, Settings, simulate, simulate_world
from lingong.sim.__main__ import main
from lingong.sim.engine import SALT_NO_SHOW, pair_uniform, pair_uniform_many
from lingong.sim.metrics import even_gini_floor, gini
from lingong.sim.scenario import HOUR_S, PersonSpec, PostingSpec, custom_world

# Deterministic people: everyone wants a job at their door (interest 1 at 0 km), every delay is its median,
# nobody cancels or fails to show unless a test says so.
EXACT = Settings(
    interest_base=1.0,
    delay_sigma=0.0,
    no_show_rate=0.0,
    worker_cancel_rate=0.0,
    employer_cancel_rate=0.0,
    checks_per_day=1000.0,
)
POSTED = 8 * HOUR_S + 600  # 08:10 on day 0, so the first half-hour tick (and batch) is at 08:30
TICK_WAIT = 20 * 60


def run(world, policies, settings=EXACT, knobs=None):
    return simulate_world(world, np.random.default_rng(0), policies, settings, knobs)["policies"]


def one_worker_one_job():
    return custom_world(
        seed=1,
        days=1,
        people=[PersonSpec(0.0, 0.0, "construction_laborer")],
        postings=[PostingSpec(0.0, 0.0, "construction_laborer", posted_s=POSTED)],
    )


def test_one_worker_one_job_each_policy_fills_at_its_known_time():
    s = EXACT
    result = run(one_worker_one_job(), ["board", "recommend", "waves", "batch"])
    # Board / recommendations: seen at the next tick, the employer reads it, the worker confirms the offer.
    browse = TICK_WAIT + s.review_median_s + s.confirm_median_s
    assert result["board"]["median_fill_s"] == browse
    assert result["recommend"]["median_fill_s"] == browse
    # Waves: invited at once, notices after the response delay, one tap is an offer, then the confirmation.
    assert result["waves"]["median_fill_s"] == s.response_median_s + s.confirm_median_s
    # Batch: offered at the next batch (08:30), answers after the response delay.
    assert result["batch"]["median_fill_s"] == TICK_WAIT + s.response_median_s
    for name, m in result.items():
        assert m["fill_rate"] == 1.0, name
        assert m["mean_travel_km"] == 0.0, name
        # On site at the shift's start (3 h after posting): travel (prep only, 0 km) is shorter.
        assert m["median_onsite_s"] == 3 * HOUR_S, name


def test_a_job_nobody_can_do_is_never_filled():
    world = custom_world(
        seed=1,
        days=1,
        people=[PersonSpec(0.0, 0.0, "chinese_cook")],
        postings=[PostingSpec(0.0, 0.0, "welder", posted_s=POSTED)],
    )
    for name, m in run(world, ["board", "recommend", "waves", "batch"]).items():
        assert m["median_fill_s"] is None, name
        assert m["placements"] == 0, name
        assert m["postings_with_supply"] == 0, name


def two_competing(target_second=False, far_second=True):
    return custom_world(
        seed=1,
        days=1,
        people=[
            PersonSpec(0.0, 0.0, "stevedore"),
            PersonSpec(8.0 if far_second else 0.0, 0.0, "stevedore", target_group=target_second),
        ],
        postings=[PostingSpec(0.0, 0.0, "stevedore", posted_s=POSTED)],
    )


def test_two_workers_competing_waves_invite_the_near_one_first():
    # The first wave's radius (the market's start radius, 3 km) reaches only the worker at the door; the job
    # is filled before the next wave, so the far one is never shown: exposures (1, 0), Gini 0.5.
    assert DEFAULT_POLICY.quick_recruit_start_radius_km < 8
    m = run(two_competing(), ["waves"])["waves"]
    assert m["placements"] == 1
    assert m["mean_travel_km"] == 0.0
    assert m["exposure_gini"] == 0.5


def test_two_workers_competing_batch_gives_the_place_to_the_better_score():
    m = run(two_competing(), ["batch"])["batch"]
    assert m["mean_travel_km"] == 0.0  # the near worker


def test_target_group_priority_decides_between_equal_workers():
    # Equal in all but the target group: with the priority the second (target-group) worker wins; without it
    # the tie goes to the lower id, the first worker.
    world = two_competing(target_second=True, far_second=False)
    with_priority = run(world, ["batch"], knobs=Knobs(target_weight=0.15))["batch"]
    without = run(world, ["batch"], knobs=Knobs(target_weight=0.0))["batch"]
    assert with_priority["target_group_share"] == 1.0
    assert without["target_group_share"] == 0.0


def _seed_where_first_no_shows(rate):
    for seed in range(1000):
        if pair_uniform(seed, 0, 0, SALT_NO_SHOW) < rate <= pair_uniform(seed, 1, 0, SALT_NO_SHOW):
            return seed
    raise AssertionError("no such seed")


def test_a_no_show_is_replaced_from_standby():
    # Two equal workers at the door, one place. Both answer the first wave together; the first (lower id)
    # gets the offer, the second waits on standby. The first does not show: detected after the market's
    # no-show minutes, the place goes to the standby worker, who confirms and arrives (prep, 0 km).
    rate = 0.5
    seed = _seed_where_first_no_shows(rate)
    world = custom_world(
        seed=seed,
        days=1,
        people=[PersonSpec(0.0, 0.0, "mover"), PersonSpec(0.0, 0.0, "mover")],
        postings=[PostingSpec(0.0, 0.0, "mover", posted_s=POSTED)],
    )
    settings = Settings(**{**EXACT.__dict__, "no_show_rate": rate})
    m = run(world, ["waves"], settings)["waves"]
    assert m["no_shows"] == 1 and m["replaced"] == 1
    assert m["median_replacement_s"] == settings.confirm_median_s + settings.travel_prep_s
    assert m["fill_rate"] == 1.0
    # The place is staffed once the replacement arrives: shift start + no-show minutes + that replacement.
    detected = 3 * HOUR_S + DEFAULT_POLICY.no_show_minutes * 60
    assert m["median_onsite_s"] == detected + m["median_replacement_s"]


def test_pair_uniform_vector_and_scalar_agree():
    b = np.arange(50)
    many = pair_uniform_many(7, 3, b, 1)
    assert many.tolist() == [pair_uniform(7, 3, int(x), 1) for x in b]
    assert many.min() >= 0.0 and many.max() < 1.0


def test_gini_known_values():
    assert gini(np.array([1.0, 1.0, 1.0])) == 0.0
    assert gini(np.array([0.0, 1.0])) == 0.5
    assert gini(np.array([0.0, 0.0, 0.0, 4.0])) == pytest.approx(0.75)
    # 1 exposure among 4 workers: at best three get none.
    assert even_gini_floor(1, 4) == pytest.approx(0.75)
    assert even_gini_floor(8, 4) == 0.0


SMALL = {"days": 3, "scale": 0.04, "policies": ("board", "recommend", "waves", "batch")}


def _json(seed):
    from lingong.sim.report import to_json

    return to_json(simulate(seed=seed, **SMALL))


def test_same_seed_same_json_and_another_seed_differs():
    first = _json(11)
    assert first == _json(11)
    assert first != _json(12)
    data = json.loads(first)
    assert set(data["policies"]) == {"board", "recommend", "waves", "batch"}
    assert data["policies"]["board"]["placements"] > 0


def test_every_policy_sees_the_same_world():
    result = simulate(seed=5, **SMALL)
    places = {m["places"] for m in result["policies"].values()}
    supplied = {m["postings_with_supply"] for m in result["policies"].values()}
    assert len(places) == 1 and len(supplied) == 1


def test_cli_writes_json_and_svg(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out = tmp_path / "result.json"
    args = ["--seed", "3", "--days", "2", "--scale", "0.03", "--policies", "board,waves+recommend"]
    code = main([*args, "--json", str(out), "--svg", str(tmp_path / "charts")])
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["seed"] == 3
    for key in ("median_fill_s", "p90_fill_s", "fill_rate", "mean_travel_km", "exposure_gini"):
        assert key in data["policies"]["board"]
    assert "waves+recommend" in data["policies"]
    assert "公告栏" in capsys.readouterr().out
    svg = (tmp_path / "charts" / "fill_rate.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "招满率" in svg


def test_cli_settings_change_the_result(tmp_path: Path):
    base = ["--seed", "4", "--days", "3", "--scale", "0.1", "--policies", "board"]
    assert main([*base, "--json", str(tmp_path / "a.json")]) == 0
    assert main([*base, "--set", "checks_per_day=0", "--json", str(tmp_path / "b.json")]) == 0
    a = json.loads((tmp_path / "a.json").read_text())["policies"]["board"]
    b = json.loads((tmp_path / "b.json").read_text())["policies"]["board"]
    assert a["placements"] > 0 and b["placements"] == 0  # nobody looks at the board, nobody is hired


def test_cli_rejects_an_unknown_policy(capsys: pytest.CaptureFixture[str]):
    assert main(["--days", "1", "--scale", "0.01", "--policies", "lottery"]) == 2
    assert "lottery" in capsys.readouterr().err


def test_simulator_never_imports_django():
    modules = [
        m.name for m in pkgutil.walk_packages(lingong.sim.__path__, "lingong.sim.") if ".tests" not in m.name
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {['lingong.sim', *modules]!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)  # noqa: S603
    assert done.returncode == 0, done.stderr
