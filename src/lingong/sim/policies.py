"""The recruiting policies compared, each a small class over the real matching library and market policy.

- Board: a newest-first notice board workers scroll (no matching at all: the baseline).
- Recommend: each worker's feed is the library's ranking (JobIndex.top_jobs), as jobs.recommendations does.
- Waves: quick-recruit waves with the platform's own schedule (lingong.matching.waves, which
  recruit.services.run_wave/_invite call too): the first wave at the market's start
  radius, each later one doubling it up to the radius cap every wave interval, inviting the next best
  ranked workers (WorkerIndex.top_workers) not yet invited and not busy, over_invite_factor per open place;
  a tap is an offer while places last, else standby; offers lapse after the offer minutes and standby moves
  up. The radii, interval, cap, factor and minutes come from lingong.org.policy_defaults.DEFAULT_POLICY.
- Batch: every N minutes, open places x free candidates near them -> lingong.matching.assign, one offer each.
A policy is one or more of these joined with "+", e.g. "recommend+waves".
"""

from __future__ import annotations

import dataclasses

import numpy as np

from lingong.matching import JobQuery, MatchConfig, PayUnit, WorkerQuery, assign, waves
from lingong.matching.assign import edges_from_rankings
from lingong.matching.config import TARGET_GROUPS
from lingong.sim.engine import BATCH_TICK, WAVE, Engine, Knobs, posting_arrays
from lingong.sim.scenario import DAY_S, HOUR_S, World

COMPONENTS = ("board", "recommend", "waves", "batch")


def match_config(knobs: Knobs) -> MatchConfig:
    """The library's configuration with the comparison's knobs applied (None keeps the library default)."""
    cfg = MatchConfig()
    if knobs.exposure_weight is not None:
        cfg = dataclasses.replace(cfg, exposure_weight=knobs.exposure_weight)
    if knobs.target_weight is not None:
        cfg = dataclasses.replace(cfg, group_weights=(knobs.target_weight,) * len(TARGET_GROUPS))
    return cfg


def job_query(engine: Engine, job: int, radius_km: float, exclude: tuple[int, ...] = ()) -> JobQuery:
    return job_query_for(engine.world, job, radius_km, exclude)


def job_query_for(w: World, job: int, radius_km: float, exclude: tuple[int, ...] = ()) -> JobQuery:
    """The posting as the library's query, built by the library as for a real posting (JobArrays.queries)."""
    return posting_arrays(w, job, open_places=1).queries(0, radius_km=radius_km, exclude_ids=exclude)[0]


def open_postings(engine: Engine) -> np.ndarray:
    """The open postings as they stand this half hour, newest first (places taken meanwhile are rechecked)."""
    open_now = [j for j in engine.board if engine.is_open[j]]
    engine.board[:] = open_now
    view: np.ndarray = np.array(open_now[::-1], dtype=np.int64)
    return view


def fitting(engine: Engine, worker: int, jobs: np.ndarray) -> np.ndarray:
    """Mask of the jobs the worker qualifies for: an accepted occupation, the certificate, a common day."""
    w = engine.world
    fits: np.ndarray = (w.j_accept_mask[jobs] & w.w_skill_mask[worker]) != 0
    fits &= (w.j_slots[jobs] & w.w_avail[worker]) != 0
    cert = w.j_cert[jobs]
    shifted = np.right_shift(w.w_cert_mask[worker], np.maximum(cert, 0).astype(np.uint64))
    fits &= (cert < 0) | ((shifted & np.uint64(1)) != 0)
    return fits


class Board:
    """Newest first; a worker reads the first `board_scroll_depth` open postings and takes up the first
    that fits their skills, certificates and days and that they want."""

    def tick_view(self, engine: Engine) -> np.ndarray:
        return open_postings(engine)

    def browse(self, engine: Engine, worker: int, view: np.ndarray) -> list[int]:
        jobs = view[engine.need[view] > 0][: engine.settings.board_scroll_depth]
        if jobs.size == 0:
            return []
        listed: list[int] = jobs[fitting(engine, worker, jobs)].tolist()
        return listed


class Recommend:
    """The library's ranking of open jobs for the worker (top_jobs), best first."""

    def __init__(self, knobs: Knobs) -> None:
        self.knobs = knobs

    def tick_view(self, engine: Engine) -> np.ndarray:
        return open_postings(engine)

    def browse(self, engine: Engine, worker: int, view: np.ndarray) -> list[int]:
        w, index = engine.world, engine.job_index
        assert index is not None
        if not self._any_within_reach(engine, worker, view):
            return []  # the library would return nothing: skip the call (nine looks in ten; speed only)
        query = WorkerQuery(
            x_km=float(w.w_x[worker]),
            y_km=float(w.w_y[worker]),
            occupations=tuple(int(o) for o in w.worker_occs(worker)),
            travel_radius_km=float(w.w_radius[worker]),
            radius_km=self.knobs.radius_km,
            certs=engine.certs_of(worker),
            slots=int(w.w_avail[worker]),
            pay=float(w.w_expect[worker]),
            pay_unit=int(PayUnit.DAY),
            exclude_ids=tuple(sorted(engine.applied.get(worker, ()))),
        )
        ids: list[int] = index.top_jobs(query, k=engine.settings.recommend_k).ids.tolist()
        return ids

    def _any_within_reach(self, engine: Engine, worker: int, view: np.ndarray) -> bool:
        """A necessary condition for a non-empty ranking: an open place the worker qualifies for within the
        search radius (a hair wider, so rounding never skips a job the library would return)."""
        w = engine.world
        jobs = view[engine.need[view] > 0]
        if jobs.size == 0:
            return False
        radius = self.knobs.radius_km if self.knobs.radius_km is not None else float(w.w_radius[worker])
        near = np.hypot(w.j_x[jobs] - w.w_x[worker], w.j_y[jobs] - w.w_y[worker]) <= radius + 1e-6
        return bool((near & fitting(engine, worker, jobs)).any())


@dataclasses.dataclass
class Campaign:
    radius_km: float = 0.0
    invited: set[int] = dataclasses.field(default_factory=set)
    standby: list[int] = dataclasses.field(default_factory=list)


class Waves:
    """Quick-recruit waves for every posting (recruit.services.run_wave, with the market's defaults)."""

    def __init__(self, knobs: Knobs) -> None:
        self.knobs = knobs
        self.campaigns: dict[int, Campaign] = {}

    def posted(self, engine: Engine, job: int) -> None:
        self.campaigns[job] = Campaign()
        engine.schedule(engine.now, WAVE, job)

    def wave(self, engine: Engine, job: int) -> None:
        campaign, rules = self.campaigns[job], engine.rules
        # A closed posting, or a campaign whose places are all taken (recruit.services._check_filled clears
        # next_wave_at), sends no more waves; a place freed later goes to standby only (job_reopened).
        if not engine.recruiting(job) or engine.filled[job] >= engine.world.j_headcount[job]:
            return
        factor = self.knobs.wave_size if self.knobs.wave_size is not None else float(rules.over_invite_factor)
        step = waves.next_wave(
            last_radius_km=campaign.radius_km if campaign.radius_km > 0 else None,
            open_places=int(engine.need[job]),
            start_radius_km=float(rules.quick_recruit_start_radius_km),
            cap_km=float(rules.radius_cap_km),
            over_invite_factor=factor,
        )
        campaign.radius_km = step.radius_km
        if step.size > 0:
            self._invite(engine, job, campaign, step.size)
        if step.more_follow:
            engine.schedule(engine.now + rules.wave_interval_minutes * 60, WAVE, job)

    def _invite(self, engine: Engine, job: int, campaign: Campaign, size: int) -> None:
        index = engine.worker_index
        assert index is not None
        k = waves.ranking_depth(size, len(campaign.invited))
        ranking = index.top_workers(job_query(engine, job, campaign.radius_km), k=k)
        ranked = ranking.ids.tolist()
        busy = {w for w in ranked if not engine.free(w)}
        chosen = waves.choose_invitees(ranked, campaign.invited, busy, size)
        campaign.invited.update(chosen)
        engine.invite(np.array(chosen, dtype=np.int64), job)

    def answered(self, engine: Engine, job: int, worker: int) -> None:
        """One tap: an offer while places last (auto offer), else the standby list in answer order."""
        if engine.need[job] > 0:
            engine.offer(worker, job, engine.delay(engine.settings.confirm_median_s), already_willing=True)
        else:
            self.campaigns[job].standby.append(worker)

    def place_freed(self, engine: Engine, job: int) -> None:
        """recruit.services._promote: the first on standby (still free) gets the place."""
        campaign = self.campaigns.get(job)
        while campaign is not None and campaign.standby and engine.need[job] > 0:
            worker = campaign.standby.pop(0)
            if engine.free(worker):
                engine.offer(
                    worker, job, engine.delay(engine.settings.confirm_median_s), already_willing=True
                )


class Batch:
    """Every `batch_minutes` in the day: all open places against free nearby candidates, solved at once."""

    def __init__(self, knobs: Knobs) -> None:
        self.knobs = knobs
        self.asked: dict[int, set[int]] = {}

    def start(self, engine: Engine) -> None:
        s = engine.settings
        step = self.knobs.batch_minutes * 60
        for day in range(int(engine.end // DAY_S) + 1):
            t0, t1 = day * DAY_S + s.day_hours[0] * HOUR_S, day * DAY_S + s.day_hours[1] * HOUR_S
            for t in range(t0, t1, step):
                engine.schedule(float(t), BATCH_TICK)

    def batch(self, engine: Engine) -> None:
        index = engine.worker_index
        assert index is not None
        jobs: list[int] = np.flatnonzero(engine.is_open & (engine.need > 0)).tolist()
        if not jobs:
            return
        rankings = []
        for j in jobs:
            asked = self.asked.setdefault(j, set())
            k = min(3 * int(engine.need[j]) + 20, 1000)
            query = job_query(engine, j, self.knobs.batch_radius_km, tuple(sorted(asked)))
            ranking = index.top_workers(query, k=k)
            free = np.array([engine.free(w) for w in ranking.ids.tolist()], dtype=np.bool_)
            rankings.append(dataclasses.replace(ranking, ids=ranking.ids[free], scores=ranking.scores[free]))
        edge_job, edge_worker, edge_score = edges_from_rankings(rankings)
        result = assign(engine.need[jobs], edge_job, edge_worker, edge_score)
        for pos, worker in zip(result.job.tolist(), result.worker.tolist(), strict=True):
            job = jobs[pos]
            self.asked[job].add(worker)
            engine.show(np.array([worker]))
            engine.offer(worker, job, engine.delay(engine.settings.response_median_s), already_willing=False)


class Policy:
    """One or more components; events go to the components that handle them."""

    def __init__(self, name: str, knobs: Knobs) -> None:
        parts = name.split("+")
        unknown = [p for p in parts if p not in COMPONENTS]
        if unknown or not parts:
            raise ValueError(f"unknown policy part(s) {unknown}; choose from {', '.join(COMPONENTS)}")
        self.name, self.knobs = name, knobs
        self.browser: Board | Recommend | None = (
            Recommend(knobs) if "recommend" in parts else Board() if "board" in parts else None
        )
        self.waves = Waves(knobs) if "waves" in parts else None
        self.batcher = Batch(knobs) if "batch" in parts else None

    @property
    def browses(self) -> bool:
        return self.browser is not None

    def start(self, engine: Engine) -> None:
        cfg = match_config(self.knobs)
        if self.waves is not None or self.batcher is not None:
            engine.use_worker_index(cfg)
        if isinstance(self.browser, Recommend):
            engine.use_job_index(cfg)
        if self.batcher is not None:
            self.batcher.start(engine)

    def tick_view(self, engine: Engine) -> np.ndarray:
        return self.browser.tick_view(engine) if self.browser is not None else np.zeros(0, dtype=np.int64)

    def browse(self, engine: Engine, worker: int, view: np.ndarray) -> list[int]:
        return self.browser.browse(engine, worker, view) if self.browser is not None else []

    def posted(self, engine: Engine, job: int) -> None:
        if self.waves is not None:
            self.waves.posted(engine, job)

    def wave(self, engine: Engine, job: int) -> None:
        if self.waves is not None:
            self.waves.wave(engine, job)

    def batch(self, engine: Engine) -> None:
        if self.batcher is not None:
            self.batcher.batch(engine)

    def answered(self, engine: Engine, job: int, worker: int) -> None:
        if self.waves is not None:
            self.waves.answered(engine, job, worker)

    def declined(self, engine: Engine, job: int, worker: int) -> None:
        """Nothing to do: a batch never asks the same worker twice, a wave never invites twice."""

    def place_freed(self, engine: Engine, job: int) -> None:
        if self.waves is not None:
            self.waves.place_freed(engine, job)
