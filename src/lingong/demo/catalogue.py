"""The occupations the demo draws from: grouped by industry, most common first, with Zipf pickers."""

from __future__ import annotations

import random
from dataclasses import dataclass

from lingong.demo.common import Picker, picker, zipf_weights
from lingong.taxonomy.models import Occupation

# Share of jobs, employers and workers' main trade by industry (source: the report's mix of needs).
INDUSTRY_SHARE = {
    "construction": 0.20,
    "decoration": 0.12,
    "manufacturing": 0.12,
    "logistics": 0.12,
    "catering": 0.12,
    "housekeeping": 0.12,
    "retail": 0.03,
    "hospitality": 0.025,
    "security_property": 0.025,
    "sanitation_landscaping": 0.025,
    "repair": 0.02,
    "education_sports": 0.015,
    "office_admin": 0.015,
    "auto_service": 0.01,
    "agriculture": 0.01,
    "ecommerce_media": 0.01,
    "events": 0.01,
    "medical_assist": 0.01,
    "personal_services": 0.01,
}
HOUSEHOLD_INDUSTRY_SHARE = {
    "housekeeping": 0.55,
    "decoration": 0.2,
    "repair": 0.1,
    "education_sports": 0.1,
    "medical_assist": 0.05,
}


@dataclass(frozen=True)
class Occ:
    code: str
    name: str
    industry: str
    certificate: str | None
    cert_kind: str
    cert_years: int
    insurance: bool
    unit: str
    low: int
    high: int
    related: tuple[str, ...]


class Catalogue:
    """Occupations grouped by industry, most common first, with Zipf pickers."""

    def __init__(self) -> None:
        related: dict[str, list[str]] = {}
        through = Occupation.related.through.objects.order_by("from_occupation_id", "to_occupation_id")
        for src, dst in through.values_list("from_occupation_id", "to_occupation_id"):
            related.setdefault(src, []).append(dst)
        rows = Occupation.objects.select_related("certificate").order_by("industry__order", "order", "code")
        self.by_code: dict[str, Occ] = {}
        self.by_industry: dict[str, list[Occ]] = {}
        for o in rows:
            cert = o.certificate
            occ = Occ(
                code=o.code,
                name=o.name,
                industry=o.industry_id,
                certificate=cert.code if cert else None,
                cert_kind=cert.kind if cert else "",
                cert_years=(cert.validity_years or 6) if cert else 0,
                insurance=o.insurance_default,
                unit=o.default_pay_unit,
                low=o.typical_pay_min,
                high=o.typical_pay_max,
                related=tuple(related.get(o.code, ())),
            )
            self.by_code[occ.code] = occ
            self.by_industry.setdefault(occ.industry, []).append(occ)
        self.occ_pickers = {
            ind: Picker(occs, zipf_weights(len(occs))) for ind, occs in self.by_industry.items()
        }
        shares = {ind: w for ind, w in INDUSTRY_SHARE.items() if ind in self.by_industry}
        for ind in self.by_industry:
            shares.setdefault(ind, 0.005)
        self.industry_picker = picker(shares)
        self.household_picker = picker({k: v for k, v in HOUSEHOLD_INDUSTRY_SHARE.items() if k in shares})

    def occupation(self, rng: random.Random, industry: str) -> Occ:
        result: Occ = self.occ_pickers[industry].pick(rng)
        return result

    def industry(self, rng: random.Random) -> str:
        result: str = self.industry_picker.pick(rng)
        return result
