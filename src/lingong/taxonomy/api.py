from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from lingong.taxonomy.models import CertificateType, Industry

router = Router(tags=["职业分类"])


class OccupationOut(Schema):
    code: str
    name: str
    noc_code: str
    synonyms: list[str]
    related: list[str]
    certificate: str | None
    insurance_default: bool
    default_pay_unit: str


class IndustryOut(Schema):
    code: str
    name: str
    gbt_section: str = Field(
        description="《国民经济行业分类》（GB/T 4754-2017）门类字母，其他行业为空；"
        "没有职业的行业（如金融业）只供用工单位登记所属行业"
    )
    occupations: list[OccupationOut]


class CertificateTypeOut(Schema):
    code: str
    name: str
    kind: str
    validity_years: int | None
    review_years: int | None


@router.get("/industries", response=list[IndustryOut], summary="行业与职业（含俗称与国家职业分类代码）")
def industries(request: HttpRequest) -> list[dict[str, Any]]:
    result = []
    for industry in Industry.objects.prefetch_related("occupations__related"):
        result.append(
            {
                "code": industry.code,
                "name": industry.name,
                "gbt_section": industry.gbt_section,
                "occupations": [
                    {
                        "code": o.code,
                        "name": o.name,
                        "noc_code": o.noc_code,
                        "synonyms": o.synonyms,
                        "related": [r.code for r in o.related.all()],
                        "certificate": o.certificate_id,
                        "insurance_default": o.insurance_default,
                        "default_pay_unit": o.default_pay_unit,
                    }
                    for o in industry.occupations.all()
                ],
            }
        )
    return result


@router.get("/certificates", response=list[CertificateTypeOut], summary="证书类型")
def certificates(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "code": c.code,
            "name": c.name,
            "kind": c.kind,
            "validity_years": c.validity_years,
            "review_years": c.review_years,
        }
        for c in CertificateType.objects.all()
    ]
