"""JSON API of one part of the app (/api/v1/...), mounted in lingong/api.py."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["招聘会"])
