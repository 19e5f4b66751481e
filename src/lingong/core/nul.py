"""Finding NUL characters in request data.

PostgreSQL text cannot hold a NUL (0x00) character: a string with one reaches the database as a driver
error and the request answers 500 (on SQLite it would be stored). Django's form fields refuse it
(``ProhibitNullCharactersValidator``); the API's schemas and views reading ``request.GET`` do not, so
``core.middleware.NulCharacterMiddleware`` refuses it for every request at once, naming the fields.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

NUL = "\x00"


def fields_with_nul(value: Any, path: str = "") -> list[str]:
    """The dotted names of the strings (keys included) in ``value`` that contain a NUL character."""
    if isinstance(value, str):
        return [path or "body"] if NUL in value else []
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and NUL in key:
                found.append(name)
            found += fields_with_nul(item, name)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found += fields_with_nul(item, f"{path}.{index}" if path else str(index))
    return found


def request_fields_with_nul(request: HttpRequest) -> list[str]:
    """Where in the request (path, query, JSON body or form fields; never file contents) a NUL is."""
    found = ["path"] if NUL in request.path else []
    found += [f"query.{name}" for name in fields_with_nul(_joined(request.GET))]
    content_type = request.content_type or ""
    if content_type == "application/json":
        body = request.body
        if b"\\u0000" in body or b"\x00" in body:
            try:
                found += fields_with_nul(json.loads(body)) or ["body"]
            except ValueError:
                found.append("body")
    elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        found += fields_with_nul(_joined(request.POST))
    return [name.replace(NUL, "") for name in found]


def _joined(data: Any) -> dict[str, str]:
    """A QueryDict as one string per name (every value of a repeated name together)."""
    return {key: "".join(str(v) for v in values) for key, values in data.lists()}


def nul_message() -> str:
    return _("内容中含有不允许的空字符（\\0），请删除后重试。")
