"""Who is on the other end of a request: the address and browser recorded with signing, logins and reads of
full numbers. One place, so that every record reads them the same way."""

from __future__ import annotations

import ipaddress
from typing import Any

USER_AGENT_MAX = 300


def client_ip(request: Any) -> str | None:
    """The peer address as the server saw it (a proxy in front sets REMOTE_ADDR through its own config, e.g.
    uvicorn --proxy-headers); None when there is no request or the value is not an address."""
    meta = getattr(request, "META", None) or {}
    try:
        return str(ipaddress.ip_address(str(meta.get("REMOTE_ADDR") or "").strip()))
    except ValueError:
        return None


def user_agent(request: Any) -> str:
    """The browser's own description, cut to what the records keep."""
    meta = getattr(request, "META", None) or {}
    return str(meta.get("HTTP_USER_AGENT", ""))[:USER_AGENT_MAX]
