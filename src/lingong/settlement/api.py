from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from lingong.core.errors import InvalidInput
from lingong.core.schemas import ERRORS
from lingong.settlement.tax import TaxInputError, labour_remuneration_tax

router = Router(tags=["薪税结算"])


class TaxOut(Schema):
    amount: str
    taxable: str
    rate: str
    quick_deduction: str
    tax: str
    net: str
    explanation: str


@router.get(
    "/labour-remuneration",
    response={200: TaxOut, **ERRORS},
    summary="劳务报酬预扣个人所得税计算（公开，无需登录）",
)
def labour_remuneration(request: HttpRequest, amount: str = Query(..., max_length=20)) -> dict[str, Any]:
    try:
        value = Decimal(amount.strip())
        result = labour_remuneration_tax(value)
    except (InvalidOperation, TaxInputError) as exc:
        raise InvalidInput(
            "请输入不小于0、最多两位小数的金额（元）", errors={"amount": ["金额格式不正确"]}
        ) from exc
    return {
        "amount": str(result.amount),
        "taxable": str(result.taxable),
        "rate": str(result.rate),
        "quick_deduction": str(result.quick_deduction),
        "tax": str(result.tax),
        "net": str(result.net),
        "explanation": result.explanation(),
    }
