"""Dispatch in the API: offers to workers, the household's choice among the top three, recurring plans."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["housekeeping"])
