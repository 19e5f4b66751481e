"""Signals disputes sends for the apps above it (which disputes never imports)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that closed a complaint, after the close is saved and audited, with
# ``complaint`` (the locked, closed row), ``actor`` (None for a close the platform makes itself) and
# ``reason`` (a CloseReason value). A receiver runs in that same transaction: what it raises rolls the
# close back (and, for a close made by a payment, the payment), so it must yield rather than refuse.
complaint_closed = Signal()
