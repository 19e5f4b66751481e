"""The simulated world: geography, workers, employers and postings, drawn once per seed.

Every figure is a named constant with its source: "source" means the news report the platform is
modelled on (/work/shared/seed, 《零工「小」市场就业「大」民生——探访路南区零工市场》), "demo" means the
demo market's builder (lingong.demo, read, not imported: it needs Django), "policy" means
lingong.org.policy_defaults, and "assumption" means a figure nobody has measured yet. Pay is a float here
(yuan per day): nothing is stored, so the platform's Decimal rule for money does not apply.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lingong.matching import ServedArea, Taxonomy, load_taxonomy, slot_mask, tangshan_area

DAY_S = 86_400
HOUR_S = 3_600
DIVISIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "divisions.json"
LUNAN = "130202"

# ---- market size at scale 1.0 ---------------------------------------------------------------------
STATIONS = 133  # source: 一场百站三中心 ... 133个社区(村)零工驿站; demo SeedOptions.stations
EMPLOYERS = 1018  # source: 吸引1018家用工企业入驻
# source: 2024年, 该系统成功处理临时用工需求1.2万次 -> 12,000 postings a year, ~33 a day.
POSTINGS_PER_YEAR = 12_000
# assumption: registered workers. The source counts 5000+ registrations and 9552 people served since 2022
# and 10M+ live-stream views; the brief sizes the Lunan market at tens of thousands of workers. 20,000 sits
# between (scale 0.5 is the source's ~10,000).
WORKERS = 20_000
WORKER_MONTHLY_TURNOVER = 0.10  # assumption: a tenth of workers leave in a month, as many new ones arrive

# ---- geography (demo: lingong/demo/geography.py and org.py) ---------------------------------------
LUNAN_SHARE = 0.75  # demo LUNAN_SHARE: three quarters of people and jobs are in Lunan
LUNAN_SPREAD_KM = 1.5  # demo: points drawn around a Lunan anchor
OUTER_SPREAD_KM = 3.0  # demo: points drawn around another district's centre
STATION_SPREAD_KM = 0.6  # demo: a station lies this near its sub-district's centre
OUTER_DISTRICT_SHARE = {  # demo OUTER_DISTRICT_SHARE
    "130203": 0.30,
    "130207": 0.26,
    "130205": 0.14,
    "130208": 0.12,
    "130209": 0.10,
    "130204": 0.08,
}
TOWN_WEIGHT = {"130202007": 0.7, "130202102": 0.6, "130202103": 0.6}  # demo: fewer people in the towns
TRAVEL_RADII_KM = (3, 5, 5, 10, 10, 10, 15, 20, 30)  # demo workers.py: how far a worker will travel

# ---- workers (demo workers.py) --------------------------------------------------------------------
SKILL_COUNT_WEIGHTS = (35, 30, 20, 10, 5)  # demo SKILL_COUNT: 1..5 skills
CERTIFICATE_SHARE = 0.8  # demo CERTIFICATE_VERIFIED_SHARE: a skill's certificate is held and verified
TARGET_GROUP_SHARE = 0.25  # demo TARGET_GROUP_SHARE
AVAILABLE_DAYS_RANGE = (3, 7)  # assumption: a worker is available 3..7 days a week (weekly slot mask)
AVAILABLE_HOURS = (6, 22)  # assumption: within these hours on an available day
EXPECTATION_SPREAD = (0.9, 1.1)  # assumption: a worker expects the occupation's typical pay x this

# ---- postings (demo jobs.py) ----------------------------------------------------------------------
HEADCOUNT_CHOICES = ((1, 35), (2, 20), (3, 12), (4, 7), (5, 8), (6, 3), (8, 3), (10, 4), (12, 2), (15, 2))
URGENT_SHARE = 0.10  # demo URGENT_SHARE
POSTING_HOURS = (7, 20)  # assumption: employers post between 07:00 and 20:00
# source: 平均到岗时间缩短至4小时 (average time to on site 4 h, 2024). assumption: an urgent posting wants
# people this soon after posting; any other starts at 08:00 one to three days later.
URGENT_LEAD_S = 3 * HOUR_S
LEAD_DAYS_RANGE = (1, 3)
SHIFT_START_HOUR = 8
SHIFT_HOURS = 9  # assumption: 08:00-17:00 with the lunch hour
MULTI_DAY_SHARE = 0.3  # assumption: this share of postings runs 2..5 days
# Gig occupations the simulated market trades in, with their share of workers' skills and of postings
# (assumption: the same weights on both sides; codes from data/occupations.json).
OCCUPATION_WEIGHTS = {
    "construction_laborer": 10,
    "decoration_helper": 6,
    "painter": 3,
    "tiler": 3,
    "carpenter": 3,
    "bricklayer": 2,
    "electrician": 3,
    "plumber": 2,
    "welder": 2,
    "stevedore": 6,
    "mover": 4,
    "sorter": 6,
    "packer": 5,
    "production_operator": 6,
    "assembler": 3,
    "forklift_driver": 3,
    "loader_driver": 2,
    "delivery_van_driver": 3,
    "truck_escort": 2,
    "chinese_cook": 3,
    "kitchen_helper": 4,
    "dishwasher": 4,
    "waiter": 5,
    "banquet_server": 2,
    "cleaner": 6,
    "deep_cleaner": 3,
    "domestic_helper": 3,
    "gardener": 2,
    "snow_remover": 1,
    "exhibition_staff": 2,
    "ground_promoter": 2,
    "event_security": 2,
    "medical_caregiver": 2,
    "linen_worker": 1,
}
PAY_TO_DAY = {0: 8.0, 1: 1.0}  # PayUnit.HOUR x 8 hours (MatchConfig.hours_per_day), PayUnit.DAY as is
CERT_VALID_DAYS = 10_000  # certificates do not expire within a simulation


@dataclass(frozen=True)
class Settings:
    """Behaviour rates (the "settings" of the issue). Every one is an assumption unless it says otherwise."""

    checks_per_day: float = 0.5  # times a free worker looks at jobs on an available day
    board_scroll_depth: int = 30  # postings a worker scrolls through on the newest-first board
    recommend_k: int = 10  # recommended jobs a worker reads
    interest_base: float = 0.5  # chance a worker takes up a fitting job at the door, fully paid
    underpaid_factor: float = 0.2  # ... times this when the pay is under 90 % of the expectation
    review_median_s: float = 20 * 60  # employer reviews an application (log-normal)
    response_median_s: float = 10 * 60  # worker notices an invitation or offer (log-normal); source: 11
    # chefs applied within 30 minutes of a posting in the bank case
    delay_sigma: float = 1.0  # log-normal spread of both delays
    confirm_median_s: float = 4 * 60  # a worker confirms an offer (lapses after the policy's offer minutes)
    no_show_rate: float = 0.05
    worker_cancel_rate: float = 0.03
    employer_cancel_rate: float = 0.02
    travel_speed_kmh: float = 20.0
    travel_prep_s: float = 15 * 60
    late_fill_window_s: float = 2 * HOUR_S  # recruiting goes on this long after the start
    check_tick_s: int = 30 * 60  # the checks of one half hour are drawn together
    day_hours: tuple[int, int] = (7, 22)  # when workers look and batches run


@dataclass(frozen=True, eq=False)
class World:
    """Everything every policy shares: the same demand and supply."""

    seed: int
    days: int
    taxonomy: Taxonomy
    area: ServedArea
    occupations: np.ndarray  # taxonomy indexes of the simulated occupations
    station_xy: np.ndarray  # (133, 2) km
    # workers
    w_x: np.ndarray
    w_y: np.ndarray
    w_radius: np.ndarray
    w_occ_ptr: np.ndarray
    w_occ_idx: np.ndarray  # taxonomy indexes
    w_skill_mask: np.ndarray  # uint64 over `occupations` positions, for the board's fast filter
    w_cert_mask: np.ndarray  # uint64 over taxonomy certificates
    w_expect: np.ndarray  # yuan per day
    w_groups: np.ndarray  # uint16 target-group bits
    w_avail: np.ndarray  # uint64 weekly slot mask
    w_arrive_s: np.ndarray
    w_leave_s: np.ndarray
    # postings
    j_posted_s: np.ndarray
    j_x: np.ndarray
    j_y: np.ndarray
    j_occ: np.ndarray  # taxonomy index
    j_accept_mask: np.ndarray  # uint64 over `occupations` positions: the occupation and its related ones
    j_cert: np.ndarray  # taxonomy certificate index or -1
    j_headcount: np.ndarray
    j_urgent: np.ndarray
    j_start_s: np.ndarray
    j_end_s: np.ndarray
    j_slots: np.ndarray
    j_pay: np.ndarray  # yuan per day
    j_employer: np.ndarray
    j_cancel_s: np.ndarray  # inf when the employer never cancels

    @property
    def n_workers(self) -> int:
        return int(self.w_x.size)

    @property
    def n_jobs(self) -> int:
        return int(self.j_x.size)

    def worker_occs(self, w: int) -> np.ndarray:
        occs: np.ndarray = self.w_occ_idx[self.w_occ_ptr[w] : self.w_occ_ptr[w + 1]]
        return occs

    def worker_certs(self, w: int) -> tuple[tuple[int, int], ...]:
        mask = int(self.w_cert_mask[w])
        return tuple((c, CERT_VALID_DAYS) for c in range(64) if mask >> c & 1)


def _divisions() -> dict[str, tuple[float, float]]:
    with DIVISIONS_FILE.open(encoding="utf-8") as fh:
        data = json.load(fh)
    return {d["code"]: (d["lon"], d["lat"]) for d in data["divisions"]}


def _clip_to_area(area: ServedArea, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x0, x1, y0, y1 = area.bounds_km()
    return np.clip(x, x0, x1), np.clip(y, y0, y1)


class Geography:
    """Lunan's sub-districts (with the 133 stations around them) and the other districts, in local km."""

    def __init__(self, area: ServedArea, rng: np.random.Generator) -> None:
        divisions = _divisions()
        self.area = area
        subs = sorted(c for c in divisions if c.startswith(LUNAN) and len(c) > 6)
        sx, sy = area.to_km(
            np.array([divisions[c][0] for c in subs]), np.array([divisions[c][1] for c in subs])
        )
        weights = np.array([TOWN_WEIGHT.get(c, 1.0) for c in subs])
        # Stations are dealt round the sub-districts in proportion to their people, then placed near them.
        pick = rng.choice(len(subs), size=STATIONS, p=weights / weights.sum())
        st_x = sx[pick] + rng.normal(0, STATION_SPREAD_KM, STATIONS)
        st_y = sy[pick] + rng.normal(0, STATION_SPREAD_KM, STATIONS)
        self.station_xy = np.column_stack(_clip_to_area(area, st_x, st_y))
        outer = list(OUTER_DISTRICT_SHARE)
        ox, oy = area.to_km(
            np.array([divisions[c][0] for c in outer]), np.array([divisions[c][1] for c in outer])
        )
        self.outer_xy = np.column_stack([ox, oy])
        share = np.array(list(OUTER_DISTRICT_SHARE.values()))
        self.outer_p = share / share.sum()

    def sample(self, rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
        """People and workplaces: three quarters around the stations of Lunan, the rest around other
        districts' centres (the demo draws around sub-district centres; stations are spread around those)."""
        in_lunan = rng.random(n) < LUNAN_SHARE
        st = rng.integers(0, STATIONS, n)
        od = rng.choice(len(self.outer_p), size=n, p=self.outer_p)
        cx = np.where(in_lunan, self.station_xy[st, 0], self.outer_xy[od, 0])
        cy = np.where(in_lunan, self.station_xy[st, 1], self.outer_xy[od, 1])
        spread = np.where(in_lunan, LUNAN_SPREAD_KM, OUTER_SPREAD_KM)
        x = cx + rng.normal(0, 1, n) * spread
        y = cy + rng.normal(0, 1, n) * spread
        return _clip_to_area(self.area, x, y)


def _occupations(taxonomy: Taxonomy) -> tuple[np.ndarray, np.ndarray]:
    codes = list(OCCUPATION_WEIGHTS)
    occ = np.array([taxonomy.index_of(c) for c in codes], dtype=np.int16)
    weights = np.array(list(OCCUPATION_WEIGHTS.values()), dtype=np.float64)
    return occ, weights / weights.sum()


def _typical_day_pay(taxonomy: Taxonomy, occ: np.ndarray) -> np.ndarray:
    low_high = taxonomy.typical_pay[occ]
    factor = np.array([PAY_TO_DAY[int(u)] for u in taxonomy.pay_unit[occ]])
    out: np.ndarray = low_high * factor[:, None]
    return out


def _accept_masks(taxonomy: Taxonomy, occ: np.ndarray) -> np.ndarray:
    """Per simulated occupation: the bits of the simulated occupations whose holders qualify (the taxonomy's
    related graph, as the matching library reads it)."""
    pos = {int(o): i for i, o in enumerate(occ)}
    masks = np.zeros(occ.size, dtype=np.uint64)
    for i, o in enumerate(occ):
        bits = 1 << i
        for r in taxonomy.related(int(o)):
            if int(r) in pos:
                bits |= 1 << pos[int(r)]
        masks[i] = np.uint64(bits)
    return masks


def _workers(
    world_rng: np.random.Generator, geo: Geography, tax: Taxonomy, occ: np.ndarray, p: np.ndarray, n: int
) -> dict[str, np.ndarray]:
    rng = world_rng
    x, y = geo.sample(rng, n)
    counts = rng.choice(5, size=n, p=np.array(SKILL_COUNT_WEIGHTS) / sum(SKILL_COUNT_WEIGHTS)) + 1
    skills = [np.unique(rng.choice(occ.size, size=int(c), p=p)) for c in counts]
    ptr = np.zeros(n + 1, dtype=np.int64)
    ptr[1:] = np.cumsum([s.size for s in skills])
    pos_idx = np.concatenate(skills)
    skill_mask = np.array([sum(1 << int(i) for i in s) for s in skills], dtype=np.uint64)
    cert_of = tax.occupation_cert[occ[pos_idx]]
    holds = (cert_of >= 0) & (rng.random(pos_idx.size) < CERTIFICATE_SHARE)
    owner = np.repeat(np.arange(n), np.diff(ptr))
    cert_mask = np.zeros(n, dtype=np.uint64)
    np.bitwise_or.at(cert_mask, owner[holds], np.left_shift(np.uint64(1), cert_of[holds].astype(np.uint64)))
    pay = _typical_day_pay(tax, occ[pos_idx]).mean(axis=1)
    first = ptr[:-1]
    expect = pay[first] * rng.uniform(*EXPECTATION_SPREAD, n)
    groups = np.where(rng.random(n) < TARGET_GROUP_SHARE, 1 << rng.integers(0, 8, n), 0).astype(np.uint16)
    avail = np.zeros(n, dtype=np.uint64)
    for i in range(n):
        k = int(rng.integers(AVAILABLE_DAYS_RANGE[0], AVAILABLE_DAYS_RANGE[1] + 1))
        days = tuple(int(d) for d in np.sort(rng.choice(7, size=k, replace=False)))
        avail[i] = np.uint64(slot_mask(days, *AVAILABLE_HOURS))
    return {
        "w_x": x,
        "w_y": y,
        "w_radius": np.array(TRAVEL_RADII_KM, dtype=np.float64)[rng.integers(0, len(TRAVEL_RADII_KM), n)],
        "w_occ_ptr": ptr,
        "w_occ_idx": occ[pos_idx],
        "w_skill_mask": skill_mask,
        "w_cert_mask": cert_mask,
        "w_expect": expect,
        "w_groups": groups,
        "w_avail": avail,
    }


def _postings(
    rng: np.random.Generator,
    geo: Geography,
    tax: Taxonomy,
    occ: np.ndarray,
    p: np.ndarray,
    days: int,
    scale: float,
) -> dict[str, np.ndarray]:
    n = int(rng.poisson(POSTINGS_PER_YEAR / 365.0 * days * scale))
    day = rng.integers(0, days, n)
    hour = rng.uniform(*POSTING_HOURS, n)
    posted = np.sort(day * DAY_S + hour * HOUR_S)
    x, y = geo.sample(rng, n)
    pos = rng.choice(occ.size, size=n, p=p)
    hc_values = np.array([c for c, _ in HEADCOUNT_CHOICES])
    hc_weights = np.array([w for _, w in HEADCOUNT_CHOICES], dtype=np.float64)
    headcount = hc_values[rng.choice(hc_values.size, size=n, p=hc_weights / hc_weights.sum())]
    urgent = rng.random(n) < URGENT_SHARE
    lead_days = rng.integers(LEAD_DAYS_RANGE[0], LEAD_DAYS_RANGE[1] + 1, n)
    planned = (posted // DAY_S + lead_days) * DAY_S + SHIFT_START_HOUR * HOUR_S
    start = np.where(urgent, posted + URGENT_LEAD_S, planned)
    n_days = np.where(rng.random(n) < MULTI_DAY_SHARE, rng.integers(2, 6, n), 1)
    end = start + (n_days - 1) * DAY_S + SHIFT_HOURS * HOUR_S
    slots = np.zeros(n, dtype=np.uint64)
    for i in range(n):
        weekday = int(start[i] // DAY_S) % 7
        h0 = int(start[i] % DAY_S // HOUR_S)
        slots[i] = np.uint64(slot_mask((weekday,), h0, min(h0 + SHIFT_HOURS, 24)))
    low_high = _typical_day_pay(tax, occ[pos])
    pay = rng.uniform(low_high[:, 0], low_high[:, 1])
    cancels = rng.random(n) < Settings().employer_cancel_rate
    cancel_s = np.where(cancels, posted + rng.random(n) * (start - posted), np.inf)
    return {
        "j_posted_s": posted,
        "j_x": x,
        "j_y": y,
        "j_occ": occ[pos],
        "j_accept_mask": _accept_masks(tax, occ)[pos],
        "j_cert": tax.occupation_cert[occ[pos]].astype(np.int64),
        "j_headcount": headcount.astype(np.int64),
        "j_urgent": urgent,
        "j_start_s": start,
        "j_end_s": end,
        "j_slots": slots,
        "j_pay": pay,
        "j_employer": rng.integers(0, max(1, round(EMPLOYERS * scale)), n),
        "j_cancel_s": cancel_s,
    }


def _arrivals(rng: np.random.Generator, n0: int, days: int) -> tuple[np.ndarray, np.ndarray, int]:
    """(arrive_s, leave_s, count): the first n0 are there at the start; as many arrive as leave."""
    hazard = -math.log(1.0 - WORKER_MONTHLY_TURNOVER) / (30 * DAY_S)
    n_new = int(rng.poisson(n0 * hazard * days * DAY_S))
    arrive = np.concatenate([np.zeros(n0), np.sort(rng.uniform(0, days * DAY_S, n_new))])
    leave = arrive + rng.exponential(1.0 / hazard, n0 + n_new)
    return arrive, leave, n0 + n_new


def build_world(seed: int, days: int, scale: float, rng: np.random.Generator) -> World:
    """Draw the world from `rng` (the run's one Generator, seeded from `seed`)."""
    tax, area = load_taxonomy(), tangshan_area()
    geo = Geography(area, rng)
    occ, p = _occupations(tax)
    arrive, leave, n = _arrivals(rng, max(1, round(WORKERS * scale)), days)
    workers = _workers(rng, geo, tax, occ, p, n)
    postings = _postings(rng, geo, tax, occ, p, days, scale)
    return World(
        seed=seed,
        days=days,
        taxonomy=tax,
        area=area,
        occupations=occ,
        station_xy=geo.station_xy,
        w_arrive_s=arrive,
        w_leave_s=leave,
        **workers,
        **postings,
    )


@dataclass(frozen=True)
class PersonSpec:
    """One hand-made worker for small known-answer scenarios (tests, examples)."""

    x_km: float
    y_km: float
    occupation: str
    travel_radius_km: float = 10.0
    expect: float = 200.0
    target_group: bool = False
    arrive_s: float = 0.0


@dataclass(frozen=True)
class PostingSpec:
    """One hand-made posting: starts `start_after_s` after it is posted and runs one shift."""

    x_km: float
    y_km: float
    occupation: str
    posted_s: float
    headcount: int = 1
    start_after_s: float = 3 * HOUR_S
    pay: float = 250.0


def custom_world(seed: int, days: int, people: list[PersonSpec], postings: list[PostingSpec]) -> World:
    """A world from explicit lists (available every day 06-22; no certificates needed or held)."""
    tax, area = load_taxonomy(), tangshan_area()
    codes = sorted({p.occupation for p in people} | {p.occupation for p in postings})
    occ = np.array([tax.index_of(c) for c in codes], dtype=np.int16)
    pos = {c: i for i, c in enumerate(codes)}
    n = len(people)
    start = np.array([p.posted_s + p.start_after_s for p in postings])
    slots = [
        slot_mask((int(s // DAY_S) % 7,), int(s % DAY_S // HOUR_S), min(int(s % DAY_S // HOUR_S) + 9, 24))
        for s in start
    ]
    return World(
        seed=seed,
        days=days,
        taxonomy=tax,
        area=area,
        occupations=occ,
        station_xy=np.zeros((0, 2)),
        w_x=np.array([p.x_km for p in people], dtype=np.float64),
        w_y=np.array([p.y_km for p in people], dtype=np.float64),
        w_radius=np.array([p.travel_radius_km for p in people], dtype=np.float64),
        w_occ_ptr=np.arange(n + 1, dtype=np.int64),
        w_occ_idx=np.array([tax.index_of(p.occupation) for p in people], dtype=np.int16),
        w_skill_mask=np.array([1 << pos[p.occupation] for p in people], dtype=np.uint64),
        w_cert_mask=np.zeros(n, dtype=np.uint64),
        w_expect=np.array([p.expect for p in people], dtype=np.float64),
        w_groups=np.array([1 if p.target_group else 0 for p in people], dtype=np.uint16),
        w_avail=np.full(n, slot_mask(range(7), *AVAILABLE_HOURS), dtype=np.uint64),
        w_arrive_s=np.array([p.arrive_s for p in people], dtype=np.float64),
        w_leave_s=np.full(n, np.inf),
        j_posted_s=np.array([p.posted_s for p in postings], dtype=np.float64),
        j_x=np.array([p.x_km for p in postings], dtype=np.float64),
        j_y=np.array([p.y_km for p in postings], dtype=np.float64),
        j_occ=np.array([tax.index_of(p.occupation) for p in postings], dtype=np.int16),
        j_accept_mask=_accept_masks(tax, occ)[[pos[p.occupation] for p in postings]],
        j_cert=np.full(len(postings), -1, dtype=np.int64),
        j_headcount=np.array([p.headcount for p in postings], dtype=np.int64),
        j_urgent=np.zeros(len(postings), dtype=np.bool_),
        j_start_s=start,
        j_end_s=start + SHIFT_HOURS * HOUR_S,
        j_slots=np.array(slots, dtype=np.uint64),
        j_pay=np.array([p.pay for p in postings], dtype=np.float64),
        j_employer=np.zeros(len(postings), dtype=np.int64),
        j_cancel_s=np.full(len(postings), np.inf),
    )
