"""Payment receipt PDF and the amount in Chinese capitals (no database needed)."""

from __future__ import annotations

import dataclasses
import datetime
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from lingong.core.tests.test_pdf import extract_text
from lingong.settlement.receipt import PaymentReceipt, render_payment_receipt, yuan_in_words
from lingong.settlement.tax import labour_remuneration_tax

SH = ZoneInfo("Asia/Shanghai")


def make_receipt(**overrides: object) -> PaymentReceipt:
    tax = labour_remuneration_tax(Decimal("5000.00"))
    receipt = PaymentReceipt(
        receipt_no="LG-SK-2026-000042",
        payer_name="唐山市路南区宏达建筑劳务有限公司",
        payer_id_label="统一社会信用代码",
        payer_id="91130202MA0******X",
        payee_name="张建国",
        payee_id_number="130202********1234",
        purpose="钢筋绑扎劳务报酬",
        period_text="2026年03月06日至2026年03月20日",
        gross=tax.amount,
        tax=tax.tax,
        net=tax.net,
        paid_at=datetime.datetime(2026, 3, 21, 10, 15, tzinfo=SH),
        method_label="银行转账（平台代付）",
        tax_lines=(
            ("所得项目", "劳务报酬所得"),
            ("计算过程", tax.explanation()),
        ),
    )
    return dataclasses.replace(receipt, **overrides)  # type: ignore[arg-type]


def test_receipt_content() -> None:
    receipt = make_receipt()
    assert receipt.tax == Decimal("800.00")
    text = re.sub(r"\s+", "", extract_text(render_payment_receipt(receipt)))
    for expected in (
        "收款凭证",
        "LG-SK-2026-000042",
        "唐山市路南区宏达建筑劳务有限公司",
        "91130202MA0******X",
        "张建国",
        "130202********1234",
        "钢筋绑扎劳务报酬",
        "5,000.00元",
        "800.00元",
        "4,200.00元",
        "人民币肆仟贰佰元整",
        "2026年03月21日10:15",
        "银行转账（平台代付）",
        "个人所得税计算明细",
        "劳务报酬所得",
        "5000.00×80%=4000.00",
        "4000.00×20%−0.00=800.00",
    ):
        assert expected in text, expected


def test_receipt_is_deterministic() -> None:
    assert render_payment_receipt(make_receipt()) == render_payment_receipt(make_receipt())


def test_receipt_refuses_inconsistent_or_float_amounts() -> None:
    with pytest.raises(ValueError):
        render_payment_receipt(make_receipt(net=Decimal("4199.99")))
    with pytest.raises(TypeError):
        render_payment_receipt(make_receipt(gross=5000.0))
    with pytest.raises(ValueError):
        render_payment_receipt(make_receipt(paid_at=datetime.datetime(2026, 3, 21, 10, 15)))


def test_rare_payee_name_does_not_crash() -> None:
    data = render_payment_receipt(make_receipt(payee_name="王𠮷", tax_lines=()))
    assert "王" in extract_text(data)


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "人民币零元整"),
        ("0.05", "人民币伍分"),
        ("0.50", "人民币伍角"),
        ("1", "人民币壹元整"),
        ("10", "人民币壹拾元整"),
        ("10.05", "人民币壹拾元零伍分"),
        ("105", "人民币壹佰零伍元整"),
        ("1010", "人民币壹仟零壹拾元整"),
        ("1234.56", "人民币壹仟贰佰叁拾肆元伍角陆分"),
        ("4200", "人民币肆仟贰佰元整"),
        ("10005", "人民币壹万零伍元整"),
        ("100000.50", "人民币壹拾万元伍角"),
        ("1000000", "人民币壹佰万元整"),
        ("1001000", "人民币壹佰万壹仟元整"),
        ("100000005", "人民币壹亿零伍元整"),
        ("120000300", "人民币壹亿贰仟万零叁佰元整"),
    ],
)
def test_yuan_in_words(amount: str, words: str) -> None:
    assert yuan_in_words(Decimal(amount)) == words
