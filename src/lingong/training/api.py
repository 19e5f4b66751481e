"""Orders, courses, enrolment, attendance and results in the API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["training"])
