from __future__ import annotations

from typing import Any, Generic, TypeVar

from ninja import Schema
from pydantic import BaseModel

T = TypeVar("T")


class ErrorOut(Schema):
    code: str
    message: str
    errors: dict[str, list[str]] = {}


class PageOut(BaseModel, Generic[T]):
    items: list[T]
    page: int
    page_size: int
    total: int
    pages: int


def page_dict(page: Any, items: list[Any]) -> dict[str, Any]:
    return {
        "items": items,
        "page": page.page,
        "page_size": page.page_size,
        "total": page.total,
        "pages": page.pages,
    }


ERRORS: dict[int, type[ErrorOut]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}
