"""The discrete-event loop: one heap of (time, sequence, kind, a, b), one policy, one copy of the world.

Determinism: the world comes from the run's Generator; every policy gets a Generator in the same state for
its own draws (delays, who looks when), and a worker's answer to a given job (interested or not, no-show,
cancels) is a hash of (seed, worker, job), so every policy meets the same people making the same choices.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from lingong.matching import JobArrays, JobIndex, PayUnit, WorkerArrays, WorkerIndex
from lingong.org.policy_defaults import DEFAULT_POLICY
from lingong.org.policy_defaults import Policy as MarketRules
from lingong.sim.scenario import DAY_S, HOUR_S, Settings, World

if TYPE_CHECKING:
    from lingong.sim.policies import Policy

# Event kinds. Events due at the same second run in the order they were scheduled (the sequence number).
POST, ARRIVE, LEAVE, CLOSE, EMPLOYER_CANCEL, START, NO_SHOW, WORKER_CANCEL = range(8)
REVIEW, RESPOND, SEEN, WAVE, CHECK_TICK, BATCH_TICK, DAY = range(8, 15)

_MASK = (1 << 64) - 1
SALT_INTEREST, SALT_NO_SHOW, SALT_CANCEL, SALT_CANCEL_AT = 1, 2, 3, 4


def pair_uniform(seed: int, a: int, b: int, salt: int) -> float:
    """A uniform in [0, 1) fixed by (seed, a, b, salt): splitmix64's finaliser over a mixed key."""
    x = (seed * 0x9E3779B97F4A7C15 + a * 0xBF58476D1CE4E5B9 + b * 0x94D049BB133111EB + salt) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    x ^= x >> 31
    return (x >> 11) / float(1 << 53)


def pair_uniform_many(seed: int, a: int, b: np.ndarray, salt: int) -> np.ndarray:
    """pair_uniform for one `a` and many `b` (the same bits: uint64 arithmetic wraps like the masks)."""
    u64 = np.uint64
    key = (seed * 0x9E3779B97F4A7C15 + a * 0xBF58476D1CE4E5B9 + salt) & _MASK
    x = u64(key) + b.astype(u64) * u64(0x94D049BB133111EB)
    x = (x ^ (x >> u64(30))) * u64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> u64(27))) * u64(0x94D049BB133111EB)
    x = x ^ (x >> u64(31))
    out: np.ndarray = (x >> u64(11)).astype(np.float64) / float(1 << 53)
    return out


@dataclass(frozen=True)
class Knobs:
    """What a comparison varies. None means the platform's default (MatchConfig, DEFAULT_POLICY)."""

    exposure_weight: float | None = None
    target_weight: float | None = None
    radius_km: float | None = None  # recommendations' search radius (None: the worker's travel radius)
    batch_radius_km: float = 10.0
    wave_size: float | None = None  # invitations per open place in a wave (None: over_invite_factor)
    batch_minutes: int = 30


@dataclass
class Outcome:
    """What one policy's run leaves behind for the metrics."""

    policy: str
    fill_done_s: np.ndarray  # per posting: when every place was first filled (inf: never)
    onsite_done_s: np.ndarray  # per posting: when the last place's worker was first on site
    filled_at_close: np.ndarray
    cancelled: np.ndarray  # the employer withdrew the posting
    placements: list[tuple[int, int, float, float]] = field(default_factory=list)  # worker, job, at, km
    exposure: np.ndarray = field(default_factory=lambda: np.zeros(0))
    first_job_s: np.ndarray = field(default_factory=lambda: np.zeros(0))
    replacement_s: list[float] = field(default_factory=list)  # no-show detected -> replacement on site
    no_shows: int = 0
    events: int = 0


def posting_arrays(w: World, j: int, *, open_places: int) -> JobArrays:
    """Posting ``j`` as the library's one-row job table: what the job index holds and what its queries
    (JobArrays.queries) are built from, as the live index does for a real posting."""
    cert = int(w.j_cert[j])
    return JobArrays(
        ids=np.array([j]),
        x_km=w.j_x[j : j + 1],
        y_km=w.j_y[j : j + 1],
        occupation=w.j_occ[j : j + 1],
        open_places=np.array([open_places]),
        start_day=np.array([int(w.j_start_s[j] // DAY_S)]),
        end_day=np.array([int(w.j_end_s[j] // DAY_S)]),
        slots=w.j_slots[j : j + 1],
        pay=w.j_pay[j : j + 1],
        pay_unit=np.array([int(PayUnit.DAY)]),
        urgent=w.j_urgent[j : j + 1],
        posted_day=np.array([int(w.j_posted_s[j] // DAY_S)]),
        cert_ptr=np.array([0, int(cert >= 0)]),
        cert_idx=np.array([cert] if cert >= 0 else [], dtype=np.int16),
    )


class Engine:
    def __init__(
        self,
        world: World,
        policy: Policy,
        rng: np.random.Generator,
        settings: Settings,
        knobs: Knobs,
        rules: MarketRules = DEFAULT_POLICY,
    ) -> None:
        self.world, self.policy, self.rng, self.settings, self.knobs = world, policy, rng, settings, knobs
        self.rules = rules  # the market's policy: the platform's defaults, or a market's own
        nw, nj = world.n_workers, world.n_jobs
        self.now = 0.0
        self._heap: list[tuple[float, int, int, int, int]] = []
        self._seq = 0
        self.present = np.zeros(nw, dtype=np.bool_)
        self.held = np.zeros(nw, dtype=np.bool_)  # an application or offer is pending
        self.busy_until = np.zeros(nw)
        self.exposure = np.zeros(nw)
        self.first_job_s = np.full(nw, np.inf)
        self.applied: dict[int, set[int]] = {}
        self.need = np.zeros(nj, dtype=np.int64)  # places neither filled nor offered
        self.filled = np.zeros(nj, dtype=np.int64)
        self.onsite = np.zeros(nj, dtype=np.int64)
        self.is_open = np.zeros(nj, dtype=np.bool_)
        self.cancelled = np.zeros(nj, dtype=np.bool_)
        self.fill_done_s = np.full(nj, np.inf)
        self.onsite_done_s = np.full(nj, np.inf)
        self.filled_at_close = np.zeros(nj, dtype=np.int64)
        self.board: list[int] = []  # open postings, oldest first
        self.placed: dict[tuple[int, int], float] = {}  # live placements -> fill time
        self.no_show_at: dict[int, list[float]] = {}
        self.out = Outcome(
            policy.name, self.fill_done_s, self.onsite_done_s, self.filled_at_close, self.cancelled
        )
        self.worker_index: WorkerIndex | None = None
        self.job_index: JobIndex | None = None
        self._certs: dict[int, tuple[tuple[int, int], ...]] = {}

    # ---- the loop -----------------------------------------------------------------------------------------
    def schedule(self, at: float, kind: int, a: int = 0, b: int = 0) -> None:
        self._seq += 1
        heapq.heappush(self._heap, (at, self._seq, kind, a, b))

    def run(self) -> Outcome:
        w = self.world
        end = float(np.max(w.j_start_s, initial=0.0)) + self.settings.late_fill_window_s + 1
        self.end = max(end, w.days * DAY_S)
        self._seed_events()
        self.policy.start(self)
        handlers = {
            POST: self._post,
            ARRIVE: self._arrive,
            LEAVE: self._leave,
            CLOSE: self._close,
            EMPLOYER_CANCEL: self._employer_cancel,
            START: self._start,
            NO_SHOW: self._no_show,
            WORKER_CANCEL: self._worker_cancel,
            REVIEW: self._review,
            RESPOND: self._respond,
            SEEN: self._seen,
            WAVE: lambda a, b: self.policy.wave(self, a),
            CHECK_TICK: lambda a, b: self._check_tick(),
            BATCH_TICK: lambda a, b: self.policy.batch(self),
            DAY: lambda a, b: self._new_day(a),
        }
        while self._heap:
            at, _seq, kind, a, b = heapq.heappop(self._heap)
            if at > self.end:
                break
            self.now = at
            self.out.events += 1
            handlers[kind](a, b)
        self.out.exposure, self.out.first_job_s = self.exposure, self.first_job_s
        return self.out

    def _seed_events(self) -> None:
        w, s = self.world, self.settings
        for j in range(w.n_jobs):
            self.schedule(float(w.j_posted_s[j]), POST, j)
        for i in np.flatnonzero(w.w_arrive_s > 0):
            self.schedule(float(w.w_arrive_s[i]), ARRIVE, int(i))
        horizon = w.days * DAY_S + 4 * DAY_S
        for i in np.flatnonzero(w.w_leave_s < horizon):
            self.schedule(float(w.w_leave_s[i]), LEAVE, int(i))
        self.present[w.w_arrive_s <= 0] = True
        for day in range(int(horizon // DAY_S) + 1):
            self.schedule(day * DAY_S, DAY, day)
            t0, t1 = day * DAY_S + s.day_hours[0] * HOUR_S, day * DAY_S + s.day_hours[1] * HOUR_S
            for t in np.arange(t0, t1, s.check_tick_s):
                self.schedule(float(t), CHECK_TICK)

    # ---- indexes (built only when the policy uses them) --------------------------------------------------
    def use_worker_index(self, config: object) -> WorkerIndex:
        w = self.world
        ids = np.flatnonzero(self.present)
        self.worker_index = WorkerIndex.build(self._worker_arrays(ids), w.taxonomy, w.area, config)  # type: ignore[arg-type]
        return self.worker_index

    def use_job_index(self, config: object) -> JobIndex:
        w = self.world
        empty = JobArrays(
            ids=np.zeros(0, dtype=np.int64),
            x_km=np.zeros(0),
            y_km=np.zeros(0),
            occupation=np.zeros(0, dtype=np.int16),
        )
        self.job_index = JobIndex.build(empty, w.taxonomy, w.area, config)  # type: ignore[arg-type]
        return self.job_index

    def _worker_arrays(self, ids: np.ndarray) -> WorkerArrays:
        w = self.world
        counts = w.w_occ_ptr[ids + 1] - w.w_occ_ptr[ids]
        ptr = np.zeros(ids.size + 1, dtype=np.int64)
        ptr[1:] = np.cumsum(counts)
        occ = (
            np.concatenate([w.worker_occs(int(i)) for i in ids]) if ids.size else np.zeros(0, dtype=np.int16)
        )
        certs = [self.certs_of(int(i)) for i in ids]
        cptr = np.zeros(ids.size + 1, dtype=np.int64)
        cptr[1:] = np.cumsum([len(c) for c in certs])
        flat = [c for cs in certs for c in cs]
        day = int(self.now // DAY_S)
        return WorkerArrays(
            ids=ids,
            x_km=w.w_x[ids],
            y_km=w.w_y[ids],
            occ_ptr=ptr,
            occ_idx=occ,
            travel_radius_km=w.w_radius[ids],
            pay=w.w_expect[ids],
            pay_unit=np.full(ids.size, int(PayUnit.DAY)),
            availability=w.w_avail[ids],
            groups=w.w_groups[ids],
            last_active_day=np.full(ids.size, day),
            exposure=self.exposure[ids],
            cert_ptr=cptr,
            cert_type=np.array([c[0] for c in flat], dtype=np.int16),
            cert_expiry=np.array([c[1] for c in flat], dtype=np.int32),
        )

    def certs_of(self, worker: int) -> tuple[tuple[int, int], ...]:
        certs = self._certs.get(worker)
        if certs is None:
            certs = self._certs[worker] = self.world.worker_certs(worker)
        return certs

    def _sync_job(self, j: int) -> None:
        """The job index holds open postings with their places still to offer (0 hides a posting)."""
        if self.job_index is None:
            return
        if not self.is_open[j] or self.need[j] <= 0:
            self.job_index.remove(np.array([j]))
        else:
            self.job_index.upsert(posting_arrays(self.world, j, open_places=int(self.need[j])))
        if self.job_index.needs_compaction:
            self.job_index.compact()

    # ---- the people -------------------------------------------------------------------------------------
    def free(self, worker: int) -> bool:
        return bool(self.present[worker] and not self.held[worker] and self.busy_until[worker] <= self.now)

    def free_mask(self) -> np.ndarray:
        mask: np.ndarray = self.present & ~self.held & (self.busy_until <= self.now)
        return mask

    def distance_km(self, worker: int, job: int) -> float:
        w = self.world
        return math.hypot(float(w.w_x[worker] - w.j_x[job]), float(w.w_y[worker] - w.j_y[job]))

    def interest(self, worker: int, job: int) -> float:
        """The chance this worker takes this job up when it is put before them (the same in every policy)."""
        w, s = self.world, self.settings
        pay_ok = w.j_pay[job] >= 0.9 * w.w_expect[worker]
        near = math.exp(-self.distance_km(worker, job) / float(w.w_radius[worker]))
        return s.interest_base * (1.0 if pay_ok else s.underpaid_factor) * near

    def interested(self, worker: int, job: int) -> bool:
        u = pair_uniform(self.world.seed, worker, job, SALT_INTEREST)
        return u < self.interest(worker, job)

    def delay(self, median_s: float) -> float:
        return float(median_s * math.exp(self.settings.delay_sigma * self.rng.standard_normal()))

    def recruiting(self, job: int) -> bool:
        return bool(self.is_open[job])

    def show(self, workers: np.ndarray) -> None:
        """Workers put before an employer: counted, and the ranking's exposure term sees it."""
        self.exposure[workers] += 1.0
        if self.worker_index is not None and workers.size:
            self.worker_index.record_exposure(workers)

    # ---- postings -----------------------------------------------------------------------------------------
    def _post(self, j: int, _b: int) -> None:
        w = self.world
        self.is_open[j] = True
        self.need[j] = w.j_headcount[j]
        self.board.append(j)
        self.schedule(float(w.j_start_s[j]) + self.settings.late_fill_window_s, CLOSE, j)
        if math.isfinite(w.j_cancel_s[j]):
            self.schedule(float(w.j_cancel_s[j]), EMPLOYER_CANCEL, j)
        self._sync_job(j)
        self.policy.posted(self, j)

    def _close(self, j: int, _b: int) -> None:
        if not self.is_open[j]:
            return
        self.is_open[j] = False
        self.filled_at_close[j] = self.filled[j]
        self._sync_job(j)

    def _employer_cancel(self, j: int, _b: int) -> None:
        if not self.is_open[j]:
            return
        self.cancelled[j] = True
        for worker, job in [k for k in self.placed if k[1] == j]:
            del self.placed[(worker, job)]
            self.busy_until[worker] = self.now
        self._close(j, 0)

    def place_freed(self, j: int) -> None:
        self.need[j] += 1
        self._sync_job(j)
        if self.is_open[j]:
            self.policy.place_freed(self, j)

    # ---- applications and offers -------------------------------------------------------------------------
    def apply(self, worker: int, job: int) -> None:
        """A worker applies (board, recommendations); the employer answers after reading it."""
        self.applied.setdefault(worker, set()).add(job)
        self.held[worker] = True
        self.show(np.array([worker]))
        self.schedule(self.now + self.delay(self.settings.review_median_s), REVIEW, worker, job)

    def _review(self, worker: int, job: int) -> None:
        if self.is_open[job] and self.need[job] > 0 and self.present[worker]:
            self.offer(worker, job, self.delay(self.settings.confirm_median_s), already_willing=True)
        else:
            self.held[worker] = False

    def offer(self, worker: int, job: int, answer_after_s: float, already_willing: bool) -> None:
        """Hold a place for the worker. They answer after `answer_after_s`; past the market's offer minutes
        (quick_recruit_offer_minutes) the offer lapses then and the place is free again."""
        self.need[job] -= 1
        self.held[worker] = True
        self._sync_job(job)
        lapse_s = float(self.rules.quick_recruit_offer_minutes * 60)
        lapsed = answer_after_s > lapse_s
        code = job * 4 + 2 * int(already_willing) + int(lapsed)
        self.schedule(self.now + min(answer_after_s, lapse_s), RESPOND, worker, code)

    def _respond(self, worker: int, code: int) -> None:
        job, willing, lapsed = code // 4, bool(code & 2), bool(code & 1)
        self.held[worker] = False
        ok = self.is_open[job] and self.present[worker] and not lapsed
        if ok and (willing or self.interested(worker, job)):
            self.fill(worker, job)
        else:
            self.policy.declined(self, job, worker)
            self.place_freed(job)

    def fill(self, worker: int, job: int) -> None:
        w, s = self.world, self.settings
        self.filled[job] += 1
        self.busy_until[worker] = float(w.j_end_s[job])
        self.placed[(worker, job)] = self.now
        self.first_job_s[worker] = min(self.first_job_s[worker], self.now)
        self.out.placements.append((worker, job, self.now, self.distance_km(worker, job)))
        if self.filled[job] >= w.j_headcount[job] and not math.isfinite(self.fill_done_s[job]):
            self.fill_done_s[job] = self.now - w.j_posted_s[job]
        start = float(w.j_start_s[job])
        if start > self.now and pair_uniform(w.seed, worker, job, SALT_CANCEL) < s.worker_cancel_rate:
            frac = pair_uniform(w.seed, worker, job, SALT_CANCEL_AT)
            self.schedule(self.now + frac * (start - self.now), WORKER_CANCEL, worker, job)
        self.schedule(max(start, self.now), START, worker, job)

    def _worker_cancel(self, worker: int, job: int) -> None:
        if self.placed.pop((worker, job), None) is None:
            return
        self.filled[job] -= 1
        self.busy_until[worker] = self.now
        self.place_freed(job)

    def _start(self, worker: int, job: int) -> None:
        filled_at = self.placed.get((worker, job))
        if filled_at is None:
            return
        w, s = self.world, self.settings
        if pair_uniform(w.seed, worker, job, SALT_NO_SHOW) < s.no_show_rate:
            self.schedule(self.now + self.rules.no_show_minutes * 60, NO_SHOW, worker, job)
            return
        travel = s.travel_prep_s + self.distance_km(worker, job) / s.travel_speed_kmh * HOUR_S
        on_site = max(float(w.j_start_s[job]), filled_at + travel)
        self.onsite[job] += 1
        if self.onsite[job] >= w.j_headcount[job] and not math.isfinite(self.onsite_done_s[job]):
            self.onsite_done_s[job] = on_site - w.j_posted_s[job]
        waiting = self.no_show_at.get(job)
        if waiting and filled_at >= waiting[0]:
            self.out.replacement_s.append(on_site - waiting.pop(0))

    def _no_show(self, worker: int, job: int) -> None:
        if self.placed.pop((worker, job), None) is None:
            return
        self.out.no_shows += 1
        self.filled[job] -= 1
        self.busy_until[worker] = self.now
        self.no_show_at.setdefault(job, []).append(self.now)
        self.place_freed(job)

    # ---- invitations (waves) ----------------------------------------------------------------------------
    def invite(self, workers: np.ndarray, job: int) -> None:
        self.show(workers)
        for worker in workers.tolist():
            self.schedule(self.now + self.delay(self.settings.response_median_s), SEEN, worker, job)

    def _seen(self, worker: int, job: int) -> None:
        if not self.is_open[job] or not self.free(worker) or not self.interested(worker, job):
            return
        self.policy.answered(self, job, worker)

    # ---- workers come, go, and look ----------------------------------------------------------------------
    def _arrive(self, worker: int, _b: int) -> None:
        self.present[worker] = True
        if self.worker_index is not None:
            self.worker_index.upsert(self._worker_arrays(np.array([worker])))
            if self.worker_index.needs_compaction:
                self.worker_index.compact()

    def _leave(self, worker: int, _b: int) -> None:
        self.present[worker] = False
        if self.worker_index is not None:
            self.worker_index.remove(np.array([worker]))

    def _new_day(self, day: int) -> None:
        for index in (self.worker_index, self.job_index):
            if index is not None:
                index.set_today(day)

    def _check_tick(self) -> None:
        """The workers who look at jobs in this half hour: free, available today, drawn at the look rate."""
        s, w = self.settings, self.world
        weekday = int(self.now // DAY_S) % 7
        today = (w.w_avail >> np.uint64(weekday * 8)) & np.uint64(0xFF)
        looking = np.flatnonzero(self.free_mask() & (today != 0))
        if looking.size == 0 or not self.policy.browses:
            return
        per_tick = s.checks_per_day * s.check_tick_s / ((s.day_hours[1] - s.day_hours[0]) * HOUR_S)
        n = min(int(self.rng.poisson(per_tick * looking.size)), looking.size)
        chosen = self.rng.choice(looking, size=n, replace=False)
        view = self.policy.tick_view(self)
        for worker in np.sort(chosen).tolist():
            if not self.free(worker):
                continue
            for job in self.policy.browse(self, worker, view):
                if job in self.applied.get(worker, ()):
                    continue
                if self.need[job] > 0 and self.interested(worker, job):
                    self.apply(worker, job)
                    break
