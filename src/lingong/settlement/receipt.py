"""Payment receipt (收款凭证) PDF for labour remuneration, with the tax calculation; a pure function.

Money is Decimal throughout and shown as "1,234.56 元" plus the amount in Chinese capitals (大写).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from lingong.core.money import to_money
from lingong.core.pdf import PdfDocument, format_datetime_cn, format_yuan

TITLE = "收款凭证"
_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("仟", "佰", "拾", "")
_GROUP_UNITS = ("", "万", "亿", "万亿")


@dataclass(frozen=True)
class PaymentReceipt:
    receipt_no: str
    payer_name: str
    payer_id_label: str  # e.g. "统一社会信用代码"
    payer_id: str
    payee_name: str
    payee_id_number: str  # masked (first 3 and last 4): the full number goes only into the payroll export
    purpose: str
    period_text: str
    gross: Decimal
    tax: Decimal
    net: Decimal
    paid_at: datetime.datetime  # aware
    method_label: str
    tax_lines: tuple[tuple[str, str], ...]  # (label, value) lines showing the tax calculation


def _four_digits(n: int) -> str:
    """0 < n < 10000 in capitals, with inner zeros: 1001 → 壹仟零壹, 1010 → 壹仟零壹拾."""
    out = ""
    pending_zero = False
    for digit, unit in zip(f"{n:04d}", _SMALL_UNITS, strict=True):
        d = int(digit)
        if d == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out += "零"
            pending_zero = False
        out += _DIGITS[d] + unit
    return out


def yuan_in_words(value: Decimal) -> str:
    """Decimal("1234.56") → "人民币壹仟贰佰叁拾肆元伍角陆分" (rounded to the fen)."""
    amount = to_money(value)
    sign = "负" if amount < 0 else ""
    fen_total = int(abs(amount) * 100)
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    if fen_total == 0:
        return "人民币零元整"
    integer = ""
    if yuan:
        groups = []
        n = yuan
        while n:
            n, g = divmod(n, 10000)
            groups.append(g)
        need_zero = False
        for index in range(len(groups) - 1, -1, -1):
            g = groups[index]
            if g == 0:
                need_zero = bool(integer)
                continue
            if integer and (need_zero or g < 1000):
                integer += "零"
            integer += _four_digits(g) + _GROUP_UNITS[index]
            need_zero = False
        integer += "元"
    if not jiao and not fen:
        return f"人民币{sign}{integer}整"
    fraction = ""
    if jiao:
        fraction += _DIGITS[jiao] + "角"
    elif yuan:
        fraction += "零"
    if fen:
        fraction += _DIGITS[fen] + "分"
    return f"人民币{sign}{integer}{fraction}"


def render_payment_receipt(r: PaymentReceipt) -> bytes:
    for name in ("gross", "tax", "net"):
        if not isinstance(getattr(r, name), Decimal):
            raise TypeError(f"{name} must be a Decimal")
    if r.paid_at.tzinfo is None:
        raise ValueError("paid_at must be timezone-aware")
    if to_money(r.gross) - to_money(r.tax) != to_money(r.net):
        raise ValueError("net must equal gross minus tax")
    doc = PdfDocument(
        title=f"{TITLE} {r.receipt_no}",
        created_at=r.paid_at,
        subject=TITLE,
        footer_text=f"凭证编号 {r.receipt_no}",
    )
    doc.title(TITLE)
    doc.subtitle(f"凭证编号：{r.receipt_no}　　支付时间：{format_datetime_cn(r.paid_at)}")
    doc.heading("收付款双方")
    doc.key_value_table(
        [
            ("付款方", r.payer_name),
            (r.payer_id_label, r.payer_id),
            ("收款人", r.payee_name),
            ("收款人身份证号码", r.payee_id_number),
        ]
    )
    doc.heading("款项")
    doc.key_value_table(
        [
            ("款项用途", r.purpose),
            ("所属期间", r.period_text),
            ("应付金额（税前）", format_yuan(r.gross)),
            ("代扣个人所得税", format_yuan(r.tax)),
            ("实付金额", format_yuan(r.net)),
            ("实付金额（大写）", yuan_in_words(r.net)),
            ("支付方式", r.method_label),
            ("支付时间", format_datetime_cn(r.paid_at)),
        ]
    )
    if r.tax_lines:
        doc.heading("个人所得税计算明细")
        doc.key_value_table(list(r.tax_lines), label_width=60)
    doc.paragraph(
        "本凭证由零工市场平台根据支付记录生成；收款人身份证号码已脱敏显示，付款方扣缴申报所需的完整号码仅在工资表中向其"
        "授权人员提供。代扣的个人所得税由付款方依法向税务机关申报缴纳，收款人可通过个人所得税 App 查询。",
        size=9.5,
        muted=True,
    )
    return doc.output()
