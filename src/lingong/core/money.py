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


def format_amount(value: Decimal | int | str) -> str:
    """Decimal("1234.5") -> "1,234.50": to the fen, half up, with thousands separators (statements, PDFs)."""
    return f"{to_money(value):,.2f}"


def format_yuan_text(value: Decimal | int | str) -> str:
    """Decimal("1234.5") -> "1,234.50 元"."""
    return f"{format_amount(value)} 元"
