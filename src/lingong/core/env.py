"""Typed helpers that read settings from the environment and fail loudly on bad values.

Modelled on healthchecks' ``envbool``/``envint``: every setting the platform reads comes
through one of these, so a typo in a deployment is an error at start-up, not a surprise later.
"""

from __future__ import annotations

import os
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit


class ImproperlyConfiguredEnv(RuntimeError):
    """A variable is present but cannot be parsed, or is required and missing."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfiguredEnv(f"Environment variable {name} is required but not set.")
        if default is None:
            return ""
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfiguredEnv(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off).")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfiguredEnv(f"{name}={raw!r} is not an integer.") from exc
    if minimum is not None and value < minimum:
        raise ImproperlyConfiguredEnv(f"{name}={value} is below the minimum {minimum}.")
    if maximum is not None and value > maximum:
        raise ImproperlyConfiguredEnv(f"{name}={value} is above the maximum {maximum}.")
    return value


def env_decimal(name: str, default: str) -> Decimal:
    raw = os.environ.get(name)
    text = default if raw is None or raw.strip() == "" else raw
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ImproperlyConfiguredEnv(f"{name}={raw!r} is not a decimal number.") from exc
    if not value.is_finite():
        raise ImproperlyConfiguredEnv(f"{name}={raw!r} is not a finite decimal number.")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_origin(name: str) -> str:
    """A public base URL such as ``https://lingong.example.org`` or ``http://192.168.1.20:8100``.

    Only an origin (scheme, host, optional port) is accepted: paths come from ``reverse()``, which already
    adds any script prefix, so a path here would be doubled. Returns ``""`` when the variable is unset.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ""
    value = raw.rstrip("/")
    try:
        parts = urlsplit(value)
        port = parts.port  # raises ValueError on a port out of range or not a number
    except ValueError as exc:
        raise ImproperlyConfiguredEnv(f"{name}={raw!r} is not a URL: {exc}.") from exc
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ImproperlyConfiguredEnv(f"{name}={raw!r} must start with http:// or https:// and name a host.")
    if parts.path or parts.query or parts.fragment or parts.username or parts.password:
        raise ImproperlyConfiguredEnv(
            f"{name}={raw!r} must be scheme://host[:port] only, without a path, query, fragment or user."
        )
    if port == 0:
        raise ImproperlyConfiguredEnv(f"{name}={raw!r} has port 0.")
    return f"{parts.scheme}://{parts.netloc.lower()}"
