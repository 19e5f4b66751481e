"""Domain errors raised by services and mapped to responses by the thin API and page layers."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule of the domain refused the request. Carries a stable code and a Chinese message."""

    status = 400
    code = "invalid"

    def __init__(self, message: Any, *, code: str | None = None, errors: dict[str, list[str]] | None = None):
        super().__init__(str(message))
        self.message = str(message)
        if code:
            self.code = code
        self.errors = errors or {}


class InvalidInput(DomainError):
    status = 422
    code = "invalid_input"


class PermissionDeniedError(DomainError):
    status = 403
    code = "forbidden"


class NotFoundError(DomainError):
    status = 404
    code = "not_found"


class ConflictError(DomainError):
    """The request is valid but the current state forbids it (wrong status, no places left...)."""

    status = 409
    code = "conflict"


class RateLimitedError(DomainError):
    status = 429
    code = "rate_limited"


def errors_from_validation(exc: Any) -> dict[str, list[str]]:
    """Turn a Django ValidationError into {field: [messages]}."""
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for e in errs for m in e.messages] for field, errs in exc.error_dict.items()}
    return {"__all__": [str(m) for m in getattr(exc, "messages", [str(exc)])]}
