"""Pages of one part of the app (see urls.py, which joins the parts under one namespace)."""

from __future__ import annotations

from typing import Any

urlpatterns: list[Any] = []
