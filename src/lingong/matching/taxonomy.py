"""The occupation taxonomy as arrays: occupation and certificate codes, the related-occupation graph (CSR)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from lingong.matching.config import PayUnit
from lingong.matching.errors import UnknownOccupationError

OCCUPATIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "occupations.json"


def _csr(lists: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    ptr = np.zeros(len(lists) + 1, dtype=np.int64)
    ptr[1:] = np.cumsum([len(x) for x in lists])
    idx = np.array([v for x in lists for v in x], dtype=np.int32)
    return ptr, idx


@dataclass(frozen=True, eq=False)
class Taxonomy:
    """Occupations are referred to by their position in `codes` everywhere in the engine."""

    version: str
    codes: tuple[str, ...]
    names: tuple[str, ...]
    synonyms: tuple[tuple[str, ...], ...]
    cert_codes: tuple[str, ...]
    cert_names: tuple[str, ...]
    occupation_cert: np.ndarray  # int16 per occupation: certificate index or -1
    pay_unit: np.ndarray  # int8 PayUnit per occupation
    typical_pay: np.ndarray  # float64 (n, 2)
    related_ptr: np.ndarray  # CSR: occupations a worker may hold to qualify for a job of occupation o
    related_idx: np.ndarray
    related_to_ptr: np.ndarray  # inverse CSR: job occupations for which o counts as related
    related_to_idx: np.ndarray

    @classmethod
    def from_lists(
        cls,
        codes: list[str],
        related: list[list[int]],
        names: list[str] | None = None,
        occupation_cert: list[int] | None = None,
        cert_codes: list[str] | None = None,
        version: str = "custom",
    ) -> Taxonomy:
        """Build from plain lists (tests and adapters); related[o] lists occupation indexes."""
        n = len(codes)
        inverse: list[list[int]] = [[] for _ in range(n)]
        for o, rel in enumerate(related):
            for r in rel:
                inverse[r].append(o)
        ptr, idx = _csr(related)
        iptr, iidx = _csr(inverse)
        certs = cert_codes or []
        return cls(
            version=version,
            codes=tuple(codes),
            names=tuple(names or codes),
            synonyms=tuple(() for _ in codes),
            cert_codes=tuple(certs),
            cert_names=tuple(certs),
            occupation_cert=np.array(occupation_cert or [-1] * n, dtype=np.int16),
            pay_unit=np.full(n, PayUnit.DAY, dtype=np.int8),
            typical_pay=np.zeros((n, 2)),
            related_ptr=ptr,
            related_idx=idx,
            related_to_ptr=iptr,
            related_to_idx=iidx,
        )

    @property
    def n_occupations(self) -> int:
        return len(self.codes)

    def index_of(self, code: str) -> int:
        try:
            return self._code_index()[code]
        except KeyError:
            raise UnknownOccupationError(f"unknown occupation {code!r}") from None

    def cert_index_of(self, code: str) -> int:
        try:
            return self.cert_codes.index(code)
        except ValueError:
            raise UnknownOccupationError(f"unknown certificate {code!r}") from None

    def check(self, occupation: int) -> None:
        if not 0 <= occupation < len(self.codes):
            raise UnknownOccupationError(f"occupation index {occupation} not in taxonomy {self.version}")

    def related(self, occupation: int) -> np.ndarray:
        self.check(occupation)
        return self.related_idx[self.related_ptr[occupation] : self.related_ptr[occupation + 1]]

    def related_to(self, occupation: int) -> np.ndarray:
        self.check(occupation)
        return self.related_to_idx[self.related_to_ptr[occupation] : self.related_to_ptr[occupation + 1]]

    def required_certs(self, occupation: int) -> tuple[int, ...]:
        """Certificates the taxonomy says gate dispatch for this occupation (DOMAIN-RULES)."""
        self.check(occupation)
        cert = int(self.occupation_cert[occupation])
        return () if cert < 0 else (cert,)

    def _code_index(self) -> dict[str, int]:
        cache: dict[str, int] | None = self.__dict__.get("_index_cache")
        if cache is None:
            cache = {c: i for i, c in enumerate(self.codes)}
            object.__setattr__(self, "_index_cache", cache)
        return cache


def _from_json(data: dict[str, Any]) -> Taxonomy:
    occs = [o for ind in data["industries"] for o in ind["occupations"]]
    codes = [o["code"] for o in occs]
    pos = {c: i for i, c in enumerate(codes)}
    cert_codes = [c["code"] for c in data["certificates"]]
    cpos = {c: i for i, c in enumerate(cert_codes)}
    base = Taxonomy.from_lists(
        codes,
        [[pos[r] for r in o.get("related") or [] if r in pos] for o in occs],
        names=[o["name"] for o in occs],
        occupation_cert=[cpos.get(o.get("certificate") or "", -1) for o in occs],
        cert_codes=cert_codes,
        version=str(data.get("version", "")),
    )
    pay = np.array([(o.get("typical_pay") or [0, 0]) for o in occs], dtype=np.float64)
    units = np.array([PayUnit.from_code(o.get("default_pay_unit") or "day") for o in occs], dtype=np.int8)
    return Taxonomy(
        version=base.version,
        codes=base.codes,
        names=base.names,
        synonyms=tuple(tuple(o.get("synonyms") or ()) for o in occs),
        cert_codes=base.cert_codes,
        cert_names=tuple(c["name"] for c in data["certificates"]),
        occupation_cert=base.occupation_cert,
        pay_unit=units,
        typical_pay=pay,
        related_ptr=base.related_ptr,
        related_idx=base.related_idx,
        related_to_ptr=base.related_to_ptr,
        related_to_idx=base.related_to_idx,
    )


@lru_cache(maxsize=1)
def load_taxonomy(path: str | None = None) -> Taxonomy:
    """The taxonomy from data/occupations.json (read from the file, never from the database)."""
    with Path(path or OCCUPATIONS_FILE).open(encoding="utf-8") as fh:
        return _from_json(json.load(fh))
