"""Skill gaps in the API: /api/v1/skills/..."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["skills"])
