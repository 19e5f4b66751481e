"""Skill gaps (技能缺口, issue 13 §1): what to train, read from open places and the workers near them.

The signatures here are the contract with the apps above (training recommends courses from
``unlocks_for_worker``); the pages, the API and the template tag of this app read them too.

What counts (one rule for the page, the .xlsx and the API):
- an open posting: status OPEN, not ended, a place left (headcount minus accepted applications, as
  ``jobs.services.accept_offer`` counts the places taken); housekeeping bookings' postings are left out;
- its requirements: the certificates it requires plus each of its occupations' own certificate; an
  occupation of a posting that requires none is a "skill" row (the worker needs the trade, no paper);
- a row is occupation x requirement x area (the district or county of the posting's division);
- available: an active worker (account enabled, not closed) whose home is within the radius of one of the
  row's postings, who holds the requirement (a certificate verified and valid on that posting's start date,
  ``WorkerCertificate.is_valid_on``; a skill: ``WorkerSkill`` of the occupation) and has no live engagement
  overlapping that posting's dates; counted once per row however many of its postings are near;
- lacking: an active worker within the radius of one of the row's postings who has the occupation (skill or
  intended occupation) and holds no valid certificate of the type for any of those near postings;
- unmet: max(0, places - available).

Distances are computed with numpy over every (posting, worker) pair of the market at once (``_within``).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.access import enterprise_scope_q, market_id_of, require_staff
from lingong.core.errors import NotFoundError
from lingong.core.geo import EARTH_RADIUS_KM
from lingong.core.memo import ProcessCache
from lingong.engagements.models import LIVE_ENGAGEMENT_STATUSES, Engagement
from lingong.jobs import matching_index
from lingong.jobs.models import ApplicationStatus, JobPosting, JobStatus, SourceChannel
from lingong.org.models import Division, DivisionLevel, Market
from lingong.org.policy import policy_for
from lingong.org.selectors import districts
from lingong.taxonomy.models import CertificateType, Occupation, PayUnit
from lingong.workers.models import WorkerCertificate, WorkerProfile, WorkerSkill

KM_PER_DEG = np.pi * EARTH_RADIUS_KM / 180.0
SKILL = "skill"  # GapRow.kind of a row without a certificate
CERTIFICATE = "certificate"
NO_EXPIRY = dt.date.max.toordinal()


@dataclass(frozen=True)
class CertificateUnlock:
    """A certificate the worker lacks and the open places near them that it alone stands between."""

    certificate_code: str
    certificate_name: str
    places: int  # open places (headcount not yet taken) the certificate would unlock
    jobs: int
    pay_min: Decimal | None
    pay_max: Decimal | None
    pay_unit: str  # the most common unit among those jobs (taxonomy PayUnit value)
    job_ids: tuple[int, ...] = field(default=())


@dataclass(frozen=True)
class GapRow:
    """One occupation x requirement x area: the open places against the workers near them."""

    occupation_code: str
    occupation_name: str
    kind: str  # CERTIFICATE | SKILL
    certificate_code: str  # "" for a skill row
    certificate_name: str  # "" for a skill row
    district_code: str
    district_name: str
    jobs: int
    places: int
    available: int
    lacking: int  # workers with the trade but without the certificate (0 for a skill row)
    unmet: int
    job_ids: tuple[int, ...] = field(default=())


# --- Loading the market into arrays ---------------------------------------------------------------------


@dataclass
class _Postings:
    ids: list[int]
    lat: np.ndarray
    lon: np.ndarray
    start: np.ndarray  # ordinal of the day a certificate must be valid on (start date, or today if past)
    first: np.ndarray  # ordinal of the start date
    last: np.ndarray  # ordinal of the end date
    places: list[int]
    district: list[str]
    occupations: list[list[str]]
    certificates: list[set[str]]  # certificates_required plus the occupations' own
    pay_amount: list[Decimal | None]
    pay_unit: list[str]


def _open_postings(market_id: int, scope: Q | None, today: dt.date) -> _Postings:
    qs = JobPosting.objects.filter(market_id=market_id, status=JobStatus.OPEN, end_date__gte=today).exclude(
        source_channel=SourceChannel.HOUSEKEEPING
    )
    if scope is not None:
        qs = qs.filter(scope)
    rows = list(
        qs.order_by("id")
        .annotate(taken=Count("applications", filter=Q(applications__status=ApplicationStatus.ACCEPTED)))
        .values_list(
            "id", "lat", "lon", "start_date", "end_date", "headcount", "taken", "division_id",
            "pay_amount", "pay_unit",
        )
    )  # fmt: skip
    rows = [r for r in rows if r[5] - r[6] > 0]
    ids = [r[0] for r in rows]
    # The market's open postings' rows, not an IN list of their ids (SQLite plans a long one badly).
    through: dict[str, object] = {"jobposting__market_id": market_id, "jobposting__status": JobStatus.OPEN}
    if len(ids) <= 200:  # a worker's neighbourhood: a short list is planned well
        through = {"jobposting_id__in": ids}
    occupations: dict[int, list[str]] = defaultdict(list)
    for job_id, code in JobPosting.occupations.through.objects.filter(**through).values_list(
        "jobposting_id", "occupation_id"
    ):
        occupations[job_id].append(code)
    required: dict[int, set[str]] = defaultdict(set)
    for job_id, code in JobPosting.certificates_required.through.objects.filter(**through).values_list(
        "jobposting_id", "certificatetype_id"
    ):
        required[job_id].add(code)
    own = _occupation_certificates()
    districts = _district_of({r[7] for r in rows})
    today_n = today.toordinal()
    return _Postings(
        ids=ids,
        lat=np.array([r[1] for r in rows], dtype=np.float64),
        lon=np.array([r[2] for r in rows], dtype=np.float64),
        start=np.array([max(r[3].toordinal(), today_n) for r in rows], dtype=np.int64),
        first=np.array([r[3].toordinal() for r in rows], dtype=np.int64),
        last=np.array([r[4].toordinal() for r in rows], dtype=np.int64),
        places=[r[5] - r[6] for r in rows],
        district=[districts.get(r[7], r[7]) for r in rows],
        occupations=[sorted(occupations[r[0]]) for r in rows],
        certificates=[required[r[0]] | {own[o] for o in occupations[r[0]] if own.get(o)} for r in rows],
        pay_amount=[r[8] for r in rows],
        pay_unit=[r[9] for r in rows],
    )


_snapshots: dict[int, tuple[tuple[int, int, dt.date], _Postings]] = {}
_snapshots_lock = threading.Lock()


def _market_open_postings(market_id: int, today: dt.date) -> _Postings:
    """The market's open postings, read once and kept until its jobs change: the panel is on every job
    list a worker opens, and reading them with their accepted places took most of that page's time
    (docs/benchmarks.md, issue 15). The matching index's version says when they changed, in this process
    at once and in others within about a second (its poll)."""
    key = (*matching_index.jobs_version(market_id), today)
    with _snapshots_lock:
        kept = _snapshots.get(market_id)
    if kept is not None and kept[0] == key:
        return kept[1]
    postings = _open_postings(market_id, None, today)
    with _snapshots_lock:
        _snapshots[market_id] = (key, postings)
    return postings


def _occupation_certificates() -> dict[str, str]:
    """Each occupation's own certificate, for the occupations that have one."""
    return dict(Occupation.objects.filter(certificate__isnull=False).values_list("code", "certificate_id"))


def _district_of(division_codes: Iterable[str]) -> dict[str, str]:
    """Each division's district or county (a subdistrict's parent; the division itself otherwise)."""
    rows = Division.objects.filter(code__in=list(division_codes)).values_list("code", "level", "parent_id")
    return {
        code: (parent if level == DivisionLevel.SUBDISTRICT and parent else code)
        for code, level, parent in rows
    }


@dataclass
class _Workers:
    ids: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    index: dict[int, int]


def _active_workers(market_id: int) -> _Workers:
    rows = list(
        WorkerProfile.objects.filter(
            market_id=market_id,
            user__is_active=True,
            user__erased_at__isnull=True,
            home_lat__isnull=False,
            home_lon__isnull=False,
        )
        .order_by("id")
        .values_list("id", "home_lat", "home_lon")
    )
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    return _Workers(
        ids=ids,
        lat=np.array([r[1] for r in rows], dtype=np.float64),
        lon=np.array([r[2] for r in rows], dtype=np.float64),
        index={int(w): i for i, w in enumerate(ids)},
    )


def _within(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray, km: float) -> np.ndarray:
    """points 1 x points 2: within ``km`` kilometres of each other.

    Equirectangular at each point 1's latitude (the error against the great circle is under 0.1 % at the
    tens of kilometres that matter here), in float32 and in blocks of rows: every pair of a market's
    thousands of workers and postings in a few tens of milliseconds, with no BLAS threads to contend for
    (a matrix product was ten times slower on a loaded machine)."""
    lat0, lon0 = (float(lat1[0]), float(lon1[0])) if len(lat1) else (0.0, 0.0)
    y1 = ((lat1 - lat0) * KM_PER_DEG).astype(np.float32)
    y2 = ((lat2 - lat0) * KM_PER_DEG).astype(np.float32)
    x_scale = (KM_PER_DEG * np.cos(np.radians(lat1))).astype(np.float32)
    x1 = (lon1 - lon0).astype(np.float32)
    x2 = (lon2 - lon0).astype(np.float32)
    limit = np.float32(km * km)
    out = np.empty((len(lat1), len(lat2)), dtype=bool)
    for start in range(0, len(lat1), 256):
        rows = slice(start, start + 256)
        dx = (x1[rows, None] - x2[None, :]) * x_scale[rows, None]
        dy = y1[rows, None] - y2[None, :]
        dx *= dx
        dy *= dy
        dx += dy
        np.less_equal(dx, limit, out=out[rows])
    return out


def _expiry_by_certificate(market_id: int, workers: _Workers, codes: set[str]) -> dict[str, np.ndarray]:
    """Per certificate type, each worker's latest expiry (ordinal) of a verified certificate; -1 for none."""
    out = {code: np.full(len(workers.ids), -1, dtype=np.int64) for code in codes}
    # No IN list over the codes: SQLite plans a long one badly; the market's verified rows are few.
    rows = WorkerCertificate.objects.filter(
        verified_at__isnull=False, worker__market_id=market_id
    ).values_list("worker_id", "certificate_type_id", "expires_on")
    for worker_id, code, expires in rows:
        i = workers.index.get(worker_id)
        if i is None or code not in out:
            continue
        value = NO_EXPIRY if expires is None else expires.toordinal()
        out[code][i] = max(out[code][i], value)
    return out


def _with_occupation(
    market_id: int, workers: _Workers, codes: set[str], *, intended: bool
) -> dict[str, np.ndarray]:
    """Per occupation, which workers have it as a skill (and, with ``intended``, as an intended one)."""
    out = {code: np.zeros(len(workers.ids), dtype=bool) for code in codes}
    # No IN list over the codes (a few hundred): SQLite plans it badly; the codes are checked here.
    pairs = list(
        WorkerSkill.objects.filter(worker__market_id=market_id).values_list("worker_id", "occupation_id")
    )
    if intended:
        pairs += list(
            WorkerProfile.intended_occupations.through.objects.filter(
                workerprofile__market_id=market_id
            ).values_list("workerprofile_id", "occupation_id")
        )
    for worker_id, code in pairs:
        i = workers.index.get(worker_id)
        if i is not None and code in out:
            out[code][i] = True
    return out


def _busy(market_id: int, workers: _Workers, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """postings x workers: the worker has a live engagement overlapping the posting's dates (``first`` and
    ``last``, ordinals per posting)."""
    busy = np.zeros((len(first), len(workers.ids)), dtype=bool)
    rows = Engagement.objects.filter(
        status__in=LIVE_ENGAGEMENT_STATUSES, worker__market_id=market_id
    ).values_list("worker_id", "start_date", "end_date")
    idx, starts, ends = [], [], []
    for worker_id, start, end in rows:
        i = workers.index.get(worker_id)
        if i is not None:
            idx.append(i)
            starts.append(start.toordinal())
            ends.append(end.toordinal())
    if idx and len(first):
        overlap = (np.array(starts)[:, None] <= last[None, :]) & (np.array(ends)[:, None] >= first[None, :])
        np.logical_or.at(busy.T, np.array(idx), overlap)  # through the transposed view: rows by worker
    return busy


# --- Skill gaps ------------------------------------------------------------------------------------------


def gap_rows(
    market_id: int,
    *,
    radius_km: float | None = None,
    district_code: str | None = None,
    occupation_code: str | None = None,
    scope: Q | None = None,
) -> list[GapRow]:
    """The market's skill gaps, most unmet places first (then most places). ``scope`` narrows the postings
    (a staff member's: ``accounts.access.enterprise_scope_q(user, "enterprise__")``); workers are the
    whole market's, wherever their station."""
    radius = float(radius_km if radius_km is not None else policy_for(market_id).skill_gap_radius_km)
    today = timezone.localdate()
    postings = _open_postings(market_id, scope, today)
    groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for j in range(len(postings.ids)):
        area = postings.district[j]
        if district_code and area != district_code:
            continue
        requirements = sorted(postings.certificates[j]) or [""]
        for occupation in postings.occupations[j]:
            if occupation_code and occupation != occupation_code:
                continue
            for requirement in requirements:
                groups[(occupation, requirement, area)].append(j)
    if not groups:
        return []
    workers = _active_workers(market_id)
    used = sorted({j for js in groups.values() for j in js})
    position = {j: p for p, j in enumerate(used)}
    # Posting-major (postings x workers), so a row's postings are whole rows of each matrix.
    near = _within(postings.lat[used], postings.lon[used], workers.lat, workers.lon, radius)
    free = near & ~_busy(market_id, workers, postings.first[used], postings.last[used])
    start = postings.start[used]
    certificates = {key[1] for key in groups if key[1]}
    occupations = {key[0] for key in groups}
    expiry = _expiry_by_certificate(market_id, workers, certificates)
    skilled = _with_occupation(market_id, workers, occupations, intended=False)
    interested = _with_occupation(market_id, workers, occupations, intended=True)
    names = _names(occupations, certificates, {key[2] for key in groups})
    out = []
    for (occupation, certificate, area), js in groups.items():
        rows = [position[j] for j in js]
        if certificate:
            valid = expiry[certificate][None, :] >= start[rows][:, None]
            available = int((free[rows] & valid).any(axis=0).sum())
            near_any = near[rows].any(axis=0)
            holds_near = (near[rows] & valid).any(axis=0)
            lacking = int((interested[occupation] & near_any & ~holds_near).sum())
        else:
            available = int((free[rows].any(axis=0) & skilled[occupation]).sum())
            lacking = 0
        places = sum(postings.places[j] for j in js)
        out.append(
            GapRow(
                occupation_code=occupation,
                occupation_name=names[0].get(occupation, occupation),
                kind=CERTIFICATE if certificate else SKILL,
                certificate_code=certificate,
                certificate_name=names[1].get(certificate, "") if certificate else "",
                district_code=area,
                district_name=names[2].get(area, area),
                jobs=len(js),
                places=places,
                available=available,
                lacking=lacking,
                unmet=max(0, places - available),
                job_ids=tuple(postings.ids[j] for j in js),
            )
        )
    out.sort(key=lambda r: (-r.unmet, -r.places, r.occupation_code, r.certificate_code, r.district_code))
    return out


def _names(
    occupations: set[str], certificates: set[str], districts: set[str]
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    return (
        dict(Occupation.objects.filter(code__in=occupations).values_list("code", "name")),
        dict(CertificateType.objects.filter(code__in=certificates).values_list("code", "name")),
        dict(Division.objects.filter(code__in=districts).values_list("code", "name")),
    )


# --- A worker's unlocks ----------------------------------------------------------------------------------


def unlocks_for_worker(
    worker: WorkerProfile, *, radius_km: float | None = None, limit: int = 5
) -> list[CertificateUnlock]:
    """The certificates that would unlock the most open places within ``radius_km`` (default: the market
    policy's ``skill_gap_radius_km``) of the worker's home, most places first.

    A certificate unlocks a posting when it is the only requirement the worker lacks (no verified
    certificate of the type valid on the posting's start date). Only postings of an occupation the worker
    has (a skill or an intended occupation) or of one related to it count; a worker with none of either is
    shown any occupation.
    The pay range is over the unlocked postings paid in the commonest unit among them.

    Kept per process until the market's jobs or the worker's own rows (skills, certificates, profile)
    change (issue 15: the panel is on the worker's every job list); callers only read the list."""
    if worker.home_lat is None or worker.home_lon is None:
        return []
    radius = float(radius_km if radius_km is not None else policy_for(worker.market_id).skill_gap_radius_km)
    today = timezone.localdate()
    version = matching_index.worker_version(worker.market_id, worker.pk)  # before the reads it names
    key = (worker.pk, version, worker.home_lat, worker.home_lon, radius, limit, today)
    return _unlocks.get_or_make(key, lambda: _unlocks_for(worker, radius, today, limit))


_unlocks: ProcessCache[list[CertificateUnlock]] = ProcessCache(maxsize=4096)


def _unlocks_for(worker: WorkerProfile, radius: float, today: dt.date, limit: int) -> list[CertificateUnlock]:
    postings = _market_open_postings(worker.market_id, today)
    if not postings.ids:
        return []
    near = _within(
        np.array([worker.home_lat]), np.array([worker.home_lon]), postings.lat, postings.lon, radius
    )[0]
    mine = set(WorkerSkill.objects.filter(worker=worker).values_list("occupation_id", flat=True))
    mine |= set(worker.intended_occupations.values_list("code", flat=True))
    # The engine offers a worker the postings of related occupations too (a loader driver is a candidate
    # for forklift work once certified), so those count as places the certificate unlocks.
    mine |= set(
        Occupation.related.through.objects.filter(from_occupation_id__in=mine).values_list(
            "to_occupation_id", flat=True
        )
    )
    held: dict[str, int] = {}
    for code, expires in WorkerCertificate.objects.filter(
        worker=worker, verified_at__isnull=False
    ).values_list("certificate_type_id", "expires_on"):
        held[code] = max(held.get(code, -1), NO_EXPIRY if expires is None else expires.toordinal())
    unlocked: dict[str, list[int]] = defaultdict(list)
    for j in np.flatnonzero(near).tolist():
        if mine and not mine.intersection(postings.occupations[j]):
            continue
        missing = [c for c in postings.certificates[j] if held.get(c, -1) < postings.start[j]]
        if len(missing) == 1:
            unlocked[missing[0]].append(j)
    names = dict(CertificateType.objects.filter(code__in=unlocked).values_list("code", "name"))
    out = [_unlock(code, names.get(code, code), postings, js) for code, js in unlocked.items()]
    out.sort(key=lambda u: (-u.places, -u.jobs, u.certificate_code))
    return out[:limit]


def _unlock(code: str, name: str, postings: _Postings, js: list[int]) -> CertificateUnlock:
    paid = [
        j for j in js if postings.pay_amount[j] is not None and postings.pay_unit[j] != PayUnit.NEGOTIABLE
    ]
    unit = Counter(postings.pay_unit[j] for j in paid).most_common(1)
    pay_unit = unit[0][0] if unit else PayUnit.NEGOTIABLE
    amounts = [Decimal(postings.pay_amount[j]) for j in paid if postings.pay_unit[j] == pay_unit]  # type: ignore[arg-type]
    return CertificateUnlock(
        certificate_code=code,
        certificate_name=name,
        places=sum(postings.places[j] for j in js),
        jobs=len(js),
        pay_min=min(amounts) if amounts else None,
        pay_max=max(amounts) if amounts else None,
        pay_unit=str(pay_unit),
        job_ids=tuple(postings.ids[j] for j in js),
    )


# --- For staff -------------------------------------------------------------------------------------------


def gaps_for_staff(user: Any, *, district_code: str = "", occupation_code: str = "") -> list[GapRow]:
    """The gaps of the postings in the staff member's scope (market admin: the market; centre and station
    staff: the postings of the employers of their centre or station, ``enterprise_scope_q``). A district
    outside the market or an unknown occupation is 404, as anything outside a staff member's scope is."""
    require_staff(user)
    market_id = market_id_of(user)
    if district_code and not market_districts(market_id).filter(code=district_code).exists():
        raise NotFoundError(_("本市场没有该区县。"), errors={"district": [_("请选择本市的区县")]})
    if occupation_code and not Occupation.objects.filter(code=occupation_code).exists():
        raise NotFoundError(_("没有该工种。"), errors={"occupation": [_("请选择列表中的工种")]})
    return gap_rows(
        market_id,
        district_code=district_code or None,
        occupation_code=occupation_code or None,
        scope=enterprise_scope_q(user, "enterprise__"),
    )


def market_districts(market_id: int) -> QuerySet[Division]:
    city_code = Market.objects.filter(pk=market_id).values_list("city_code", flat=True).first()
    return districts(city_code or "")
