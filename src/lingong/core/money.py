"""Money is Decimal, quantised to the fen."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


def to_money(value: Decimal | int | str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("Money must never be a float.")
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def format_yuan(value: Decimal | None) -> str:
    if value is None:
        return "—"
    q = to_money(value)
    return f"{q.normalize():f}" if q == q.to_integral() else f"{q:f}"
