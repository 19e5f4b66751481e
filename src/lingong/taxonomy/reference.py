"""Load the occupation taxonomy from data/occupations.json (idempotent, versioned)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import transaction

TAXONOMY_FILE = Path(__file__).resolve().parent.parent / "data" / "occupations.json"


@lru_cache(maxsize=1)
def load_taxonomy_file() -> dict[str, Any]:
    with TAXONOMY_FILE.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def _certificate_fields(cert: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": cert["name"],
        "kind": cert.get("kind", ""),
        "validity_years": cert.get("validity_years"),
        "review_years": cert.get("review_years"),
        "issuer_hint": cert.get("issuer_hint", ""),
    }


def _industry_fields(ind: dict[str, Any], order: int) -> dict[str, Any]:
    return {
        "name": ind["name"],
        "gbt_section": ind.get("gbt_section") or "",
        "order": order,
        "insurance_default": bool(ind.get("insurance_default")),
    }


def _occupation_fields(occ: dict[str, Any], industry: str, order: int) -> dict[str, Any]:
    pay = occ.get("typical_pay") or [0, 0]
    return {
        "name": occ["name"],
        "industry_id": industry,
        "noc_code": occ.get("noc_code") or "",
        "synonyms": occ.get("synonyms") or [],
        "certificate_id": occ.get("certificate"),
        "insurance_default": bool(occ.get("insurance_default")),
        "default_pay_unit": occ.get("default_pay_unit") or "day",
        "typical_pay_min": int(pay[0]),
        "typical_pay_max": int(pay[1]),
        "order": order,
    }


def _related(data: dict[str, Any]) -> dict[str, list[str]]:
    """Each occupation's related codes, in file order."""
    return {occ["code"]: occ.get("related") or [] for ind in data["industries"] for occ in ind["occupations"]}


@transaction.atomic
def sync_taxonomy() -> int:
    # Imported when called: migrations call these with historical models (the concrete ones are a default).
    from lingong.taxonomy.models import CertificateType, Industry, Occupation, TaxonomyVersion

    data = load_taxonomy_file()
    if not (CertificateType.objects.exists() or Industry.objects.exists() or Occupation.objects.exists()):
        return _create_taxonomy(data)
    for cert in data["certificates"]:
        CertificateType.objects.update_or_create(code=cert["code"], defaults=_certificate_fields(cert))
    for i, ind in enumerate(data["industries"]):
        Industry.objects.update_or_create(code=ind["code"], defaults=_industry_fields(ind, i))
        for j, occ in enumerate(ind["occupations"]):
            Occupation.objects.update_or_create(
                code=occ["code"], defaults=_occupation_fields(occ, ind["code"], j)
            )
    related = _related(data)
    for code, others in related.items():
        Occupation.objects.get(code=code).related.set(Occupation.objects.filter(code__in=others))
    TaxonomyVersion.objects.update_or_create(id=1, defaults={"version": data["version"]})
    return len(related)


def _create_taxonomy(data: dict[str, Any]) -> int:
    """Into empty tables (a new install, or a test's flush, which reloads them after every transactional
    test): a few bulk inserts instead of thousands of single-row upserts, the same rows."""
    from lingong.taxonomy.models import CertificateType, Industry, Occupation, TaxonomyVersion

    industries = data["industries"]
    CertificateType.objects.bulk_create(
        CertificateType(code=cert["code"], **_certificate_fields(cert)) for cert in data["certificates"]
    )
    Industry.objects.bulk_create(
        Industry(code=ind["code"], **_industry_fields(ind, i)) for i, ind in enumerate(industries)
    )
    Occupation.objects.bulk_create(
        Occupation(code=occ["code"], **_occupation_fields(occ, ind["code"], j))
        for ind in industries
        for j, occ in enumerate(ind["occupations"])
    )
    related = _related(data)
    # The upserts' related.set() calls run in file order, and each replaces the pairs of its occupation
    # (the relation is symmetrical): a pair stands when the later of its two occupations lists the earlier.
    position = {code: n for n, code in enumerate(related)}
    pairs = {
        frozenset((code, other))
        for code, others in related.items()
        for other in others
        if other in position and other != code and position[other] < position[code]
    }
    through = Occupation.related.through
    through.objects.bulk_create(
        through(from_occupation_id=a, to_occupation_id=b)
        for pair in pairs
        for a, b in (tuple(pair), tuple(pair)[::-1])
    )
    TaxonomyVersion.objects.update_or_create(id=1, defaults={"version": data["version"]})
    return len(related)


def sync_taxonomy_after_migrate(sender: Any, **kwargs: Any) -> None:
    # Imported when called: migrations call these with historical models (the concrete ones are a default).
    from lingong.taxonomy.models import TaxonomyVersion

    current = TaxonomyVersion.objects.filter(id=1).values_list("version", flat=True).first()
    if current != load_taxonomy_file()["version"]:
        sync_taxonomy()
