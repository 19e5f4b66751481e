"""The catalogue, quotes and bookings in the API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["housekeeping"])
