"""The figures on a statement: earnings lines, the tax calculation as shown, the receipt-or-invoice note.

Pure functions over Decimals (no database), so every figure a worker sees can be checked by hand and in tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from lingong.core.money import format_amount, format_yuan_text, to_money
from lingong.engagements.earnings import Earnings
from lingong.settlement.tax import DEDUCTION_THRESHOLD, FIXED_DEDUCTION, withholding_for_next_payment

# The statement's names for the shared money helpers: "4001" -> 4001.00, "4,001.00 元", "4,001.00".
money = to_money
yuan = format_yuan_text
plain = format_amount


def lines_json(earnings: Earnings) -> list[dict[str, Any]]:
    """Earnings lines as stored on the statement (Decimals as strings, dates ISO)."""
    return [
        {
            "date": line.date.isoformat() if line.date else None,
            "description": line.description,
            "quantity": f"{line.quantity.normalize():f}",
            "unit_label": line.unit_label,
            "unit_price": str(money(line.unit_price)),
            "amount": str(money(line.amount)),
        }
        for line in earnings.lines
    ]


@dataclass(frozen=True)
class TaxFigures:
    tax: Decimal  # withheld on this statement
    net: Decimal
    calc: dict[str, Any]  # stored as Statement.tax_calc


def tax_for_statement(
    *, gross: Decimal, earlier_gross: Decimal, earlier_tax: Decimal, payment_month: str, kind_label: str
) -> TaxFigures:
    """Tax on this statement when earlier statements of the same "one payment" (same payer, worker, kind of
    service and month) came to ``earlier_gross`` with ``earlier_tax`` withheld: the tax on the month's total
    minus what was already withheld (never the 800 deduction again per statement)."""
    gross, earlier_gross, earlier_tax = money(gross), money(earlier_gross), money(earlier_tax)
    total, tax = withholding_for_next_payment(
        already_paid=earlier_gross, already_withheld=earlier_tax, amount=gross
    )
    tax = money(tax)
    net = gross - tax
    rate_pct = f"{(total.rate * 100).quantize(Decimal('1'))}%"
    if total.amount <= DEDUCTION_THRESHOLD:
        taxable_text = _("%(amount)s − %(deduction)s = %(taxable)s（收入不超过4,000元，减除费用800元）") % {
            "amount": plain(total.amount),
            "deduction": plain(FIXED_DEDUCTION),
            "taxable": plain(total.taxable),
        }
    else:
        taxable_text = _("%(amount)s × 80%% = %(taxable)s（收入超过4,000元，减除20%%费用）") % {
            "amount": plain(total.amount),
            "taxable": plain(total.taxable),
        }
    shown: list[list[str]] = [[_("本次应发金额（税前）"), yuan(gross)]]
    if earlier_gross > 0:
        shown += [
            [
                _("本月（%(month)s）同一单位、同一劳务项目（%(kind)s）已结算")
                % {"month": payment_month, "kind": kind_label},
                yuan(earlier_gross),
            ],
            [_("合并为一次劳务报酬收入"), yuan(total.amount)],
        ]
    shown += [
        [_("应纳税所得额"), taxable_text],
        [_("预扣率 / 速算扣除数"), f"{rate_pct} / {plain(total.quick_deduction)}"],
        [
            _("应预扣税额") if earlier_gross == 0 else _("合并后应预扣税额"),
            f"{plain(total.taxable)} × {rate_pct} − {plain(total.quick_deduction)} = {plain(total.tax)}",
        ],
    ]
    if earlier_gross > 0:
        shown.append([_("减：本月已预扣税额"), yuan(earlier_tax)])
    shown += [
        [_("本次代扣个人所得税"), yuan(tax)],
        [_("本次实发金额"), f"{plain(gross)} − {plain(tax)} = {yuan(net)}"],
    ]
    calc = {
        "basis": _("劳务报酬所得预扣预缴（国家税务总局公告2018年第61号）；同一项目一个月内的收入合并为一次"),
        "payment_month": payment_month,
        "kind_of_service": kind_label,
        "gross": str(gross),
        "earlier_gross": str(earlier_gross),
        "earlier_tax": str(earlier_tax),
        "total_gross": str(total.amount),
        "taxable": str(total.taxable),
        "rate": str(total.rate),
        "quick_deduction": str(total.quick_deduction),
        "total_tax": str(total.tax),
        "tax": str(tax),
        "net": str(net),
        "lines": shown,
    }
    return TaxFigures(tax=tax, net=net, calc=calc)


@dataclass(frozen=True)
class InvoiceNote:
    needs_invoice: bool
    per_day: Decimal
    note: str


def invoice_note(*, gross: Decimal, days: int, threshold: Decimal) -> InvoiceNote:
    """Below the VAT starting point per day a payment receipt (收款凭证: payee name, ID number, purpose and
    amount) serves as the payer's voucher; at or above it the worker needs an issued invoice (代开发票)."""
    per_day = money(gross / Decimal(max(days, 1)))
    if per_day >= threshold:
        return InvoiceNote(
            True,
            per_day,
            _(
                "日均收入 %(per_day)s 达到增值税起征点（每日 %(threshold)s），"
                "需由劳动者向税务机关申请代开发票，收款凭证不能替代发票。"
            )
            % {"per_day": yuan(per_day), "threshold": yuan(threshold)},
        )
    return InvoiceNote(
        False,
        per_day,
        _("日均收入 %(per_day)s 未达增值税起征点（每日 %(threshold)s），以收款凭证作为支付凭证。")
        % {"per_day": yuan(per_day), "threshold": yuan(threshold)},
    )


def scheduled_days_per_month(dates: Sequence[Any]) -> dict[tuple[int, int], int]:
    out: dict[tuple[int, int], int] = {}
    for day in dates:
        out[(day.year, day.month)] = out.get((day.year, day.month), 0) + 1
    return out
