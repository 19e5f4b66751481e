"""Training certificates in the API: issue, verify, the official number of a national certificate."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["training"])
