"""Individual income tax withheld on labour remuneration (劳务报酬所得), resident individuals.

Basis: 国家税务总局公告2018年第61号 (prepayment by the withholding agent) and 个人所得税法实施条例 art. 14
("one payment": a one-off job is one payment; continuing pay for the same project within one month is summed
into one payment per payer, worker, kind of service and month — never apply the 800 deduction per day).

    payment <= 4,000:  taxable = max(payment - 800, 0)
    payment  > 4,000:  taxable = payment x 80%
    tax = taxable x rate - quick deduction, rounded to the fen, where
        taxable <= 20,000           20%      0
        20,000 < taxable <= 50,000  30%  2,000
        taxable > 50,000            40%  7,000
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
DEDUCTION_THRESHOLD = Decimal("4000")
FIXED_DEDUCTION = Decimal("800")
PROPORTIONAL_SHARE = Decimal("0.80")
# (upper bound of taxable income, rate, quick deduction); None = no upper bound.
PREPAYMENT_TABLE: tuple[tuple[Decimal | None, Decimal, Decimal], ...] = (
    (Decimal("20000"), Decimal("0.20"), Decimal("0")),
    (Decimal("50000"), Decimal("0.30"), Decimal("2000")),
    (None, Decimal("0.40"), Decimal("7000")),
)
MAX_PAYMENT = Decimal("100000000")


class TaxInputError(ValueError):
    """The amount is not a payable sum of money."""


@dataclass(frozen=True)
class LabourRemunerationTax:
    amount: Decimal
    taxable: Decimal
    rate: Decimal
    quick_deduction: Decimal
    tax: Decimal
    net: Decimal

    def explanation(self) -> str:
        """The calculation as a worker reads it on a statement."""
        if self.amount <= DEDUCTION_THRESHOLD:
            base = f"应纳税所得额 = {self.amount} − 800 = {self.taxable}（不足 0 按 0 计）"
        else:
            base = f"应纳税所得额 = {self.amount} × 80% = {self.taxable}"
        rate_pct = (self.rate * 100).quantize(Decimal("1"))
        return (
            f"{base}；预扣税额 = {self.taxable} × {rate_pct}% − {self.quick_deduction} = {self.tax}；"
            f"实发 = {self.amount} − {self.tax} = {self.net}"
        )


def _money(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def _bracket(taxable: Decimal) -> tuple[Decimal, Decimal]:
    """Rate and quick deduction of the prepayment bracket that holds ``taxable``."""
    return next((rate, quick) for upper, rate, quick in PREPAYMENT_TABLE if upper is None or taxable <= upper)


def labour_remuneration_tax(amount: Decimal) -> LabourRemunerationTax:
    """Tax withheld on one payment of labour remuneration."""
    if not isinstance(amount, Decimal):
        raise TaxInputError("amount must be a Decimal")
    if not amount.is_finite() or amount < 0:
        raise TaxInputError("amount must be a finite, non-negative sum")
    if amount > MAX_PAYMENT:
        raise TaxInputError("amount is beyond any single labour payment")
    if amount != _money(amount):
        raise TaxInputError("amount has more than two decimal places")
    if amount <= DEDUCTION_THRESHOLD:
        taxable = max(amount - FIXED_DEDUCTION, Decimal("0"))
    else:
        taxable = amount * PROPORTIONAL_SHARE
    taxable = _money(taxable)
    rate, quick = _bracket(taxable)
    tax = max(_money(taxable * rate - quick), Decimal("0.00"))
    return LabourRemunerationTax(
        amount=_money(amount),
        taxable=taxable,
        rate=rate,
        quick_deduction=_money(quick),
        tax=tax,
        net=_money(amount - tax),
    )


def withholding_for_next_payment(
    *, already_paid: Decimal, already_withheld: Decimal, amount: Decimal
) -> tuple[LabourRemunerationTax, Decimal]:
    """Tax to withhold now on ``amount`` when earlier payments this month from the same payer to the same
    worker for the same kind of service (个人所得税法实施条例 art. 14: "one payment") totalled
    ``already_paid`` with ``already_withheld`` tax: the month is taxed as one payment, so this payment carries
    the tax on the new total minus what was already withheld (never the 800 deduction again per day).

    Returns the calculation on the month's total and the tax to withhold on this payment.
    """
    if already_paid < 0 or already_withheld < 0:
        raise TaxInputError("earlier totals cannot be negative")
    total = labour_remuneration_tax(_money(already_paid + amount))
    labour_remuneration_tax(amount)  # validates the amount itself
    return total, max(total.tax - already_withheld, Decimal("0.00"))
